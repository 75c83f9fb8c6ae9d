package io.meshsdk.testing;

import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TrafficMetrics;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link TopologyEdge}, reached through {@link
 * TopologyGraphAssert#hasEdge(String, String, java.util.function.Consumer)}. Rates, shares and
 * latencies match within a tolerance: by default 1 % of the expected value (at least 1e-9), since
 * rates read from Prometheus are extrapolations; set another with {@link #within(double)}.
 * A failure shows the edge as found.
 *
 * @since 0.1.0
 */
public final class TopologyEdgeAssert extends AbstractAssert<TopologyEdgeAssert, TopologyEdge> {
  private final Tolerance tolerance;

  TopologyEdgeAssert(TopologyEdge actual) {
    this(actual, Tolerance.DEFAULT);
  }

  private TopologyEdgeAssert(TopologyEdge actual, Tolerance tolerance) {
    super(actual, TopologyEdgeAssert.class);
    this.tolerance = tolerance;
  }

  /**
   * Compares the following numbers within a relative tolerance.
   *
   * @param relative the tolerance as a share of the expected value, such as 0.05 for 5 %
   * @return an assertion on the same edge with the new tolerance
   */
  public TopologyEdgeAssert within(double relative) {
    return new TopologyEdgeAssert(actual, Tolerance.relative(relative));
  }

  /**
   * Checks the request rate.
   *
   * @param expected requests per second
   * @return this
   */
  public TopologyEdgeAssert hasRequestsPerSecond(double expected) {
    return number("a request rate", expected, actual.metrics().requestsPerSecond(), " req/s");
  }

  /**
   * Checks the share of failed requests.
   *
   * @param expected 0 to 1, such as 0.04 for 4 %
   * @return this
   */
  public TopologyEdgeAssert hasErrorShare(double expected) {
    return number("an error share", expected, actual.metrics().errorRatio(), "");
  }

  /**
   * Checks the 99th-percentile latency.
   *
   * @param expected milliseconds
   * @return this
   */
  public TopologyEdgeAssert hasP99Millis(double expected) {
    if (actual.metrics().latency().isEmpty()) {
      failWithMessage("Expected edge %s to have a p99 of %s ms, but it has no latency%n  %s", actual.id(),
          TopologyGraphAssert.format(expected), describe(actual));
    }
    return number("a p99", expected, actual.metrics().latency().get().p99Millis(), " ms");
  }

  /**
   * Checks the share of traffic that used mutual TLS.
   *
   * @param expected 0 to 1
   * @return this
   */
  public TopologyEdgeAssert hasMtlsShare(double expected) {
    return number("an mTLS share", expected, actual.metrics().mtlsRatio(), "");
  }

  /**
   * Checks the TCP throughput.
   *
   * @param sent bytes per second the callers sent
   * @param received bytes per second the callers received
   * @return this
   */
  public TopologyEdgeAssert hasTcpBytesPerSecond(double sent, double received) {
    number("TCP bytes sent", sent, actual.metrics().tcpSentBytesPerSecond(), " B/s");
    return number("TCP bytes received", received, actual.metrics().tcpReceivedBytesPerSecond(), " B/s");
  }

  /**
   * Checks that the edge leaves one cluster for another.
   *
   * @return this
   */
  public TopologyEdgeAssert isCrossCluster() {
    isNotNull();
    if (!actual.crossCluster()) {
      failWithMessage("Expected edge %s to cross clusters, but it stays in one%n  %s", actual.id(), describe(actual));
    }
    return this;
  }

  /**
   * Checks that the edge is healthy.
   *
   * @return this
   */
  public TopologyEdgeAssert isHealthy() {
    return health(HealthStatus.HEALTHY);
  }

  /**
   * Checks that the edge is in warning.
   *
   * @return this
   */
  public TopologyEdgeAssert isWarning() {
    return health(HealthStatus.WARNING);
  }

  /**
   * Checks that the edge is critical.
   *
   * @return this
   */
  public TopologyEdgeAssert isCritical() {
    return health(HealthStatus.CRITICAL);
  }

  private TopologyEdgeAssert health(HealthStatus expected) {
    isNotNull();
    if (actual.health() != expected) {
      failWithMessage("Expected edge %s to be %s, but it is %s%n  %s", actual.id(), expected, actual.health(),
          describe(actual));
    }
    return this;
  }

  private TopologyEdgeAssert number(String what, double expected, double found, String unit) {
    isNotNull();
    if (!tolerance.accepts(expected, found)) {
      failWithMessage("Expected edge %s to have %s of %s%s (%s), but it has %s%s%n  %s", actual.id(), what,
          TopologyGraphAssert.format(expected), unit, tolerance, TopologyGraphAssert.format(found), unit,
          describe(actual));
    }
    return this;
  }

  /** One line: ids, protocol, rate, errors, p99, TCP bytes, mTLS share, health. */
  static String describe(TopologyEdge edge) {
    return edge.source() + " -> " + edge.target() + " " + edge.protocol() + ": " + metrics(edge.metrics())
        + (edge.crossCluster() ? ", cross-cluster" : "") + ", " + edge.health();
  }

  static String metrics(TrafficMetrics m) {
    StringBuilder text = new StringBuilder();
    if (m.requestsPerSecond() > 0) {
      text.append(TopologyGraphAssert.format(m.requestsPerSecond())).append(" req/s, ")
          .append(String.format(Locale.ROOT, "%.4g%% errors", 100 * m.errorRatio()));
      m.latency().ifPresent(l -> text.append(", p99 ").append(TopologyGraphAssert.format(l.p99Millis())).append(" ms"));
    }
    if (m.tcpSentBytesPerSecond() > 0 || m.tcpReceivedBytesPerSecond() > 0) {
      text.append(text.length() > 0 ? ", " : "").append("tcp ")
          .append(TopologyGraphAssert.format(m.tcpSentBytesPerSecond())).append(" B/s sent, ")
          .append(TopologyGraphAssert.format(m.tcpReceivedBytesPerSecond())).append(" B/s received");
    }
    if (text.length() == 0) {
      text.append("no traffic");
    }
    return text.append(String.format(Locale.ROOT, ", %.0f%% mTLS", 100 * m.mtlsRatio())).toString();
  }

  /** How close a number must be to what was expected. */
  record Tolerance(double relative) {
    static final Tolerance DEFAULT = new Tolerance(0.01);

    static Tolerance relative(double relative) {
      if (!(relative >= 0) || Double.isInfinite(relative)) {
        throw new IllegalArgumentException("a relative tolerance must be a finite number of at least 0, but was "
            + relative);
      }
      return new Tolerance(relative);
    }

    boolean accepts(double expected, double found) {
      return Math.abs(found - expected) <= Math.max(1e-9, relative * Math.abs(expected));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "within %.4g%%", 100 * relative);
    }
  }
}
