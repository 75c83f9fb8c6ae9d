package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Locale;
import org.immutables.value.Value;

/**
 * Observed traffic of one protocol from one node to another over the window.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTopologyEdge.class)
@JsonDeserialize(as = ImmutableTopologyEdge.class)
public abstract class TopologyEdge {

  TopologyEdge() {}

  /**
   * Starts an edge.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A stable identifier, unique in its graph.
   *
   * @return {@code source->target:protocol}, protocol in lower case
   */
  @Value.Default
  public String id() {
    return source() + "->" + target() + ":" + protocol().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The calling node.
   *
   * @return its {@link TopologyNode#id()}
   */
  public abstract String source();

  /**
   * The called node.
   *
   * @return its {@link TopologyNode#id()}
   */
  public abstract String target();

  /**
   * The protocol.
   *
   * @return the protocol
   */
  public abstract Protocol protocol();

  /**
   * Whether the edge leaves one cluster for another.
   *
   * @return {@code true} when the source and target clusters differ and both are known
   */
  @Value.Default
  public boolean crossCluster() {
    return false;
  }

  /**
   * The services the traffic was addressed to, as fully qualified host names.
   *
   * @return for example {@code reviews.bookinfo.svc.cluster.local}, ordered
   */
  public abstract List<String> services();

  /**
   * What flowed.
   *
   * @return the traffic
   */
  public abstract TrafficMetrics metrics();

  /**
   * How the edge is doing.
   *
   * @return the status
   */
  @Value.Default
  public HealthStatus health() {
    return HealthStatus.NO_TRAFFIC;
  }

  /**
   * The configuration that shapes this traffic: the destination's routing, DestinationRule,
   * circuit breaker and mTLS mode.
   *
   * @return the annotations, ordered by kind and name
   */
  public abstract List<ConfigAnnotation> annotations();

  /** Builds {@link TopologyEdge}. */
  public static final class Builder extends ImmutableTopologyEdge.Builder {
    Builder() {}
  }
}
