package io.meshsdk.spi;

import io.meshsdk.resource.MeshResource;
import java.util.List;

/**
 * A read-only view of one mesh's clusters, handed to a backend that needs the live
 * configuration, for example to draw idle services or annotate the topology. Reads go through
 * the engine's pooled connections. Thread-safe.
 *
 * @since 0.1.0
 */
public interface MeshClusterReader {

  /**
   * A view of no clusters, for backends called outside an engine.
   *
   * @return a reader that knows no cluster
   */
  static MeshClusterReader none() {
    return new MeshClusterReader() {
      @Override
      public List<String> clusters() {
        return List.of();
      }

      @Override
      public List<String> configClusters() {
        return List.of();
      }

      @Override
      public List<MeshResource> list(String cluster, ResourceType type, String namespace) {
        throw new io.meshsdk.MeshNotFoundException("cluster " + cluster + " is not part of the mesh");
      }
    };
  }

  /**
   * Every cluster of the mesh: its control plane and its members.
   *
   * @return the clusters' names
   */
  List<String> clusters();

  /**
   * The clusters holding the mesh's configuration (for Istio, where istiod reads it).
   *
   * @return the clusters' names, a subset of {@link #clusters()}
   */
  List<String> configClusters();

  /**
   * Lists the objects of one kind on one cluster of the mesh. One call to the cluster.
   *
   * @param cluster one of {@link #clusters()}
   * @param type the kind
   * @param namespace the namespace, or {@code null} for every namespace
   * @return the objects, ordered by name
   * @throws io.meshsdk.MeshNotFoundException if the cluster is not part of the mesh
   * @throws io.meshsdk.MeshException with a retryable code if the cluster could not be read
   */
  List<MeshResource> list(String cluster, ResourceType type, String namespace);
}
