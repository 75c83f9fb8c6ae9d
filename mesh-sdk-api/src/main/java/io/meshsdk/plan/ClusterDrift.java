package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.policy.PolicyRef;
import java.util.List;
import org.immutables.value.Value;

/**
 * The drift found on one config cluster of a mesh.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterDrift.class)
@JsonDeserialize(as = ImmutableClusterDrift.class)
public abstract class ClusterDrift {

  ClusterDrift() {}

  /**
   * Creates the drift of one cluster.
   *
   * @param cluster the cluster's name
   * @param policies the policies in force that were checked on it
   * @param objects the objects that drifted
   * @return the cluster's drift
   */
  public static ClusterDrift of(String cluster, List<PolicyRef> policies, List<ObjectDrift> objects) {
    return ImmutableClusterDrift.builder().cluster(cluster).policies(policies).objects(objects).build();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The policies in force that were checked on this cluster.
   *
   * @return the policies, ordered by kind, namespace and name
   */
  public abstract List<PolicyRef> policies();

  /**
   * The objects that drifted.
   *
   * @return the drifted objects, ordered by kind, namespace and name; empty when the cluster is as
   *     its policies say
   */
  public abstract List<ObjectDrift> objects();

  /**
   * Whether anything drifted on this cluster.
   *
   * @return {@code true} when {@link #objects()} is not empty
   */
  public final boolean hasDrift() {
    return !objects().isEmpty();
  }
}
