package io.meshsdk.inventory;

import java.util.List;
import java.util.Optional;

/**
 * What runs on the data-plane clusters of a mesh, read live on each call: namespaces with their
 * injection setting, services, and workloads with the sidecars of their pods. Obtain it from
 * {@link io.meshsdk.mesh.Mesh#inventory()}. Reads only; one list call per kind and cluster.
 *
 * <pre>{@code
 * for (WorkloadInfo w : prod.inventory().workloads("bj-1", "bookinfo")) {
 *   w.pendingRestart().ifPresent(reason -> page.warn(w.ref() + ": " + reason));
 * }
 * }</pre>
 *
 * <p>Under an {@linkplain io.meshsdk.access.AccessPolicy access policy}, reads of one namespace
 * need access to it, and reads of a cluster or the whole mesh return only the namespaces the
 * principal may read.
 *
 * @since 0.2.0
 */
public interface MeshInventory {

  /**
   * The namespaces of every data-plane cluster.
   *
   * @return the namespaces, ordered by cluster and name
   */
  List<NamespaceInjection> namespaces();

  /**
   * The namespaces of one data-plane cluster.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the namespaces, ordered by name
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if the
   *     cluster is not a data-plane cluster of the mesh
   */
  List<NamespaceInjection> namespaces(String cluster);

  /**
   * The services of every data-plane cluster.
   *
   * @return the services, ordered by cluster, namespace and name
   */
  List<ServiceInfo> services();

  /**
   * The services of one data-plane cluster.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the services, ordered by namespace and name
   */
  List<ServiceInfo> services(String cluster);

  /**
   * The services of one namespace.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the namespace
   * @return the services, ordered by name
   */
  List<ServiceInfo> services(String cluster, String namespace);

  /**
   * The Deployments and StatefulSets of every data-plane cluster.
   *
   * @return the workloads, ordered by cluster, namespace, kind and name
   */
  List<WorkloadInfo> workloads();

  /**
   * The Deployments and StatefulSets of one data-plane cluster.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the workloads, ordered by namespace, kind and name
   */
  List<WorkloadInfo> workloads(String cluster);

  /**
   * The Deployments and StatefulSets of one namespace.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the namespace
   * @return the workloads, ordered by kind and name
   */
  List<WorkloadInfo> workloads(String cluster, String namespace);

  /**
   * One workload.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param workload the workload
   * @return the workload, or empty if it does not exist
   */
  Optional<WorkloadInfo> workload(String cluster, WorkloadRef workload);
}
