package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * When a node or an edge counts as healthy, warning or critical. A status is the worse of what
 * its error share and its 99th-percentile latency say:
 *
 * <table>
 *   <caption>The defaults</caption>
 *   <tr><th>status</th><th>errors</th><th>p99 latency</th></tr>
 *   <tr><td>{@link HealthStatus#HEALTHY}</td><td>none</td><td>at most 100 ms</td></tr>
 *   <tr><td>{@link HealthStatus#WARNING}</td><td>up to 5 %</td><td>100 to 200 ms</td></tr>
 *   <tr><td>{@link HealthStatus#CRITICAL}</td><td>over 5 %</td><td>over 200 ms</td></tr>
 * </table>
 *
 * <p>Raise the latency thresholds for batch-like services whose normal p99 is seconds; lower
 * {@link #criticalErrorRatio()} for services where any failure matters, such as payments.
 *
 * <pre>{@code
 * HealthThresholds.builder().warningLatency(Duration.ofMillis(300))
 *     .criticalLatency(Duration.ofSeconds(1)).build()
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableHealthThresholds.class)
@JsonDeserialize(as = ImmutableHealthThresholds.class)
public abstract class HealthThresholds {
  private static final HealthThresholds DEFAULTS = builder().build();

  HealthThresholds() {}

  /**
   * Starts thresholds from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: healthy means no errors and a p99 of at most 100 ms, warning up to 5 % errors
   * or up to 200 ms, critical above either.
   *
   * @return the default thresholds
   */
  public static HealthThresholds defaults() {
    return DEFAULTS;
  }

  /**
   * An error share above this is at least a warning.
   *
   * @return 0 to 1; 0 by default, so any error warns
   */
  @Value.Default
  public double warningErrorRatio() {
    return 0;
  }

  /**
   * An error share above this is critical.
   *
   * @return 0 to 1; 0.05 by default
   */
  @Value.Default
  public double criticalErrorRatio() {
    return 0.05;
  }

  /**
   * A p99 latency above this is at least a warning.
   *
   * @return 100 ms by default
   */
  @Value.Default
  public Duration warningLatency() {
    return Duration.ofMillis(100);
  }

  /**
   * A p99 latency above this is critical.
   *
   * @return 200 ms by default
   */
  @Value.Default
  public Duration criticalLatency() {
    return Duration.ofMillis(200);
  }

  /**
   * Judges traffic.
   *
   * @param metrics the traffic of a node or an edge
   * @return {@link HealthStatus#NO_TRAFFIC} without traffic, {@link HealthStatus#HEALTHY} for
   *     TCP-only traffic (which has no errors or latency to judge), else by errors and p99
   */
  public final HealthStatus evaluate(TrafficMetrics metrics) {
    if (!metrics.hasTraffic()) {
      return HealthStatus.NO_TRAFFIC;
    }
    double errors = metrics.errorRatio();
    double p99 = metrics.latency().map(Latency::p99Millis).orElse(0.0);
    if (errors > criticalErrorRatio() || p99 > millis(criticalLatency())) {
      return HealthStatus.CRITICAL;
    }
    if (errors > warningErrorRatio() || p99 > millis(warningLatency())) {
      return HealthStatus.WARNING;
    }
    return HealthStatus.HEALTHY;
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    ratio(v, "warningErrorRatio", warningErrorRatio());
    ratio(v, "criticalErrorRatio", criticalErrorRatio());
    if (warningErrorRatio() > criticalErrorRatio()) {
      v.add("warningErrorRatio", "must not exceed criticalErrorRatio " + criticalErrorRatio()
          + ", but was " + warningErrorRatio());
    }
    if (warningLatency().isNegative() || warningLatency().isZero()) {
      v.add("warningLatency", "must be positive, but was " + warningLatency());
    }
    if (criticalLatency().compareTo(warningLatency()) < 0) {
      v.add("criticalLatency", "must be at least warningLatency " + warningLatency()
          + ", but was " + criticalLatency());
    }
    v.throwIfAny("HealthThresholds");
  }

  private static void ratio(Violations v, String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      v.add(field, "must be between 0 and 1, but was " + value);
    }
  }

  /** Builds {@link HealthThresholds}. */
  public static final class Builder extends ImmutableHealthThresholds.Builder {
    Builder() {}
  }
}
