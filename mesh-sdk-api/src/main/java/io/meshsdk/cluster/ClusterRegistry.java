package io.meshsdk.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The clusters the Global Service Cluster knows. Registering a cluster does not contact it;
 * meshes then use registered clusters as control planes or members.
 *
 * @since 0.1.0
 */
public interface ClusterRegistry {

  /**
   * Adds a cluster.
   *
   * @param spec the cluster
   * @return the stored specification
   * @throws io.meshsdk.MeshConflictException with {@code ALREADY_EXISTS} if the name is taken
   */
  ClusterSpec register(ClusterSpec spec);

  /**
   * Returns a registered cluster.
   *
   * @param name the cluster's name
   * @return the cluster
   * @throws io.meshsdk.MeshNotFoundException if no such cluster is registered
   */
  ClusterSpec get(String name);

  /**
   * Looks a cluster up.
   *
   * @param name the cluster's name
   * @return the cluster, or empty
   */
  Optional<ClusterSpec> find(String name);

  /**
   * Every registered cluster, ordered by name.
   *
   * @return the clusters
   */
  List<ClusterSpec> list();

  /**
   * Probes a cluster: whether its API server answers and how fast, its Kubernetes version, which
   * Istio CRDs it serves, the istiod revisions and sidecar injector found, and its network. An
   * unreachable cluster is a status, not an exception.
   *
   * @param name the cluster's name
   * @return the health, as of now
   * @throws io.meshsdk.MeshNotFoundException if no such cluster is registered
   */
  ClusterHealth health(String name);

  /**
   * Removes a cluster from the registry. Nothing on the cluster itself is touched.
   *
   * @param name the cluster's name
   * @throws io.meshsdk.MeshNotFoundException if no such cluster is registered
   * @throws io.meshsdk.MeshConflictException if a mesh still uses the cluster
   */
  void unregister(String name);
}
