package io.meshsdk.event;

import org.immutables.value.Value;

/**
 * How a write went on one cluster: how many objects were written or already as wanted, how many
 * failed and how many were not attempted.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class AuditClusterOutcome {

  AuditClusterOutcome() {}

  /**
   * Creates an outcome.
   *
   * @param cluster the cluster's name
   * @param succeeded objects written or found as wanted
   * @param failed objects whose write failed
   * @param skipped objects not attempted
   * @return the outcome
   */
  public static AuditClusterOutcome of(String cluster, int succeeded, int failed, int skipped) {
    return ImmutableAuditClusterOutcome.builder().cluster(cluster).succeeded(succeeded).failed(failed)
        .skipped(skipped).build();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * Objects written, or found already as wanted.
   *
   * @return the count
   */
  public abstract int succeeded();

  /**
   * Objects whose write failed.
   *
   * @return the count
   */
  public abstract int failed();

  /**
   * Objects not attempted, because an earlier one failed or the operation was cancelled.
   *
   * @return the count
   */
  public abstract int skipped();
}
