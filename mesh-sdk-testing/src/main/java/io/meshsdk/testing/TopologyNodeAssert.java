package io.meshsdk.testing;

import io.meshsdk.testing.TopologyEdgeAssert.Tolerance;
import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.TopologyNode;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link TopologyNode}, reached through {@link
 * TopologyGraphAssert#hasNode(String, java.util.function.Consumer)}: its health and its inbound
 * traffic (what its callers sent it, latency as they saw it). Numbers match within 1 % of the
 * expected value unless {@link #within(double)} says otherwise. A failure shows the node as
 * found.
 *
 * @since 0.1.0
 */
public final class TopologyNodeAssert extends AbstractAssert<TopologyNodeAssert, TopologyNode> {
  private final Tolerance tolerance;

  TopologyNodeAssert(TopologyNode actual) {
    this(actual, Tolerance.DEFAULT);
  }

  private TopologyNodeAssert(TopologyNode actual, Tolerance tolerance) {
    super(actual, TopologyNodeAssert.class);
    this.tolerance = tolerance;
  }

  /**
   * Compares the following numbers within a relative tolerance.
   *
   * @param relative the tolerance as a share of the expected value, such as 0.05 for 5 %
   * @return an assertion on the same node with the new tolerance
   */
  public TopologyNodeAssert within(double relative) {
    return new TopologyNodeAssert(actual, Tolerance.relative(relative));
  }

  /**
   * Checks the rate of requests into the node.
   *
   * @param expected requests per second
   * @return this
   */
  public TopologyNodeAssert hasInboundRequestsPerSecond(double expected) {
    return number("an inbound request rate", expected, actual.inbound().requestsPerSecond(), " req/s");
  }

  /**
   * Checks the share of failed requests into the node.
   *
   * @param expected 0 to 1
   * @return this
   */
  public TopologyNodeAssert hasInboundErrorShare(double expected) {
    return number("an inbound error share", expected, actual.inbound().errorRatio(), "");
  }

  /**
   * Checks the 99th-percentile latency of requests into the node, over all its callers.
   *
   * @param expected milliseconds
   * @return this
   */
  public TopologyNodeAssert hasInboundP99Millis(double expected) {
    isNotNull();
    if (actual.inbound().latency().isEmpty()) {
      failWithMessage("Expected node %s to have an inbound p99 of %s ms, but it has no latency%n  %s", actual.id(),
          TopologyGraphAssert.format(expected), describe(actual));
    }
    return number("an inbound p99", expected, actual.inbound().latency().get().p99Millis(), " ms");
  }

  /**
   * Checks that the node is healthy.
   *
   * @return this
   */
  public TopologyNodeAssert isHealthy() {
    return health(HealthStatus.HEALTHY);
  }

  /**
   * Checks that the node is in warning.
   *
   * @return this
   */
  public TopologyNodeAssert isWarning() {
    return health(HealthStatus.WARNING);
  }

  /**
   * Checks that the node is critical.
   *
   * @return this
   */
  public TopologyNodeAssert isCritical() {
    return health(HealthStatus.CRITICAL);
  }

  private TopologyNodeAssert health(HealthStatus expected) {
    isNotNull();
    if (actual.health() != expected) {
      failWithMessage("Expected node %s to be %s, but it is %s%n  %s", actual.id(), expected, actual.health(),
          describe(actual));
    }
    return this;
  }

  private TopologyNodeAssert number(String what, double expected, double found, String unit) {
    isNotNull();
    if (!tolerance.accepts(expected, found)) {
      failWithMessage("Expected node %s to have %s of %s%s (%s), but it has %s%s%n  %s", actual.id(), what,
          TopologyGraphAssert.format(expected), unit, tolerance, TopologyGraphAssert.format(found), unit,
          describe(actual));
    }
    return this;
  }

  static String describe(TopologyNode node) {
    return node.id() + ": in " + TopologyEdgeAssert.metrics(node.inbound()) + "; out "
        + TopologyEdgeAssert.metrics(node.outbound()) + "; " + node.health();
  }
}
