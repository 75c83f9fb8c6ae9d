package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ControlPlaneLifecycle;
import io.meshsdk.spi.GatewayInstances;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a mesh removes besides its record, and leaving removes from a member: the
 * lifecycle objects the mesh owns on the cluster — gateway instances, the CA objects of its root
 * of trust, its control plane — found by the mesh's ownership labels and their component label,
 * so that nothing another mesh or tool wrote is touched, and no namespace. The root's key goes
 * from the store's secret storage once no record refers to it.
 *
 * <p>A mesh whose control plane still serves workloads is not torn down: deleting it would take
 * istiod away from running proxies.
 */
final class MeshTeardown {
  private static final Logger LOG = LoggerFactory.getLogger(MeshTeardown.class);

  private final Engine engine;
  private final MeshSpec spec;

  MeshTeardown(Engine engine, MeshSpec spec) {
    this.engine = engine;
    this.spec = spec;
  }

  /** Refuses the deletion while members or proxies still depend on what the mesh runs; reads only. */
  void check() {
    if (spec.mode() == MeshMode.HOSTED && !spec.members().isEmpty()) {
      throw new MeshConflictException("mesh " + spec.name() + " still has members " + spec.members()
          + "; let them leave first (mesh.leave), which takes back what joining wired on each");
    }
    if (spec.istio().isPresent() && engine.backend.controlPlane().isPresent()) {
      List<String> users = new DefaultMeshControlPlane(engine, spec.name()).proxies(spec, spec.dataPlaneClusters());
      if (!users.isEmpty()) {
        throw new MeshConflictException("mesh " + spec.name() + " still has workloads whose proxies its control"
            + " plane serves: " + String.join(", ", users) + "; remove their sidecars (sidecars().disableInjection"
            + " and a restart) before deleting the mesh, or they lose istiod");
      }
    }
  }

  /** Refuses a member's leaving while pods on it run a proxy from the mesh's control plane; reads only. */
  void checkLeaving(String member) {
    if (spec.istio().isPresent() && engine.backend.controlPlane().isPresent()) {
      List<String> users = new DefaultMeshControlPlane(engine, spec.name()).proxies(spec, List.of(member));
      if (!users.isEmpty()) {
        throw new MeshConflictException("cluster " + member + " cannot leave mesh " + spec.name() + ": workloads"
            + " there run proxies its control plane serves: " + String.join(", ", users) + "; remove their sidecars"
            + " (sidecars().disableInjection and a restart) first, or they lose istiod");
      }
    }
  }

  /** Deletes the lifecycle objects the mesh owns on its clusters, gateways first and the control plane last. */
  void removeObjects() {
    removeObjects(spec.clusters(), "mesh " + spec.name() + " was not deleted");
  }

  /** Deletes the lifecycle objects the mesh owns on a member that leaves. */
  void removeFromMember(String member) {
    removeObjects(List.of(member), "cluster " + member + " did not leave mesh " + spec.name());
  }

  private void removeObjects(List<String> clusters, String failed) {
    List<ResourceChange> deletions = new ArrayList<>();
    for (String cluster : clusters) {
      ClusterConnection connection = engine.connection(cluster);
      engine.backend.gateways().ifPresent(g -> collect(deletions, connection, reversed(g.resourceTypes()),
          GatewayInstances.COMPONENT));
      // CAs are issued from a recorded root only, and a control plane installed for a recorded install only
      if (spec.trustRoot().isPresent()) {
        engine.backend.trust().ifPresent(t -> collect(deletions, connection, List.of(t.caType()),
            DefaultMeshTrust.COMPONENT));
      }
      if (spec.istio().isPresent()) {
        engine.backend.controlPlane().ifPresent(c -> collect(deletions, connection, reversed(c.resourceTypes()),
            ControlPlaneLifecycle.COMPONENT));
      }
    }
    if (deletions.isEmpty()) {
      return;
    }
    ApplyResult result = new DefaultPlan(engine, spec.name(), deletions).operation(MeshOperation.DELETE_MESH)
        .apply(ApplyMode.STANDARD, Preflight.SKIP); // the mesh is going: nothing is left to judge
    if (!result.successful()) {
      throw new MeshException(ErrorCode.CONFLICT, failed + ": removing what the mesh runs there failed: "
          + result.failures().stream()
              .flatMap(c -> c.outcomes().stream()
                  .filter(o -> o.status() == ObjectOutcome.Status.FAILED)
                  .map(o -> o.ref() + " on cluster " + c.cluster() + ": " + o.error().orElse("")))
              .collect(Collectors.joining("; ")));
    }
    LOG.debug("removed {} lifecycle objects of mesh {} from {}", deletions.size(), spec.name(), clusters);
  }

