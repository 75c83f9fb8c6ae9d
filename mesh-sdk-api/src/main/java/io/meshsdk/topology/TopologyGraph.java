package io.meshsdk.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The service graph of a mesh over a time window: workloads, applications or services as nodes,
 * observed traffic as edges, each with metrics, health and the configuration that applies.
 * Immutable; serialises to JSON with Jackson (register {@code Jdk8Module} and {@code
 * JavaTimeModule}) and renders as Graphviz DOT, Mermaid or Cytoscape.js elements.
 *
 * <pre>{@code
 * TopologyGraph graph = mesh.topology().read(TopologyQuery.lastMinutes(5).namespace("bookinfo"));
 * for (TopologyEdge edge : graph.edgesFrom(graph.node("workload:east/bookinfo/productpage-v1")
 *     .orElseThrow())) {
 *   System.out.println(edge.target() + " " + edge.metrics().requestsPerSecond() + " req/s");
 * }
 * Files.writeString(Path.of("topology.dot"), graph.toDot());
 * }</pre>
 *
 * <p>A graph whose telemetry or configuration could only partly be read says so: {@link
 * #partial()} is {@code true} and {@link #partialReasons()} tells what is missing. A read that
 * cannot produce a meaningful graph at all throws instead.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTopologyGraph.class)
@JsonDeserialize(as = ImmutableTopologyGraph.class)
@JsonIgnoreProperties(value = "partial", allowGetters = true)
public abstract class TopologyGraph {

  TopologyGraph() {}

  /**
   * Starts a graph; backends build graphs, tests and tools may too.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What the nodes stand for.
   *
   * @return the kind
   */
  public abstract GraphKind kind();

  /**
   * The start of the window.
   *
   * @return the start
   */
  public abstract Instant start();

  /**
   * The end of the window.
   *
   * @return the end
   */
  public abstract Instant end();

  /**
   * The nodes.
   *
   * @return the nodes, ordered by id
   */
  public abstract List<TopologyNode> nodes();

  /**
   * The edges.
   *
   * @return the edges, ordered by source, target and protocol
   */
  public abstract List<TopologyEdge> edges();

  /**
   * What could not be read, when the graph is partial: a failed latency query, an unreachable
   * cluster's configuration.
   *
   * @return the reasons; empty for a complete graph
   */
  public abstract List<String> partialReasons();

  /**
   * How many queries the telemetry source answered for this graph: a constant for the whole
   * mesh, whatever its size.
   *
   * @return the number of queries
   */
  @Value.Default
  public int queries() {
    return 0;
  }

  /**
   * How many series the telemetry source returned, a measure of the read's cost.
   *
   * @return the number of series
   */
  @Value.Default
  public long seriesRead() {
    return 0;
  }

  /**
   * Whether part of the telemetry or configuration could not be read.
   *
   * @return {@code true} when {@link #partialReasons()} is not empty
   */
  public final boolean partial() {
    return !partialReasons().isEmpty();
  }

  /**
   * Finds a node.
   *
   * @param id the node's {@link TopologyNode#id()}
   * @return the node, or empty
   */
  public final Optional<TopologyNode> node(String id) {
    return Optional.ofNullable(index().nodes.get(id));
  }

  /**
   * Finds a node by its parts.
   *
   * @param type the node's type
   * @param cluster the cluster
   * @param namespace the namespace
   * @param name the workload, application or service
   * @return the node, or empty
   */
  public final Optional<TopologyNode> node(
      NodeType type, String cluster, String namespace, String name) {
    return node(TopologyNode.id(type, cluster, namespace, name, null));
  }

  /**
   * Finds a versioned-application node.
   *
   * @param cluster the cluster
   * @param namespace the namespace
   * @param app the application
   * @param version the version
   * @return the node, or empty
   */
  public final Optional<TopologyNode> node(
      String cluster, String namespace, String app, String version) {
    return node(TopologyNode.id(NodeType.APP, cluster, namespace, app, version));
  }

  /**
   * The edges leaving a node.
   *
   * @param node the node
   * @return its outgoing edges, in graph order; empty for a node of another graph
   */
  public final List<TopologyEdge> edgesFrom(TopologyNode node) {
    return edgesFrom(node.id());
  }

  /**
   * The edges leaving a node.
   *
   * @param nodeId the node's id
   * @return its outgoing edges, in graph order
   */
  public final List<TopologyEdge> edgesFrom(String nodeId) {
    return index().from.getOrDefault(nodeId, List.of());
  }

