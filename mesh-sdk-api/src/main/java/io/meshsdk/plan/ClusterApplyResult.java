package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/**
 * What applying a plan did on one cluster.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterApplyResult.class)
@JsonDeserialize(as = ImmutableClusterApplyResult.class)
public abstract class ClusterApplyResult {

  ClusterApplyResult() {}

  /**
   * Creates a result.
   *
   * @param cluster the cluster's name
   * @param outcomes what happened to each object, in apply order
   * @return the result
   */
  public static ClusterApplyResult of(String cluster, List<ObjectOutcome> outcomes) {
    return ImmutableClusterApplyResult.builder().cluster(cluster).outcomes(outcomes).build();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * What happened to each object, in the order they were applied.
   *
   * @return the outcomes
   */
  public abstract List<ObjectOutcome> outcomes();

  /**
   * Whether every object on this cluster was applied or already as wanted.
   *
   * @return {@code true} when nothing failed or was skipped
   */
  public final boolean successful() {
    return outcomes().stream()
        .allMatch(o -> o.status() == ObjectOutcome.Status.APPLIED
            || o.status() == ObjectOutcome.Status.UNCHANGED);
  }

  /**
   * How many objects were written on this cluster.
   *
   * @return the number of {@link ObjectOutcome.Status#APPLIED} outcomes
   */
  public final long writes() {
    return outcomes().stream().filter(o -> o.status() == ObjectOutcome.Status.APPLIED).count();
  }
}
