package io.meshsdk.resource;

import java.util.Objects;

/**
 * An object as read from one cluster: the cluster's name and the object.
 *
 * @since 0.2.0
 */
public final class ClusterResource {

  private final String cluster;
  private final MeshResource resource;

  private ClusterResource(String cluster, MeshResource resource) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.resource = Objects.requireNonNull(resource, "resource");
  }

  /**
   * Locates an object on a cluster.
   *
   * @param cluster the cluster's name
   * @param resource the object
   * @return the located object
   */
  public static ClusterResource of(String cluster, MeshResource resource) {
    return new ClusterResource(cluster, resource);
  }

  /**
   * The cluster the object was read from.
   *
   * @return the cluster's name
   */
  public String cluster() {
    return cluster;
  }

  /**
   * The object.
   *
   * @return the object
   */
  public MeshResource resource() {
    return resource;
  }

  /**
   * The object's identity.
   *
   * @return its reference
   */
  public ResourceRef ref() {
    return resource.ref();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterResource
        && cluster.equals(((ClusterResource) o).cluster)
        && resource.equals(((ClusterResource) o).resource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cluster, resource);
  }

  /** Returns for example {@code mcpc-1: VirtualService bookinfo/reviews}. */
  @Override
  public String toString() {
    return cluster + ": " + resource.ref();
  }
}
