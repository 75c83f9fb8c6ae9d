package io.meshsdk.topology;

/**
 * Whose proxy's view of a request to read. Istio's proxies report every request twice, once at
 * each end; reading both would count it twice.
 *
 * @since 0.1.0
 */
public enum Reporter {
  /**
   * The called workload's proxy: the complete picture of what reached a workload, including
   * calls from clients without a sidecar. The default.
   */
  DESTINATION,
  /**
   * The calling workload's proxy: also sees calls that never reached a workload (timeouts,
   * unreachable hosts, destinations outside the mesh), but not callers without a sidecar.
   */
  SOURCE
}
