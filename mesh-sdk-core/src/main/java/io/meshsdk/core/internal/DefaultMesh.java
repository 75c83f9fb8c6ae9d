package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.MembershipChanged;
import io.meshsdk.gateway.MeshGateways;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.inventory.MeshInventory;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.mesh.MeshSidecars;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MembershipContext;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.Versioned;
import io.meshsdk.topology.TopologyReader;
import io.meshsdk.trust.MeshTrust;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on one mesh; state lives in the store, so handles are cheap and never stale. Changes
 * of the clusters a mesh spans hold the mesh's claim and claim each cluster they add (see {@link
 * Claims}), so replicas sharing one store never put one cluster into two meshes.
 */
final class DefaultMesh implements Mesh {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMesh.class);
  private static final int UPDATE_ATTEMPTS = 5;

  private final Engine engine;
  private final String name;
  private final Claims claims;

  DefaultMesh(Engine engine, String name) {
    this.engine = engine;
    this.name = name;
    this.claims = new Claims(engine);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MeshSpec spec() {
    return engine.mesh(name).value();
  }

  @Override
  public MeshSpec join(String cluster) {
    engine.hooks.check(engine.principal, MeshOperation.JOIN, Optional.of(name), Optional.empty());
    MeshSpec joined = engine.hooks.audited(engine.principal, MeshOperation.JOIN, Optional.of(name),
        "cluster " + cluster, () -> joinChecked(cluster));
    membershipChanged(cluster, MembershipChanged.Change.JOINED);
    return joined;
  }

  @Override
  public CompletableFuture<MeshSpec> joinAsync(String cluster) {
    engine.hooks.check(engine.principal, MeshOperation.JOIN, Optional.of(name), Optional.empty());
    try {
      return CompletableFuture.supplyAsync(() -> join(cluster), engine.asyncExecutor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.CONFIGURATION,
          "the executor refused to join cluster " + cluster + " to mesh " + name + "; is the MeshManager closed?", e));
    }
  }

  private void membershipChanged(String cluster, MembershipChanged.Change change) {
    engine.hooks.fire(l -> l.membershipChanged(MembershipChanged.builder().at(engine.hooks.now()).mesh(name)
        .cluster(cluster).change(change).principal(engine.principal).build()));
  }

  private MeshSpec joinChecked(String cluster) {
    requireHosted(engine.mesh(name).value(), "join");
    String attempt = Claims.newAttempt();
    try (Claims.Held mesh = claims.lockMesh(name, "join " + cluster, attempt)) {
      return joinClaimed(cluster, attempt, true);
    }
  }

  /**
   * Joins a cluster while this attempt holds the mesh's claim, so the record read here is the one
   * wiring works from. Claims the cluster for the mesh first, unless the caller already did.
   */
  MeshSpec joinClaimed(String cluster, String attempt, boolean claimCluster) {
    MeshSpec spec = engine.mesh(name).value();
    requireHosted(spec, "join");
    if (spec.controlPlane().map(cluster::equals).orElse(false)) {
      throw new MeshConflictException("cluster " + cluster + " is the control plane of mesh " + name
          + " and cannot also join it as a member");
    }
    if (spec.members().contains(cluster)) {
      throw alreadyMember(cluster);
    }
    Claims.Held claim = claimCluster ? claims.claimCluster(cluster, name, attempt) : null;
    Optional<MembershipWiring> wiring = engine.backend.membership();
    boolean wired = false;
    try {
      // after the claim, so a mesh recorded before claims existed, or a registry removal, is seen
      Membership.requireAvailable(engine, name, List.of(cluster));
      DefaultMeshControlPlane.checkJoin(engine, withMember(spec, cluster), cluster);
      if (wiring.isPresent()) {
        wired = true;
        wiring.get().join(context(withMember(spec, cluster), cluster));
      }
      DefaultMeshControlPlane.joinMember(engine, withMember(spec, cluster), cluster);
      MeshSpec stored = update(latest -> {
        if (latest.members().contains(cluster)) {
          throw alreadyMember(cluster);
        }
        return withMember(latest, cluster);
      });
      if (claim != null) {
        claim.keep();
      }
      LOG.debug("cluster {} joined mesh {}", cluster, name);
      return stored;
    } catch (RuntimeException e) {
      if (wired) {
        undoJoin(wiring.get(), spec, cluster, e);
      }
      if (claim != null) {
        claim.release(e);
      }
      throw e;
    }
  }

  private MeshConflictException alreadyMember(String cluster) {
    return new MeshConflictException(ErrorCode.ALREADY_EXISTS, "cluster.already-member",
        Map.of("cluster", cluster, "mesh", name), "cluster " + cluster + " is already a member of mesh " + name);
  }

  private MeshSpec withMember(MeshSpec spec, String cluster) {
    List<String> members = new ArrayList<>(spec.members());
    members.add(cluster);
    return MeshSpec.hosted(name).from(spec).members(members).build();
  }

  /**
   * Removes what a failed join wired, keeping the original failure as the one reported. Works
   * from the latest stored record, so that what the mesh needs now (another member's east-west
   * gateway) stays; if the cluster is a member by now, another attempt joined it and everything
   * wired is needed.
   */
  private void undoJoin(MembershipWiring wiring, MeshSpec read, String cluster, RuntimeException failure) {
    try {
      Optional<Versioned<MeshSpec>> latest = engine.store.mesh(name);
      if (latest.isPresent() && latest.get().value().clusters().contains(cluster)) {
        LOG.debug("cluster {} is a member of mesh {} by another attempt; keeping its wiring", cluster, name);
        return;
      }
      wiring.leave(context(latest.map(Versioned::value).orElse(read), cluster));
    } catch (RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  @Override
  public MeshSpec leave(String cluster) {
    engine.hooks.check(engine.principal, MeshOperation.LEAVE, Optional.of(name), Optional.empty());
    MeshSpec left = engine.hooks.audited(engine.principal, MeshOperation.LEAVE, Optional.of(name),
        "cluster " + cluster, () -> leaveChecked(cluster));
    membershipChanged(cluster, MembershipChanged.Change.LEFT);
    return left;
  }

  private MeshSpec leaveChecked(String cluster) {
    requireHosted(engine.mesh(name).value(), "leave");
    try (Claims.Held mesh = claims.lockMesh(name, "leave " + cluster, Claims.newAttempt())) {
      return leaveClaimed(cluster);
    }
  }

  /** Removes a member while this attempt holds the mesh's claim, then gives up the cluster's claim. */
  MeshSpec leaveClaimed(String cluster) {
    MeshSpec spec = engine.mesh(name).value();
    requireHosted(spec, "leave");
    requireMember(spec, cluster);
    List<String> members = new ArrayList<>(spec.members());
    members.remove(cluster);
    MeshSpec left = MeshSpec.hosted(name).from(spec).members(members).build();
    MeshTeardown teardown = new MeshTeardown(engine, spec);
    teardown.checkLeaving(cluster);
    // unwire first: if that fails the cluster stays a member and leave can be called again
    engine.backend.membership().ifPresent(w -> w.leave(context(left, cluster)));
    teardown.removeFromMember(cluster);
    MeshSpec stored = update(latest -> {
      List<String> remaining = new ArrayList<>(latest.members());
      remaining.remove(cluster);
      return MeshSpec.hosted(name).from(latest).members(remaining).build();
    });
    claims.releaseCluster(cluster, name);
    LOG.debug("cluster {} left mesh {}", cluster, name);
    return stored;
  }

  @Override
  public void rotateCredentials(String cluster) {
    engine.hooks.check(engine.principal, MeshOperation.ROTATE_CREDENTIALS, Optional.of(name), Optional.empty());
    engine.hooks.audited(engine.principal, MeshOperation.ROTATE_CREDENTIALS, Optional.of(name), "cluster " + cluster,
        () -> {
          rotateChecked(cluster);
          return null;
        });
  }

  private void rotateChecked(String cluster) {
    MeshSpec spec = spec();
    requireHosted(spec, "rotate the credentials of");
    requireMember(spec, cluster);
    MembershipWiring wiring = engine.backend.membership().orElseThrow(() -> new UnsupportedCapabilityException(
        "the " + engine.backend.id() + " backend keeps no credentials for members, so there are none to rotate"));
    wiring.rotateCredentials(context(spec, cluster));
    LOG.debug("rotated the credentials of member {} of mesh {}", cluster, name);
  }

  private void requireMember(MeshSpec spec, String cluster) {
    if (!spec.members().contains(cluster)) {
      throw new MeshNotFoundException("cluster " + cluster + " is not a member of mesh " + name);
    }
  }

  MembershipContext context(MeshSpec spec, String member) {
    return context(spec, member, clusters(spec));
  }

  /** The context of a member, with the mesh's clusters as read once for several members. */
  MembershipContext context(MeshSpec spec, String member, List<ClusterSpec> clusters) {
    ClusterSpec registered = clusters.stream().filter(c -> c.name().equals(member)).findFirst()
        .or(() -> engine.store.cluster(member).map(Versioned::value))
        .orElseThrow(() -> new MeshNotFoundException("cluster.not-registered", Map.of("cluster", member),
            "cluster " + member + " is not registered"));
    return MembershipContext.builder()
        .mesh(spec)
        .member(registered)
        .clusters(clusters)
        .connections(engine::connection)
        .ownershipLabels(Ownership.selector(name))
        .clock(engine.settings.clock())
        .build();
  }

  /** The registered clusters the mesh spans, in its order. */
  List<ClusterSpec> clusters(MeshSpec spec) {
    List<ClusterSpec> clusters = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      engine.store.cluster(cluster).map(Versioned::value).ifPresent(clusters::add);
    }
    return clusters;
  }

  /** Read, change, write with the version read; another writer in between makes us read again. */
  private MeshSpec update(UnaryOperator<MeshSpec> change) {
    for (int attempt = 1; ; attempt++) {
      Versioned<MeshSpec> current = engine.mesh(name);
      MeshSpec next = change.apply(current.value());
      try {
        MeshSpec stored = engine.store.updateMesh(next, current.version()).value();
        LOG.debug("mesh {} now spans {}", name, stored.clusters());
        return stored;
      } catch (MeshConflictException e) {
        if (e.code() != ErrorCode.CONFLICT || attempt >= UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void requireHosted(MeshSpec spec, String operation) {
    if (spec.mode() != MeshMode.HOSTED) {
      throw new UnsupportedCapabilityException("cannot " + operation + " mesh " + name + ": it is " + spec.mode()
          + ", whose membership is fixed; only HOSTED meshes take members that join and leave");
    }
  }

  @Override
  public MeshSidecars sidecars() {
    return new DefaultMeshSidecars(engine, name);
  }

  @Override
  public MeshPolicies policies() {
    return new DefaultMeshPolicies(engine, name);
  }

  @Override
  public TopologyReader topology() {
    return new DefaultTopologyReader(engine, name);
  }

  @Override
  public MeshInventory inventory() {
    return new DefaultMeshInventory(engine, name);
  }

  @Override
  public MeshControlPlane controlPlane() {
    return new DefaultMeshControlPlane(engine, name);
  }

  @Override
  public MeshGateways gateways() {
    return new DefaultMeshGateways(engine, name);
  }

  @Override
  public MeshTrust trust() {
    return new DefaultMeshTrust(engine, name);
  }

  @Override
  public AnalysisReport analyze(AnalysisOptions options) {
    return Analyses.visible(engine, name, new Analyses(engine).live(name, options));
  }

  @Override
  public String toString() {
    return "Mesh[" + name + "]";
  }
}
