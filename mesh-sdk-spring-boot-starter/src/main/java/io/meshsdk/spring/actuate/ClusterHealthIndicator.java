package io.meshsdk.spring.actuate;

import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.IstiodRevision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one registered cluster, from {@link io.meshsdk.cluster.ClusterRegistry#health}:
 * each call probes the cluster's API server.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>cluster</th><th>Actuator status</th></tr>
 *   <tr><td>{@code REACHABLE}</td><td>{@code UP}</td></tr>
 *   <tr><td>{@code DEGRADED} (the API server answered, but some checks failed, typically for
 *   lack of permission)</td><td>{@code OUT_OF_SERVICE}</td></tr>
 *   <tr><td>{@code UNREACHABLE}</td><td>{@code DOWN}</td></tr>
 *   <tr><td>no longer registered, or the registry could not be read</td><td>{@code UNKNOWN}</td></tr>
 * </table>
 *
 * <p>A degraded cluster is {@code OUT_OF_SERVICE} rather than a status of its own because Spring
 * Boot's default status aggregation ignores codes it does not know: a custom {@code DEGRADED}
 * would vanish from the mesh's and the application's overall status unless every application
 * configured {@code management.endpoint.health.status.order}. {@code OUT_OF_SERVICE} ranks between
 * {@code DOWN} and {@code UP} out of the box.
 *
 * <p>Details: {@code clusterStatus} (the SDK's verdict), {@code kubernetesVersion}, {@code
 * latencyMillis}, {@code istioInstalled}, {@code istioCrds} (name to served versions), {@code
 * istiodRevisions}, {@code sidecarInjectorWebhooks}, {@code network}, {@code checkedAt} and {@code
 * problems}. None holds a credential: the probe reports what it found, never how it connected.
 *
 * @since 0.2.0
 */
public final class ClusterHealthIndicator implements HealthIndicator {
  private final MeshManager manager;
  private final String cluster;

  /**
   * Reports on one cluster.
   *
   * @param manager the manager the cluster is registered with
   * @param cluster the cluster's name
   */
  public ClusterHealthIndicator(MeshManager manager, String cluster) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  @Override
  public Health health() {
    ClusterHealth health;
    try {
      health = manager.clusters().health(cluster);
    } catch (MeshNotFoundException e) {
      return Health.unknown().withDetail("problems", List.of("cluster " + cluster + " is not registered")).build();
    } catch (MeshException e) {
      // the registry itself could not be read; that says nothing about the cluster
      return Health.unknown().withDetail("problems", List.of(String.valueOf(e.getMessage()))).build();
    }
    return Health.status(status(health.status())).withDetails(details(health)).build();
  }

  /**
   * The Actuator status of a cluster's verdict.
   *
   * @param status the verdict
   * @return {@code UP}, {@code OUT_OF_SERVICE} or {@code DOWN}
   */
  public static Status status(ClusterHealth.Status status) {
    switch (status) {
      case REACHABLE:
        return Status.UP;
      case DEGRADED:
        return Status.OUT_OF_SERVICE;
      default:
        return Status.DOWN;
    }
  }

  static Map<String, Object> details(ClusterHealth health) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("clusterStatus", health.status().name());
    health.kubernetesVersion().ifPresent(v -> details.put("kubernetesVersion", v));
    health.latency().ifPresent(l -> details.put("latencyMillis", l.toMillis()));
    if (health.reachable()) {
      details.put("istioInstalled", health.istioInstalled());
      details.put("istioCrds", health.istioCrds());
      details.put("istiodRevisions", health.istiodRevisions().stream()
          .map(ClusterHealthIndicator::revision).collect(Collectors.toList()));
      details.put("sidecarInjectorWebhooks", health.sidecarInjectorWebhooks());
    }
    health.network().ifPresent(n -> details.put("network", n));
    details.put("checkedAt", health.checkedAt().toString());
    details.put("problems", health.problems());
    return details;
  }

  private static Map<String, Object> revision(IstiodRevision revision) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("revision", revision.revision());
    revision.version().ifPresent(v -> map.put("version", v));
    map.put("deployment", revision.deployment());
    map.put("readyReplicas", revision.readyReplicas());
    return map;
  }
}
