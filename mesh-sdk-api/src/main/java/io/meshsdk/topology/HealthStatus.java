package io.meshsdk.topology;

/**
 * How a node or an edge is doing, judged by {@link HealthThresholds}.
 *
 * @since 0.1.0
 */
public enum HealthStatus {
  /** Traffic without errors and within the latency target. */
  HEALTHY,
  /** Some errors, or slower than the latency target. */
  WARNING,
  /** Many errors, or much slower than the latency target. */
  CRITICAL,
  /** No traffic in the window, so nothing to judge. */
  NO_TRAFFIC
}
