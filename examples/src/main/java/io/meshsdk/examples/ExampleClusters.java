package io.meshsdk.examples;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnector;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The clusters an example runs on: the embedded in-memory clusters by default, or real API servers
 * when a test runs the examples there. The examples use the SDK the same way on both; this only
 * says how to reach a cluster, what it holds and how a workload gets deployed behind the SDK's
 * back, as a platform's CI would deploy it.
 */
public interface ExampleClusters {

  /**
   * The connector the examples' manager uses.
   *
   * @return the connector
   */
  ClusterConnector connector();

  /**
   * A declared cluster with what reaches it added, such as credentials.
   *
   * @param declared the cluster as the example declares it: name, network, region
   * @return the specification to register
   */
  ClusterSpec reach(ClusterSpec declared);

  /**
   * What a cluster holds, for printing: each object's kind, namespace and name.
   *
   * @param cluster the cluster's name
   * @return the objects, in a stable order
   */
  List<String> objects(String cluster);

  /**
   * Puts objects on a cluster as someone other than the SDK would, such as a platform deploying a
   * workload.
   *
   * @param cluster the cluster's name
   * @param objects the objects, namespaces first
   */
  void deploy(String cluster, List<MeshResource> objects);

  /**
   * The embedded in-memory clusters.
   *
   * @return new, empty clusters
   */
  static ExampleClusters inMemory() {
    InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    return new ExampleClusters() {
      @Override
      public ClusterConnector connector() {
        return clusters;
      }

      @Override
      public ClusterSpec reach(ClusterSpec declared) {
        return declared;
      }

      @Override
      public List<String> objects(String cluster) {
        return clusters.cluster(cluster).objects().stream().map(o -> o.ref().toString()).collect(Collectors.toList());
      }

      @Override
      public void deploy(String cluster, List<MeshResource> objects) {
        objects.forEach(clusters.cluster(cluster)::putOutOfBand);
      }
    };
  }
}
