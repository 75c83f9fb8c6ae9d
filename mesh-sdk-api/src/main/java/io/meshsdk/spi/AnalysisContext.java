package io.meshsdk.spi;

import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an {@link Analyzer} looks at: the objects of the kinds the analyzers read, per cluster of
 * the mesh, and which role each cluster plays.
 *
 * <p>In offline analysis of files there is no mesh and one cluster; the files are all there is.
 *
 * @since 0.2.0
 */
public interface AnalysisContext {

  /**
   * The mesh analyzed.
   *
   * @return its specification; empty in offline analysis of files
   */
  Optional<MeshSpec> mesh();

  /**
   * The clusters whose objects are in this context, in the mesh's order.
   *
   * @return the cluster names
   */
  List<String> clusters();

  /**
   * Whether Istio configuration takes effect on a cluster: its control plane reads it (the mesh's
   * control-plane cluster, a primary, or the only cluster of a dedicated or external mesh).
   *
   * @param cluster a cluster's name
   * @return {@code true} for a config cluster
   */
  boolean isConfigCluster(String cluster);

  /**
   * Whether workloads of the mesh run on a cluster.
   *
   * @param cluster a cluster's name
   * @return {@code true} for a data-plane cluster
   */
  boolean isDataPlaneCluster(String cluster);

  /**
   * Whether every object of a kind is in this context: the kind was read from every cluster. When
   * a cluster could not be read, or offline files were declared not to hold every object of the
   * kind, an analyzer must not conclude anything from an object's absence.
   *
   * @param type the kind
   * @return {@code true} when the absence of an object of this kind means it does not exist
   */
  boolean complete(ResourceType type);

  /**
   * The objects of a kind on every cluster.
   *
   * @param type the kind
   * @return the objects with their clusters, in the order of {@link #clusters()}
   */
  List<ClusterResource> objects(ResourceType type);

  /**
   * The objects of a kind on one cluster.
   *
   * @param cluster the cluster's name
   * @param type the kind
   * @return the objects, possibly none
   */
  List<MeshResource> objects(String cluster, ResourceType type);

  /**
   * A value computed once from this context and shared by the analyzers that ask for it during
   * one analysis, such as an index of the objects by host that several analyzers of a backend
   * read. It lives as long as the context: an analysis done keeps nothing it read.
   *
   * <p>The default computes the value on every call; the contexts the engine makes keep it.
   * Contexts made for tests or benchmarks should keep it too, or each analyzer builds its own.
   *
   * @param key what the value is, for example its class
   * @param compute computes it from this context
   * @param <T> the value's type
   * @return the value
   * @since 0.2.0
   */
  default <T> T shared(Class<T> key, Function<AnalysisContext, T> compute) {
    return compute.apply(this);
  }
}
