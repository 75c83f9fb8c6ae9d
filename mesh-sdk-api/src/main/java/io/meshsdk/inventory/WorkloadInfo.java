package io.meshsdk.inventory;

import io.meshsdk.mesh.WorkloadRestart;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Deployment or StatefulSet of a data-plane cluster, with the sidecar state of its running pods
 * and whether it must be restarted to match its injection setting.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class WorkloadInfo {

  WorkloadInfo() {}

  /**
   * Starts an entry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The workload.
   *
   * @return its kind, namespace and name
   */
  public abstract WorkloadRef ref();

  /**
   * The labels of its pod template, which workload-selected policies match.
   *
   * @return the labels
   */
  public abstract Map<String, String> labels();

  /**
   * How many replicas its specification asks for.
   *
   * @return the replicas; 1 when not set, as Kubernetes defaults it
   */
  public abstract int replicas();

  /**
   * Whether new pods get a sidecar, by the injector's rule: the pod template's {@code
   * sidecar.istio.io/inject} label, else the namespace's setting.
   *
   * @return {@code true} when pods are injected
   */
  public abstract boolean injectionWanted();

  /**
   * Its running pods, by name.
   *
   * @return the pods and their sidecars
   */
  public abstract List<PodSidecar> pods();

  /**
   * Whether some pods differ from {@link #injectionWanted()}, so that a restart would change
   * them; the same rule as {@link io.meshsdk.mesh.MeshSidecars#pendingRestarts(String)}.
   *
   * @return what a restart would change, or empty
   */
  public abstract Optional<WorkloadRestart.Reason> pendingRestart();

  /** Builds a {@link WorkloadInfo}. */
  public static final class Builder extends ImmutableWorkloadInfo.Builder {
    Builder() {}
  }
}
