package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.cluster.ClusterRegistry;
import io.meshsdk.event.MembershipChanged;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Preflight;
import io.meshsdk.spi.Versioned;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link MeshManager}. Creating and deleting a mesh hold the mesh's claim, and a
 * mesh is created only once every cluster it names is claimed for it (see {@link Claims}).
 */
final class DefaultMeshManager implements MeshManager {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshManager.class);

  private final Engine engine;
  private final DefaultClusterRegistry clusters;
  private final Claims claims;

  DefaultMeshManager(Engine engine) {
    this.engine = engine;
    this.clusters = new DefaultClusterRegistry(engine);
    this.claims = new Claims(engine);
  }

  @Override
  public AnalysisReport analyzeFiles(List<Path> paths, AnalysisOptions options) {
    return new Analyses(engine).files(paths, options);
  }

  @Override
  public ClusterRegistry clusters() {
    return clusters;
  }

  @Override
  public MeshManager as(String principal) {
    new Inputs().notBlank("principal", principal).throwIfAny("principal");
    return new DefaultMeshManager(engine.as(principal));
  }

  @Override
  public Optional<String> principal() {
    return engine.principal;
  }

  @Override
  public Mesh create(MeshSpec spec) {
    engine.hooks.check(engine.principal, MeshOperation.CREATE_MESH, Optional.of(spec.name()), Optional.empty());
    DefaultMeshControlPlane.validate(engine, spec);
    Mesh created = engine.hooks.audited(engine.principal, MeshOperation.CREATE_MESH, Optional.of(spec.name()),
        "clusters " + spec.clusters(), () -> createChecked(spec));
    // members named at creation joined one by one, and are told as such once the mesh exists
    if (spec.mode() == MeshMode.HOSTED) {
      for (String member : spec.members()) {
        engine.hooks.fire(l -> l.membershipChanged(MembershipChanged.builder().at(engine.hooks.now())
            .mesh(spec.name()).cluster(member).change(MembershipChanged.Change.JOINED)
            .principal(engine.principal).build()));
      }
    }
    spec.istio().ifPresent(install -> created.controlPlane().awaitReady(install.readyTimeout()));
    return created;
  }

  private Mesh createChecked(MeshSpec spec) {
    String attempt = Claims.newAttempt();
    try (Claims.Held lock = claims.lockMesh(spec.name(), "create", attempt)) {
      if (engine.store.mesh(spec.name()).isPresent()) {
        throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "a mesh named " + spec.name() + " already exists");
      }
      // every cluster is claimed before the record names it, the control plane included
      List<Claims.Held> taken = new ArrayList<>();
      try {
        for (String cluster : spec.clusters()) {
          taken.add(claims.claimCluster(cluster, spec.name(), attempt));
        }
        Membership.requireAvailable(engine, spec.name(), spec.clusters());
        Mesh mesh;
        if (spec.istio().isPresent()) {
          // the control plane first: members joining next find it
          DefaultMeshControlPlane.install(engine, MeshSpec.hosted(spec.name()).from(spec)
              .members(spec.mode() == MeshMode.HOSTED ? List.of() : spec.members()).build());
          try {
            mesh = createClaimed(spec, attempt);
          } catch (RuntimeException e) {
            DefaultMeshControlPlane.uninstall(engine, spec, e);
            throw e;
          }
        } else {
          mesh = createClaimed(spec, attempt);
        }
        taken.forEach(Claims.Held::keep);
        return mesh;
      } catch (RuntimeException e) {
        taken.forEach(claim -> claim.release(e));
        throw e;
      }
    }
  }

  /** Creates the record and wires the members, while this attempt holds the mesh and all its clusters. */
  private Mesh createClaimed(MeshSpec spec, String attempt) {
    if (spec.mode() != MeshMode.HOSTED || spec.members().isEmpty()) {
      engine.store.createMesh(spec);
      LOG.debug("created {} mesh {} on clusters {}", spec.mode(), spec.name(), spec.clusters());
      return new DefaultMesh(engine, spec.name());
    }
    // members of a hosted mesh are wired exactly as if they joined one by one
    engine.store.createMesh(MeshSpec.hosted(spec.name()).from(spec).members(List.of()).build());
    DefaultMesh mesh = new DefaultMesh(engine, spec.name());
    List<String> joined = new ArrayList<>();
    try {
      for (String member : spec.members()) {
        mesh.joinClaimed(member, attempt, false);
        joined.add(member);
      }
    } catch (RuntimeException e) {
      Collections.reverse(joined);
      for (String member : joined) {
        try {
          mesh.leaveClaimed(member);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      try {
        engine.store.deleteMesh(spec.name(), engine.mesh(spec.name()).version());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    LOG.debug("created HOSTED mesh {} on clusters {}", spec.name(), spec.clusters());
    return mesh;
  }

  @Override
  public Mesh get(String name) {
    engine.mesh(name);
    return new DefaultMesh(engine, name);
  }

  @Override
  public Optional<Mesh> find(String name) {
    return engine.store.mesh(name).map(m -> new DefaultMesh(engine, name));
  }

  @Override
  public List<Mesh> list() {
    return engine.store.meshes().stream()
        .map(m -> (Mesh) new DefaultMesh(engine, m.value().name()))
        .collect(Collectors.toList());
  }

  @Override
  public void delete(String name) {
    engine.hooks.check(engine.principal, MeshOperation.DELETE_MESH, Optional.of(name), Optional.empty());
    engine.hooks.audited(engine.principal, MeshOperation.DELETE_MESH, Optional.of(name), "mesh " + name, () -> {
      deleteChecked(name);
      return null;
    });
  }

  private void deleteChecked(String name) {
    engine.mesh(name);
    try (Claims.Held lock = claims.lockMesh(name, Claims.DELETE, Claims.newAttempt())) {
      Versioned<MeshSpec> mesh = engine.mesh(name);
      DefaultMeshPolicies meshPolicies = new DefaultMeshPolicies(engine, name);
      int policies = meshPolicies.list().size();
      if (policies > 0) {
        throw new MeshConflictException("mesh " + name + " still has " + policies
            + " polic" + (policies == 1 ? "y" : "ies") + "; delete them first so that no object is left without an owner");
      }
      MeshTeardown teardown = new MeshTeardown(engine, mesh.value());
      teardown.check();
      // objects whose intent can no longer be read belong to no listed policy, but they are still the mesh's
      ApplyResult orphans = meshPolicies.planOrphans().operation(MeshOperation.DELETE_MESH)
          .apply(ApplyMode.STANDARD, Preflight.SKIP); // the mesh is going: nothing is left to judge
      if (!orphans.successful()) {
        throw new MeshException(ErrorCode.CONFLICT, "mesh " + name + " was not deleted: removing objects left by"
            + " policies whose intent cannot be read failed: " + orphans.failures().stream()
                .flatMap(c -> c.outcomes().stream()
                    .filter(o -> o.status() == ObjectOutcome.Status.FAILED)
                    .map(o -> o.ref() + " on cluster " + c.cluster() + ": " + o.error().orElse("")))
                .collect(Collectors.joining("; ")));
      }
      teardown.removeObjects();
      engine.store.deleteMesh(name, mesh.version());
      teardown.sweepAfterRecord(lock.stored());
      teardown.removeRootKey();
      // only once no record names them are the clusters free for another mesh
      for (String cluster : mesh.value().clusters()) {
        claims.releaseCluster(cluster, name);
      }
    }
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "MeshManager[backend=" + engine.backend.id() + ", connector=" + engine.connector.id() + "]";
  }

}
