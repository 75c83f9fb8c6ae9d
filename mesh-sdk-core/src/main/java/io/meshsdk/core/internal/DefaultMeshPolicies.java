package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.event.DriftFound;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.plan.SerializedPlan;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    List<? extends Policy> copy = List.copyOf(policies);
    check(MeshOperation.APPLY, copy.stream().map(Policy::namespace));
    Instant started = engine.hooks.now();
    return planner.plan(mesh, copy).operation(MeshOperation.APPLY).computed(started);
  }

  @Override
  public List<DiscoveredPolicy> discover() {
    engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.empty());
    return new Discovery(engine, mesh, placement).discover().stream()
        .filter(d -> engine.hooks.permits(engine.principal, MeshOperation.READ, mesh,
            Optional.of(d.policy().namespace())))
        .collect(Collectors.toList());
  }

  @Override
  public Plan adopt(List<? extends Policy> policies) {
    List<? extends Policy> copy = List.copyOf(policies);
    check(MeshOperation.ADOPT, copy.stream().map(Policy::namespace));
    Instant started = engine.hooks.now();
    return planner.plan(mesh, copy, true).operation(MeshOperation.ADOPT).computed(started);
  }

  @Override
  public Plan planDeletion(List<PolicyRef> policies) {
    List<PolicyRef> copy = List.copyOf(policies);
    check(MeshOperation.DELETE, copy.stream().map(PolicyRef::namespace));
    Instant started = engine.hooks.now();
    return planner.planDeletion(mesh, copy).operation(MeshOperation.DELETE).computed(started);
  }

  /** Refuses, before anything is read, an operation the access policy does not allow in one of its namespaces. */
  private void check(MeshOperation operation, Stream<String> namespaces) {
    for (String namespace : namespaces.collect(Collectors.toCollection(TreeSet::new))) {
      engine.hooks.check(engine.principal, operation, Optional.of(mesh), Optional.of(namespace));
    }
  }

  /** The policies read back from their intents; an object whose intent cannot be read is skipped (drift reports it). */
  @Override
  public List<Policy> list() {
    // not refused: a principal limited to some namespaces sees the policies of those
    return readPolicies();
  }

  /** The policies in force; under an access policy, only those in namespaces the principal may read. */
  private List<Policy> readPolicies() {
    List<MeshResource> objects = new ArrayList<>();
    readResources().values().forEach(objects::addAll);
    TreeMap<PolicyRef, Policy> policies = StoredIntents.read(objects, p -> planner.carrierOf(mesh, p)).listed();
    return policies.values().stream()
        .filter(p -> engine.hooks.permits(engine.principal, MeshOperation.READ, mesh, Optional.of(p.namespace())))
        .collect(Collectors.toList());
  }

  @Override
  public List<Policy> affecting(String host) {
    Inputs v = new Inputs().notBlank("host", host);
    if (host != null && !host.isBlank() && host.indexOf('.') < 0 && !host.contains("*")) {
      v.add("host", "\"" + host + "\" is a short name; give it as name.namespace, or pass the namespace"
          + " to affecting(namespace, host)");
    }
    v.throwIfAny("host");
    return PolicyMatch.affectingHost(readPolicies(), host);
  }

  @Override
  public List<Policy> affecting(String namespace, String host) {
    new Inputs().namespace("namespace", namespace).notBlank("host", host).throwIfAny("host");
    return affecting(host.indexOf('.') < 0 && !host.contains("*") ? host + "." + namespace : host);
  }

  @Override
  public List<Policy> affectingWorkload(String namespace, Map<String, String> labels) {
    Inputs v = new Inputs().namespace("namespace", namespace);
    if (labels == null) {
      v.add("labels", "must not be null");
    }
    v.throwIfAny("workload");
    engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.of(namespace));
    return PolicyMatch.affectingWorkload(readPolicies(), namespace, labels);
  }

  @Override
  public Optional<Policy> find(PolicyRef ref) {
    return list().stream().filter(p -> p.ref().equals(ref)).findFirst();
  }

  @Override
  public DriftReport drift() {
    engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.empty());
    DriftReport report = new DriftDetector(engine, planner).detect(mesh);
    if (report.hasDrift()) {
      engine.hooks.fire(l -> l.driftFound(DriftFound.builder().at(engine.hooks.now()).mesh(mesh).report(report).build()));
    }
    return report;
  }

  @Override
  public Plan planReconcile() {
    engine.hooks.check(engine.principal, MeshOperation.RECONCILE, Optional.of(mesh), Optional.empty());
    Instant started = engine.hooks.now();
    DriftDetector.Intents intents = new DriftDetector(engine, planner).read(mesh);
    return planner.planReconcile(mesh, new ArrayList<>(intents.trusted.values()), intents.live)
        .operation(MeshOperation.RECONCILE).computed(started);
  }

  /** Deletes what policies left behind that no readable intent claims; see {@link Planner#planOrphans}. */
  DefaultPlan planOrphans() {
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
      for (Map.Entry<MeshResource, Boolean> side : sides(change)) {
        MeshResource object = side.getKey();
        // an adoption reads an object none of the SDK owns yet, and writes it as this mesh's
        boolean adopted = change.action() == ChangeAction.ADOPT && side.getValue() && Adoption.adoptable(object);
        if (!object.ref().equals(change.ref()) || !(adopted || Ownership.ownedBy(object, mesh))) {
          throw new MeshException(ErrorCode.INVALID_INPUT, "plan.foreign-object",
              Map.of("object", change.ref().toString(), "cluster", change.cluster(), "mesh", mesh),
              "the plan's change of " + change.ref() + " on cluster " + change.cluster() + " holds an object that"
                  + " is not " + change.ref() + " owned by mesh-sdk for mesh " + mesh, null);
        }
      }
    }
    return new DefaultPlan(engine, mesh, plan.changes());
  }

  /** The objects of a change, each with whether it is the live one. */
  private static List<Map.Entry<MeshResource, Boolean>> sides(ResourceChange change) {
    List<Map.Entry<MeshResource, Boolean>> sides = new ArrayList<>(2);
    change.live().ifPresent(o -> sides.add(Map.entry(o, true)));
    change.desired().ifPresent(o -> sides.add(Map.entry(o, false)));
    return sides;
  }

  @Override
  public Map<String, List<MeshResource>> resources() {
    engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.empty());
    return readResources();
  }

  private Map<String, List<MeshResource>> readResources() {
    Map<String, List<MeshResource>> byCluster = new LinkedHashMap<>();
    for (String cluster : placement.clusters(engine.mesh(mesh).value())) {
      List<MeshResource> objects = new ArrayList<>(planner.readLive(engine.connection(cluster), mesh, null));
      objects.sort((a, b) -> a.ref().compareTo(b.ref()));
      byCluster.put(cluster, List.copyOf(objects));
    }
    return byCluster;
  }
}
