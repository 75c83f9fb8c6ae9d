package io.meshsdk.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answers metric queries for the topology, for Istio through Prometheus' HTTP API. Thread-safe.
 *
 * <p>Failures are {@link io.meshsdk.MeshException}s: {@link io.meshsdk.ErrorCode#CLUSTER_UNREACHABLE}
 * or {@link io.meshsdk.ErrorCode#TIMEOUT} (retryable) when the source cannot be reached or is too
 * slow, {@link io.meshsdk.MeshBackendException} with the HTTP status when it rejects a query or
 * answers with something that is not a result.
 *
 * @since 0.1.0
 */
public interface TelemetrySource {

  /**
   * Evaluates an expression at an instant.
   *
   * @param expression the query, in the source's language (PromQL for Prometheus)
   * @param at the evaluation time
   * @return one sample per resulting series
   */
  List<Sample> query(String expression, Instant at);

  /**
   * One series' value.
   *
   * @param labels the series' labels
   * @param value the value
   */
  record Sample(Map<String, String> labels, double value) {
    /**
     * Creates a sample.
     *
     * @param labels the series' labels, copied
     * @param value the value
     */
    public Sample {
      labels = Map.copyOf(labels);
    }
  }
}