  /**
   * The edges reaching a node.
   *
   * @param node the node
   * @return its incoming edges, in graph order
   */
  public final List<TopologyEdge> edgesTo(TopologyNode node) {
    return edgesTo(node.id());
  }

  /**
   * The edges reaching a node.
   *
   * @param nodeId the node's id
   * @return its incoming edges, in graph order
   */
  public final List<TopologyEdge> edgesTo(String nodeId) {
    return index().to.getOrDefault(nodeId, List.of());
  }

  /**
   * Finds the edge of a protocol between two nodes.
   *
   * @param sourceId the calling node's id
   * @param targetId the called node's id
   * @param protocol the protocol
   * @return the edge, or empty
   */
  public final Optional<TopologyEdge> edge(String sourceId, String targetId, Protocol protocol) {
    return edgesFrom(sourceId).stream()
        .filter(e -> e.target().equals(targetId) && e.protocol() == protocol)
        .findFirst();
  }

  /**
   * The graph in Graphviz's DOT language: nodes grouped by cluster and namespace, edges labelled
   * with their rate, error share and p99, coloured by health. Render with {@code dot -Tsvg}.
   *
   * @return the DOT text
   */
  public final String toDot() {
    return TopologyRendering.dot(this);
  }

  /**
   * The graph as a Mermaid flowchart, for Markdown that GitHub and GitLab render.
   *
   * @return the Mermaid text
   */
  public final String toMermaid() {
    return TopologyRendering.mermaid(this);
  }

  /**
   * The graph as Cytoscape.js elements, the format Kiali's UI consumes: {@code {"elements":
   * {"nodes": [{"data": {...}}], "edges": [...]}}}, with a compound parent node per cluster
   * and namespace.
   *
   * @return the JSON text
   */
  public final String toCytoscapeJson() {
    return TopologyRendering.cytoscape(this);
  }

  @JsonIgnore
  @Value.Lazy
  Index index() {
    return new Index(this);
  }

  @Value.Check
  void check() {
    io.meshsdk.internal.Violations v = new io.meshsdk.internal.Violations();
    if (end().isBefore(start())) {
      v.add("end", "must not be before start " + start() + ", but was " + end());
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < nodes().size(); i++) {
      if (!ids.add(nodes().get(i).id())) {
        v.add("nodes[" + i + "].id", "must be unique, but " + nodes().get(i).id() + " repeats");
      }
    }
    Set<String> edgeIds = new HashSet<>();
    for (int i = 0; i < edges().size(); i++) {
      TopologyEdge edge = edges().get(i);
      if (!ids.contains(edge.source())) {
        v.add("edges[" + i + "].source", "must be a node of the graph, but was " + edge.source());
      }
      if (!ids.contains(edge.target())) {
        v.add("edges[" + i + "].target", "must be a node of the graph, but was " + edge.target());
      }
      if (!edgeIds.add(edge.id())) {
        v.add("edges[" + i + "].id", "must be unique, but " + edge.id() + " repeats");
      }
    }
    v.throwIfAny("TopologyGraph");
  }

  @Override
  public String toString() {
    return "TopologyGraph[" + kind() + ", " + start() + " to " + end() + ", " + nodes().size()
        + " nodes, " + edges().size() + " edges" + (partial() ? ", partial" : "") + "]";
  }

  /** The lookups, built once per graph on first use. */
  static final class Index {
    final Map<String, TopologyNode> nodes = new HashMap<>();
    final Map<String, List<TopologyEdge>> from = new HashMap<>();
    final Map<String, List<TopologyEdge>> to = new HashMap<>();

    Index(TopologyGraph graph) {
      for (TopologyNode node : graph.nodes()) {
        nodes.put(node.id(), node);
      }
      Map<String, List<TopologyEdge>> out = new HashMap<>();
      Map<String, List<TopologyEdge>> in = new HashMap<>();
      for (TopologyEdge edge : graph.edges()) {
        out.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge);
        in.computeIfAbsent(edge.target(), k -> new ArrayList<>()).add(edge);
      }
      out.forEach((k, list) -> from.put(k, List.copyOf(list)));
      in.forEach((k, list) -> to.put(k, List.copyOf(list)));
    }
  }

  /** Builds {@link TopologyGraph}. */
  public static final class Builder extends ImmutableTopologyGraph.Builder {
    Builder() {}
  }
}
