package io.meshsdk.testing;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.ClusterConnector;

/**
 * The clusters of a {@link MeshExtension} test when they are API servers reached over HTTP: mock
 * ones or real ones. Implementations live in classes of their own, so that the extension loads
 * without fabric8's mock server or the real binaries when tests use in-memory clusters.
 */
interface ServerClusters extends AutoCloseable {

  /** The connector that reaches the servers. */
  ClusterConnector connector();

  /** Starts the cluster's server and returns the specification that reaches it. */
  ClusterSpec register(ClusterSpec cluster);

  /** Runs before a declared mesh is created. */
  default void beforeCreate(MeshSpec mesh) {}

  /** Runs when the set-up is done, before the test. */
  default void settle() {}

  /** What the clusters are, in words: "mock API servers" or "real API servers". */
  String description();

  /** The name of the type tests declare to receive the servers. */
  String serversType();

  /** What tests receive to inspect the servers. */
  Object servers();

  @Override
  void close();
}
