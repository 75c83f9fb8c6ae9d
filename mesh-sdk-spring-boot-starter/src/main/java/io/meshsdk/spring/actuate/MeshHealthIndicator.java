package io.meshsdk.spring.actuate;

import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.trust.TrustState;
import io.meshsdk.trust.TrustStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one mesh: {@code UP} when every cluster of the mesh (control plane, members,
 * primaries) is reachable, {@code DOWN} when any is unreachable or no longer registered, {@code
 * OUT_OF_SERVICE} when none is unreachable but some are degraded (see {@link
 * ClusterHealthIndicator}). A mesh without clusters is {@code UP}. Details: the mesh's {@code
 * mode} and each cluster's verdict under {@code clusters}. {@code UNKNOWN} when the mesh no longer
 * exists or the registry could not be read.
 *
 * <p>Once every cluster is reachable, what the SDK manages for the mesh counts too: a control
 * plane it installed ({@link MeshSpec#istio()}) that the operator does not report ready, or a
 * cluster whose CA chain does not verify against the mesh's root of trust ({@link
 * MeshSpec#trustRoot()}), or whose istiod has not loaded it, makes the mesh {@code
 * OUT_OF_SERVICE}. Details: {@code controlPlane}
 * (version, canary, active revision, readiness, revisions) and {@code trust} (each cluster's
 * {@link io.meshsdk.trust.TrustState}); what could not be read is under {@code problems}.
 *
 * @since 0.2.0
 */
public final class MeshHealthIndicator implements HealthIndicator {
  private final MeshManager manager;
  private final String mesh;

  /**
   * Reports on one mesh.
   *
   * @param manager the manager the mesh belongs to
   * @param mesh the mesh's name
   */
  public MeshHealthIndicator(MeshManager manager, String mesh) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.mesh = Objects.requireNonNull(mesh, "mesh");
  }

  @Override
  public Health health() {
    MeshSpec spec;
    try {
      spec = manager.get(mesh).spec();
    } catch (MeshNotFoundException e) {
      return Health.unknown().withDetail("problems", List.of("mesh " + mesh + " does not exist")).build();
    } catch (MeshException e) {
      return Health.unknown().withDetail("problems", List.of(String.valueOf(e.getMessage()))).build();
    }
    Map<String, String> clusters = new LinkedHashMap<>();
    boolean unreachable = false;
    boolean degraded = false;
    for (String cluster : spec.clusters()) {
      String verdict;
      try {
        ClusterHealth.Status status = manager.clusters().health(cluster).status();
        unreachable |= status == ClusterHealth.Status.UNREACHABLE;
        degraded |= status == ClusterHealth.Status.DEGRADED;
        verdict = status.name();
      } catch (MeshNotFoundException e) {
        unreachable = true;
        verdict = "NOT_REGISTERED";
      } catch (MeshException e) {
        unreachable = true;
        verdict = "UNKNOWN";
      }
      clusters.put(cluster, verdict);
    }
    Health.Builder health = Health.unknown().withDetail("mode", spec.mode().name()).withDetail("clusters", clusters);
    if (!unreachable) {
      degraded |= !managed(spec, health);
    }
    return health.status(unreachable ? Status.DOWN : degraded ? Status.OUT_OF_SERVICE : Status.UP).build();
  }

  /** Adds what the SDK manages for the mesh; whether all of it is in order. */
  private boolean managed(MeshSpec spec, Health.Builder health) {
    boolean healthy = true;
    List<String> problems = new ArrayList<>();
    if (spec.istio().isPresent()) {
      try {
        ControlPlaneStatus status = manager.get(mesh).controlPlane().status();
        Map<String, Object> controlPlane = new LinkedHashMap<>();
        controlPlane.put("cluster", status.cluster());
        controlPlane.put("version", status.version());
        status.canaryVersion().ifPresent(c -> controlPlane.put("canaryVersion", c));
        status.activeRevision().ifPresent(r -> controlPlane.put("activeRevision", r));
        controlPlane.put("ready", status.ready());
        controlPlane.put("revisions", status.revisions().stream().map(ControlPlaneRevision::name)
            .collect(Collectors.toList()));
        health.withDetail("controlPlane", controlPlane);
        healthy = status.ready();
      } catch (MeshException e) {
        problems.add("control plane: " + e.getMessage());
        healthy = false;
      }
    }
    if (spec.trustRoot().isPresent()) {
      try {
        Map<String, String> trust = new LinkedHashMap<>();
        for (TrustStatus status : manager.get(mesh).trust().status()) {
          trust.put(status.cluster(), status.state().name());
          healthy &= status.state() == TrustState.VERIFIED;
        }
        health.withDetail("trust", trust);
      } catch (MeshException e) {
        problems.add("trust: " + e.getMessage());
        healthy = false;
      }
    }
    if (!problems.isEmpty()) {
      health.withDetail("problems", problems);
    }
    return healthy;
  }
}
