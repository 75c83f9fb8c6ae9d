package io.meshsdk.inventory;

/**
 * The kinds of workload the inventory reports and the SDK can restart.
 *
 * @since 0.2.0
 */
public enum WorkloadKind {
  /** An {@code apps/v1} Deployment. */
  DEPLOYMENT("Deployment"),
  /** An {@code apps/v1} StatefulSet. */
  STATEFUL_SET("StatefulSet");

  private final String kind;

  WorkloadKind(String kind) {
    this.kind = kind;
  }

  /**
   * The Kubernetes kind.
   *
   * @return for example {@code Deployment}
   */
  public String kind() {
    return kind;
  }
}
