package io.meshsdk.topology;

/**
 * What a node of the service graph stands for. The same traffic read as a different kind gives a
 * coarser or finer picture; every kind adds up to the same total request rate.
 *
 * @since 0.1.0
 */
public enum GraphKind {
  /** One node per workload (a Deployment, for example {@code reviews-v2}) per cluster. */
  WORKLOAD,
  /**
   * One node per application (Istio's canonical service, usually the {@code app} label) per
   * namespace and cluster, all its versions together.
   */
  APP,
  /** One node per application version ({@code reviews v1}, {@code reviews v2}) per cluster. */
  VERSIONED_APP,
  /**
   * One node per Kubernetes service per cluster. A call is drawn from the service whose
   * workloads made it; callers behind no service (gateways, jobs) stay workload nodes.
   */
  SERVICE
}
