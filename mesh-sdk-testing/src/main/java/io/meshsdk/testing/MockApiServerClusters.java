package io.meshsdk.testing;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.kubernetes.MockApiServers;

/**
 * The mock-API-server mode of {@link MeshExtension}, kept in a class of its own so that the
 * extension loads without fabric8's mock server on the classpath when tests use in-memory
 * clusters.
 */
final class MockApiServerClusters implements ServerClusters {
  /** The type tests declare to receive the servers; named, so that resolving it loads nothing. */
  static final String SERVERS_TYPE = "io.meshsdk.testing.kubernetes.MockApiServers";

  private final MockApiServers servers = new MockApiServers();

  @Override
  public ClusterConnector connector() {
    return servers.connector();
  }

  /** Starts the cluster's server and returns the specification that reaches it. */
  @Override
  public ClusterSpec register(ClusterSpec cluster) {
    return servers.clusterSpec(cluster);
  }

  /** Issues the tokens the members of a hosted mesh wait for when they join on creation. */
  @Override
  public void beforeCreate(MeshSpec mesh) {
    if (mesh.mode() == MeshMode.HOSTED) {
      mesh.members().forEach(member -> servers.issueReaderToken(mesh.name(), member));
    }
  }

  /** Forgets the requests of the set-up, so that a test sees only its own. */
  @Override
  public void settle() {
    servers.clusters().forEach(servers::takeRequests);
  }

  @Override
  public String description() {
    return "mock API servers";
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
