package io.meshsdk.spi;

import io.meshsdk.cluster.ClusterSpec;

/**
 * Opens connections to clusters: the embedded in-memory clusters, Kubernetes API servers, or a
 * directory of YAML files.
 *
 * @since 0.1.0
 */
public interface ClusterConnector {

  /**
   * A short, stable identifier, for example {@code in-memory}.
   *
   * @return the identifier
   */
  String id();

  /**
   * Connects to a cluster. The engine keeps one connection per cluster and closes it with the
   * manager.
   *
   * @param cluster the registered cluster
   * @return the connection
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#CLUSTER_UNREACHABLE} if it
   *     cannot be reached
   */
  ClusterConnection connect(ClusterSpec cluster);
}
