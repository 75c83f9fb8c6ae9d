package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.resource.ResourceRef;
import org.immutables.value.Value;

/**
 * One object found on a cluster that the SDK does not own: where it is and what it is.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDiscoveredObject.class)
@JsonDeserialize(as = ImmutableDiscoveredObject.class)
public abstract class DiscoveredObject implements Comparable<DiscoveredObject> {

  DiscoveredObject() {}

  /**
   * An object on a cluster.
   *
   * @param cluster the cluster's name
   * @param ref the object
   * @return the found object
   */
  public static DiscoveredObject of(String cluster, ResourceRef ref) {
    return ImmutableDiscoveredObject.builder().cluster(cluster).ref(ref).build();
  }

  /**
   * The cluster the object is on.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The object: API version, kind, namespace and name.
   *
   * @return its identity
   */
  public abstract ResourceRef ref();

  /**
   * Orders by cluster, then by object.
   *
   * @param other another found object
   * @return the order
   */
  @Override
  public int compareTo(DiscoveredObject other) {
    int byCluster = cluster().compareTo(other.cluster());
    return byCluster != 0 ? byCluster : ref().compareTo(other.ref());
  }
}
