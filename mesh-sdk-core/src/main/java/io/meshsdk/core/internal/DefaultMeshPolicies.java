package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.plan.SerializedPlan;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The policy operations of one mesh. */
final class DefaultMeshPolicies implements MeshPolicies {
  private final Engine engine;
  private final String mesh;
  private final Planner planner;

  private final Placement placement;

  DefaultMeshPolicies(Engine engine, String mesh) {
    this(engine, mesh, Placement.everyConfigCluster());
  }

  private DefaultMeshPolicies(Engine engine, String mesh, Placement placement) {
    this.engine = engine;
    this.mesh = mesh;
    this.placement = placement;
    this.planner = new Planner(engine, placement);
  }

  @Override
  public MeshPolicies onCluster(String cluster) {
    return new DefaultMeshPolicies(engine, mesh, Placement.only(cluster));
  }

  @Override
  public Plan plan(List<? extends Policy> policies) {
    return planner.plan(mesh, List.copyOf(policies));
  }

  @Override
  public Plan planDeletion(List<PolicyRef> policies) {
    return planner.planDeletion(mesh, List.copyOf(policies));
  }

  /** The policies read back from their intents; an object whose intent cannot be read is skipped (drift reports it). */
  @Override
  public List<Policy> list() {
    TreeMap<PolicyRef, Policy> policies = new TreeMap<>();
    for (List<MeshResource> objects : resources().values()) {
      for (MeshResource object : objects) {
        Ownership.intent(object).ifPresent(p -> policies.putIfAbsent(p.ref(), p));
      }
    }
    return new ArrayList<>(policies.values());
  }

  @Override
  public Optional<Policy> find(PolicyRef ref) {
    return list().stream().filter(p -> p.ref().equals(ref)).findFirst();
  }

  @Override
  public DriftReport drift() {
    return new DriftDetector(engine, planner).detect(mesh);
  }

  @Override
  public Plan planReconcile() {
    DriftDetector.Intents intents = new DriftDetector(engine, planner).read(mesh);
    return planner.planReconcile(mesh, new ArrayList<>(intents.trusted.values()), intents.live);
  }

  /** Deletes what policies left behind that no readable intent claims; see {@link Planner#planOrphans}. */
  Plan planOrphans() {
    return planner.planOrphans(mesh);
  }

  /**
   * Binds a serialised plan to this mesh after checking that it only touches what this mesh's
   * policies may: its config clusters, and objects the SDK owns for this mesh.
   */
  @Override
  public Plan restore(String json) {
    SerializedPlan plan = SerializedPlan.parse(json);
    if (!plan.mesh().equals(mesh)) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "plan.other-mesh", Map.of("plan", plan.mesh(), "mesh", mesh),
          "the plan is for mesh " + plan.mesh() + ", not " + mesh + "; restore it through mesh " + plan.mesh(), null);
    }
    List<String> clusters = placement.clusters(engine.mesh(mesh).value());
    for (ResourceChange change : plan.changes()) {
      if (!clusters.contains(change.cluster())) {
        throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "plan.cluster-outside-mesh",
            Map.of("cluster", change.cluster(), "mesh", mesh),
            "the plan writes " + change.ref() + " to cluster " + change.cluster() + ", which is not a config"
                + " cluster of mesh " + mesh + " " + clusters, null);
      }
      for (MeshResource object : List.of(change.live(), change.desired()).stream()
          .flatMap(Optional::stream).collect(java.util.stream.Collectors.toList())) {
        if (!object.ref().equals(change.ref()) || !Ownership.ownedBy(object, mesh)) {
          throw new MeshException(ErrorCode.INVALID_INPUT, "plan.foreign-object",
              Map.of("object", change.ref().toString(), "cluster", change.cluster(), "mesh", mesh),
              "the plan's change of " + change.ref() + " on cluster " + change.cluster() + " holds an object that"
                  + " is not " + change.ref() + " owned by mesh-sdk for mesh " + mesh, null);
        }
      }
    }
    return new DefaultPlan(engine, mesh, plan.changes());
  }

  @Override
  public Map<String, List<MeshResource>> resources() {
    Map<String, List<MeshResource>> byCluster = new LinkedHashMap<>();
    for (String cluster : placement.clusters(engine.mesh(mesh).value())) {
      List<MeshResource> objects = new ArrayList<>(planner.readLive(engine.connection(cluster), mesh, null));
      objects.sort((a, b) -> a.ref().compareTo(b.ref()));
      byCluster.put(cluster, List.copyOf(objects));
    }
    return byCluster;
  }
}
