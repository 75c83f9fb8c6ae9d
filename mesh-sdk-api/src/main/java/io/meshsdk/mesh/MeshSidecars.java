package io.meshsdk.mesh;

import io.meshsdk.inventory.WorkloadRef;
import java.util.Collection;
import java.util.List;

/**
 * Sidecar injection on the data-plane clusters of a mesh: per namespace, per workload, which
 * workloads still need a restart, and which traffic the sidecar lets pass untouched. Injection
 * takes effect when pods are created, so after a change {@link #pendingRestarts(String)} lists the
 * workloads to roll.
 *
 * <pre>{@code
 * prod.sidecars().enableInjection("bj-1", "bookinfo");
 * prod.sidecars().pendingRestarts("bj-1");   // [bookinfo/reviews-v1 needs a sidecar, ...]
 * }</pre>
 *
 * <p>These calls change only the labels and annotations they name on namespaces and workloads
 * the SDK does not own; everything else on those objects is left as it is.
 *
 * @since 0.1.0
 */
public interface MeshSidecars {

  /**
   * Turns injection on for a namespace: label {@code istio.io/rev=<revision>} when the mesh names
   * a revision, {@code istio-injection=enabled} otherwise (the other label is removed so the two
   * never disagree).
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the namespace
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if the
   *     cluster is not a data-plane cluster of this mesh
   * @throws io.meshsdk.MeshNotFoundException if the namespace does not exist
   */
  void enableInjection(String cluster, String namespace);

  /**
   * Turns injection off for a namespace: {@code istio-injection=disabled}, no revision label.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the namespace
   */
  void disableInjection(String cluster, String namespace);

  /**
   * Overrides the namespace's choice for one workload through its pod template label {@code
   * sidecar.istio.io/inject}.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the workload's namespace
   * @param deployment the Deployment's name
   * @param inject whether its pods get a sidecar
   * @throws io.meshsdk.MeshNotFoundException if the Deployment does not exist
   */
  void setWorkloadInjection(String cluster, String namespace, String deployment, boolean inject);

  /**
   * Sets which traffic a workload's sidecar does not intercept, through the pod template
   * annotations {@code traffic.sidecar.istio.io/*}. Replaces earlier settings; an empty {@link
   * TrafficPassThrough} removes them.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the workload's namespace
   * @param deployment the Deployment's name
   * @param passThrough the ports and address ranges to exclude or include
   */
  void setPassThrough(String cluster, String namespace, String deployment, TrafficPassThrough passThrough);

  /**
   * The workloads whose running pods do not match their injection setting, so they must be
   * restarted to get or lose a sidecar.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the workloads, ordered by namespace and name
   */
  List<WorkloadRestart> pendingRestarts(String cluster);

  /**
   * Restarts workloads so that their pods are recreated with (or without) a sidecar, as {@code
   * kubectl rollout restart} does: sets the pod template annotation {@code
   * kubectl.kubernetes.io/restartedAt} to the manager's clock, and nothing else. Every workload is
   * checked to exist before any is restarted.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param workloads the Deployments and StatefulSets to restart
   * @return the workloads restarted, in order
   * @throws io.meshsdk.MeshNotFoundException if a workload does not exist; none is restarted
   * @since 0.2.0
   */
  List<WorkloadRef> restart(String cluster, Collection<WorkloadRef> workloads);

  /**
   * Restarts the Deployments that {@link #pendingRestarts(String)} lists, and only those.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the workloads restarted; empty when none needed it
   * @since 0.2.0
   */
  List<WorkloadRef> restartPending(String cluster);
}
