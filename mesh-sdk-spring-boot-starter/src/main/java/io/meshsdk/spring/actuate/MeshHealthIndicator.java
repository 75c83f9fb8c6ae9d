package io.meshsdk.spring.actuate;

import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.mesh.MeshSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    Status status = unreachable ? Status.DOWN : degraded ? Status.OUT_OF_SERVICE : Status.UP;
    return Health.status(status).withDetail("mode", spec.mode().name()).withDetail("clusters", clusters).build();
  }
}
