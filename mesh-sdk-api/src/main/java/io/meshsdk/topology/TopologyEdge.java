package io.meshsdk.topology;

import org.immutables.value.Value;

/**
 * Observed traffic from one node to another.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class TopologyEdge {

  TopologyEdge() {}

  /**
   * Creates an edge.
   *
   * @param source the calling node's id
   * @param target the called node's id
   * @param requestsPerSecond the request rate
   * @param errorRatio the share of failed requests, 0 to 1
   * @return the edge
   */
  public static TopologyEdge of(
      String source, String target, double requestsPerSecond, double errorRatio) {
    return ImmutableTopologyEdge.builder()
        .source(source)
        .target(target)
        .requestsPerSecond(requestsPerSecond)
        .errorRatio(errorRatio)
        .build();
  }

  /**
   * The calling node.
   *
   * @return its id
   */
  public abstract String source();

  /**
   * The called node.
   *
   * @return its id
   */
  public abstract String target();

  /**
   * The request rate over the window.
   *
   * @return requests per second
   */
  public abstract double requestsPerSecond();

  /**
   * The share of requests that failed.
   *
   * @return 0 to 1
   */
  public abstract double errorRatio();
}
