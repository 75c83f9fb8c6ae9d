package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Which traffic to read and how to draw it: the graph kind, a time window ending now or at a
 * given instant, namespaces and clusters to keep, whose proxies' reports to use, whether to show
 * idle nodes and configuration, and the health thresholds.
 *
 * <pre>{@code
 * TopologyQuery.lastMinutes(5).namespace("bookinfo")
 * TopologyQuery.builder().kind(GraphKind.SERVICE).window(Duration.ofMinutes(10))
 *     .end(incidentStart).addCluster("bj-1").includeIdle(true).build()
 * }</pre>
 *
 * <p>A namespace or cluster filter keeps every edge with at least one end inside it, so a graph
 * of namespace {@code bookinfo} shows who calls into it and what it calls outside.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTopologyQuery.class)
@JsonDeserialize(as = ImmutableTopologyQuery.class)
public abstract class TopologyQuery {

  TopologyQuery() {}

  /**
   * Starts a query; the window is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the last minutes up to now, as a workload graph.
   *
   * @param minutes the window's length, at least 1
   * @return the query
   */
  public static TopologyQuery lastMinutes(int minutes) {
    return builder().window(Duration.ofMinutes(minutes)).build();
  }

  /**
   * What the nodes stand for.
   *
   * @return {@link GraphKind#WORKLOAD} unless set
   */
  @Value.Default
  public GraphKind kind() {
    return GraphKind.WORKLOAD;
  }

  /**
   * How far back the window reaches from its end. Rates and percentiles are averages over it;
   * shorter windows react faster, longer ones smooth bursts. Keep it at least four times the
   * Prometheus scrape interval.
   *
   * @return the window
   */
  public abstract Duration window();

  /**
   * When the window ends.
   *
   * @return the end; now when absent
   */
  public abstract Optional<Instant> end();

  /**
   * The namespaces to include.
   *
   * @return the namespaces; every namespace when empty
   */
  public abstract List<String> namespaces();

  /**
   * The clusters to include.
   *
   * @return the clusters' names; every cluster when empty
   */
  public abstract List<String> clusters();

  /**
   * Whose reports to read.
   *
   * @return {@link Reporter#DESTINATION} unless set
   */
  @Value.Default
  public Reporter reporter() {
    return Reporter.DESTINATION;
  }

  /**
   * Whether to add the services and workloads of the mesh's clusters that had no traffic in the
   * window, as {@link TopologyNode#idle()} nodes. Costs one list call per cluster and kind.
   *
   * @return {@code false} unless set
   */
  @Value.Default
  public boolean includeIdle() {
    return false;
  }

  /**
   * Whether to annotate nodes and edges with the configuration that applies to them
   * (VirtualServices, DestinationRules, AuthorizationPolicies, mTLS modes). Costs one list call
   * per config cluster and kind; turn it off for dashboards that refresh often and need only
   * traffic.
   *
   * @return {@code true} unless set
   */
  @Value.Default
  public boolean includeConfig() {
    return true;
  }

  /**
   * When nodes and edges count as healthy, warning or critical.
   *
   * @return {@link HealthThresholds#defaults()} unless set
   */
  @Value.Default
  public HealthThresholds thresholds() {
    return HealthThresholds.defaults();
  }

  /**
   * Returns a copy that also includes a namespace.
   *
   * @param namespace the namespace
   * @return the new query
   */
  public final TopologyQuery namespace(String namespace) {
    return builder().from(this).addNamespace(namespace).build();
  }

  /**
   * Returns a copy that also includes a cluster.
   *
   * @param cluster the cluster's name
   * @return the new query
   */
  public final TopologyQuery cluster(String cluster) {
    return builder().from(this).addCluster(cluster).build();
  }

  /**
   * Returns a copy drawing another kind of graph.
   *
   * @param kind the graph kind
   * @return the new query
   */
  public final TopologyQuery as(GraphKind kind) {
    return builder().from(this).kind(Objects.requireNonNull(kind, "kind")).build();
  }

  /**
   * Returns a copy whose window ends at an instant.
   *
   * @param end the end of the window
   * @return the new query
   */
  public final TopologyQuery endingAt(Instant end) {
    return builder().from(this).end(end).build();
  }

  /**
   * Returns a copy that adds idle nodes from configuration.
   *
   * @return the new query
   */
  public final TopologyQuery withIdleNodes() {
    return builder().from(this).includeIdle(true).build();
  }

  /**
   * Returns a copy judging health by other thresholds.
   *
   * @param thresholds the thresholds
   * @return the new query
   */
  public final TopologyQuery withThresholds(HealthThresholds thresholds) {
    return builder().from(this).thresholds(Objects.requireNonNull(thresholds, "thresholds")).build();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    if (window().compareTo(Duration.ofSeconds(1)) < 0) {
      v.add("window", "must be at least 1s, but was " + window());
    }
    if (window().getNano() != 0) {
      v.add("window", "must be whole seconds, but was " + window());
    }
    for (int i = 0; i < namespaces().size(); i++) {
      v.dnsLabel("namespaces[" + i + "]", namespaces().get(i));
    }
    for (int i = 0; i < clusters().size(); i++) {
      v.dnsSubdomain("clusters[" + i + "]", clusters().get(i));
    }
    v.throwIfAny("TopologyQuery");
  }

  /** Builds {@link TopologyQuery}. */
  public static final class Builder extends ImmutableTopologyQuery.Builder {
    Builder() {}
  }
}
