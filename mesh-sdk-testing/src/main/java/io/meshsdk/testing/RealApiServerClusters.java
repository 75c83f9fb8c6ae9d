package io.meshsdk.testing;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.kubernetes.RealApiServers;

/**
 * The real-API-server mode of {@link MeshExtension}: a fresh etcd and one kube-apiserver (with
 * the controllers that issue tokens) per declared cluster, for one test.
 */
final class RealApiServerClusters implements ServerClusters {
  /** The type tests declare to receive the servers; named, so that resolving it loads nothing. */
  static final String SERVERS_TYPE = "io.meshsdk.testing.kubernetes.RealApiServers";

  private final RealApiServers servers = RealApiServers.builder().controllers(true).build();

  @Override
  public ClusterConnector connector() {
    return servers.connector();
  }

  @Override
  public ClusterSpec register(ClusterSpec cluster) {
    return servers.clusterSpec(cluster);
  }

  @Override
  public String description() {
    return "real API servers";
  }

  @Override
  public String serversType() {
    return SERVERS_TYPE;
  }

  @Override
  public Object servers() {
    return servers;
  }

  @Override
  public void close() {
    servers.close();
  }
}