  /**
   * Once the record is gone, deletes the lifecycle objects (gateways, CAs, control plane) that
   * still carry the mesh's labels: what another replica applied for the mesh after {@link
   * #removeObjects()} listed the clusters and before the record went. Runs while the caller holds
   * the mesh's claim, so no new mesh of the same name can own anything yet; an apply that writes
   * after this finds the record gone and takes its objects back itself. Where the deletion's claim
   * is stored, objects of policies are left to that apply: it saw the claim, and one it adopted
   * goes back to how it was instead of being deleted. A store that keeps no claims gives applies
   * nothing to see, so there they are deleted too. Failures are logged, not thrown: the mesh is
   * deleted.
   *
   * @param claimStored whether the deletion's claim on the mesh is held in the store
   */
  void sweepAfterRecord(boolean claimStored) {
    Set<ResourceType> types = new LinkedHashSet<>(engine.resourceTypes());
    engine.backend.gateways().ifPresent(g -> types.addAll(g.resourceTypes()));
    engine.backend.trust().ifPresent(t -> types.add(t.caType()));
    if (spec.istio().isPresent()) {
      engine.backend.controlPlane().ifPresent(c -> types.addAll(c.resourceTypes()));
    }
    types.removeIf(t -> t.kind().equals("Namespace")); // never a namespace
    for (String cluster : spec.clusters()) {
      try {
        ClusterConnection connection = engine.connection(cluster);
        for (ResourceType type : types) {
          for (MeshResource object : listServed(connection, type, Ownership.selector(spec.name()))) {
            if (claimStored && object.labels().containsKey(Ownership.POLICY)) {
              continue;
            }
            connection.delete(type, object.namespace().orElse(null), object.name(), object.resourceVersion());
            LOG.debug("removed {} from cluster {}: it was written for mesh {} while the mesh was deleted",
                object.ref(), cluster, spec.name());
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("mesh {} was deleted; looking for objects written for it meanwhile on cluster {} failed ({}); its"
            + " objects carry the label {}={}", spec.name(), cluster, e.getMessage(), Ownership.MESH, spec.name());
      }
    }
  }

  /** Removes the root's key from the store's secret storage, once the record no longer refers to it. */
  void removeRootKey() {
    spec.trustRoot().ifPresent(location -> {
      try {
        engine.store.deleteSecret(location);
      } catch (RuntimeException e) {
        // the mesh is gone; the key is not reachable through the SDK any more, but is still kept
        LOG.warn("mesh {} was deleted, but removing its root of trust from the store's secret storage at {} failed"
            + " ({}); remove it there", spec.name(), location, e.getClass().getSimpleName());
      }
    });
  }

  private void collect(List<ResourceChange> deletions, ClusterConnection connection, List<ResourceType> types,
      String component) {
    Map<String, String> selector = new LinkedHashMap<>(Ownership.selector(spec.name()));
    selector.put(MembershipWiring.COMPONENT_LABEL, component);
    for (ResourceType type : types) {
      for (MeshResource object : listServed(connection, type, selector)) {
        if (Ownership.ownedBy(object, spec.name())) {
          deletions.add(ResourceChange.builder().cluster(connection.cluster()).ref(object.ref())
              .action(ChangeAction.DELETE).live(object).build());
        }
      }
    }
  }

  /** The objects of a kind; none where the kind is not served. */
  private static List<MeshResource> listServed(ClusterConnection connection, ResourceType type,
      Map<String, String> selector) {
    try {
      return connection.list(type, null, selector);
    } catch (MeshException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      return List.of();
    }
  }

  private static List<ResourceType> reversed(List<ResourceType> types) {
    List<ResourceType> out = new ArrayList<>(types);
    Collections.reverse(out);
    return out;
  }
}
