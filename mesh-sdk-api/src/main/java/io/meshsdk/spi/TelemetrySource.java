package io.meshsdk.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answers metric queries for the topology, for Istio through Prometheus' HTTP API.
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
