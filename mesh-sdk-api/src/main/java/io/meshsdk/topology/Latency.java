package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import org.immutables.value.Value;

/**
 * Request duration percentiles over a window, in milliseconds, as Prometheus' {@code
 * histogram_quantile} computes them from Istio's duration histogram.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableLatency.class)
@JsonDeserialize(as = ImmutableLatency.class)
public abstract class Latency {

  Latency() {}

  /**
   * Creates the percentiles.
   *
   * @param p50Millis the median
   * @param p95Millis the 95th percentile
   * @param p99Millis the 99th percentile
   * @return the latency
   */
  public static Latency of(double p50Millis, double p95Millis, double p99Millis) {
    return ImmutableLatency.builder()
        .p50Millis(p50Millis)
        .p95Millis(p95Millis)
        .p99Millis(p99Millis)
        .build();
  }

  /**
   * The median duration.
   *
   * @return milliseconds
   */
  public abstract double p50Millis();

  /**
   * The duration 95 % of requests stay under.
   *
   * @return milliseconds
   */
  public abstract double p95Millis();

  /**
   * The duration 99 % of requests stay under.
   *
   * @return milliseconds
   */
  public abstract double p99Millis();

  @Value.Check
  void check() {
    Violations v = new Violations();
    nonNegative(v, "p50Millis", p50Millis());
    nonNegative(v, "p95Millis", p95Millis());
    nonNegative(v, "p99Millis", p99Millis());
    v.throwIfAny("Latency");
  }

  static void nonNegative(Violations v, String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      v.add(field, "must be a finite number of at least 0, but was " + value);
    }
  }
}
