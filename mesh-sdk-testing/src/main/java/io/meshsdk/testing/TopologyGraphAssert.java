package io.meshsdk.testing;

import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link TopologyGraph}: which nodes and edges it has, and what their traffic
 * and health are. Nodes are named by their {@link TopologyNode#id()}, such as {@code
 * workload:east/bookinfo/reviews-v2} or {@code app:east/bookinfo/reviews/v2}. A failure lists
 * what the graph holds.
 *
 * <pre>{@code
 * assertThat(graph)
 *     .isNotPartial()
 *     .hasNode("workload:east/bookinfo/reviews-v2", node -> node.isHealthy())
 *     .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/reviews-v2",
 *         edge -> edge.hasRequestsPerSecond(10).hasErrorShare(0.04).hasP99Millis(180).isCritical());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TopologyGraphAssert extends AbstractAssert<TopologyGraphAssert, TopologyGraph> {

  TopologyGraphAssert(TopologyGraph actual) {
    super(actual, TopologyGraphAssert.class);
  }

  /**
   * Checks that the graph's telemetry and configuration were read in full.
   *
   * @return this
   */
  public TopologyGraphAssert isNotPartial() {
    isNotNull();
    if (actual.partial()) {
      failWithMessage("Expected a complete graph, but it is partial:%n%s", actual.partialReasons().stream()
          .map(r -> "  " + r).collect(Collectors.joining(System.lineSeparator())));
    }
    return this;
  }

  /**
   * Checks that the graph has a node.
   *
   * @param id the node's id
   * @return this
   */
  public TopologyGraphAssert hasNode(String id) {
    node(id);
    return this;
  }

  /**
   * Checks that the graph has a node, and more about it.
   *
   * @param id the node's id
   * @param requirements assertions on the node
   * @return this
   */
  public TopologyGraphAssert hasNode(String id, Consumer<TopologyNodeAssert> requirements) {
    requirements.accept(new TopologyNodeAssert(node(id)));
    return this;
  }

  /**
   * Checks that the graph has no such node.
   *
   * @param id the node's id
   * @return this
   */
  public TopologyGraphAssert doesNotHaveNode(String id) {
    isNotNull();
    if (actual.node(id).isPresent()) {
      failWithMessage("Expected no node %s, but the graph has it; its nodes:%n%s", id, nodes(actual.nodes()));
    }
    return this;
  }

  /**
   * Checks that the graph has exactly these nodes, in any order.
   *
   * @param ids the nodes' ids
   * @return this
   */
  public TopologyGraphAssert hasNodes(String... ids) {
    isNotNull();
    List<String> expected = List.of(ids).stream().sorted().collect(Collectors.toList());
    List<String> found = actual.nodes().stream().map(TopologyNode::id).sorted().collect(Collectors.toList());
    if (!expected.equals(found)) {
      failWithMessage("Expected the nodes%n%s%nbut the graph has%n%s",
          expected.stream().map(id -> "  " + id).collect(Collectors.joining(System.lineSeparator())),
          nodes(actual.nodes()));
    }
    return this;
  }

  /**
   * Checks that the graph has an edge between two nodes, of any protocol.
   *
   * @param from the calling node's id
   * @param to the called node's id
   * @return this
   */
  public TopologyGraphAssert hasEdge(String from, String to) {
    edges(from, to, null);
    return this;
  }

  /**
   * Checks that the graph has one edge between two nodes, and more about it.
   *
   * @param from the calling node's id
   * @param to the called node's id
   * @param requirements assertions on the edge
   * @return this
   */
  public TopologyGraphAssert hasEdge(String from, String to, Consumer<TopologyEdgeAssert> requirements) {
    requirements.accept(new TopologyEdgeAssert(edge(from, to, null)));
    return this;
  }

  /**
   * Checks that the graph has an edge of a protocol between two nodes, and more about it.
   *
   * @param from the calling node's id
   * @param to the called node's id
   * @param protocol the protocol
   * @param requirements assertions on the edge
   * @return this
   */
  public TopologyGraphAssert hasEdge(String from, String to, Protocol protocol,
      Consumer<TopologyEdgeAssert> requirements) {
    requirements.accept(new TopologyEdgeAssert(edge(from, to, Objects.requireNonNull(protocol, "protocol"))));
    return this;
  }

  /**
   * Checks that the graph has no edge between two nodes.
   *
   * @param from the calling node's id
   * @param to the called node's id
   * @return this
   */
  public TopologyGraphAssert doesNotHaveEdge(String from, String to) {
    isNotNull();
    List<TopologyEdge> found = actual.edgesFrom(from).stream().filter(e -> e.target().equals(to))
        .collect(Collectors.toList());
    if (!found.isEmpty()) {
      failWithMessage("Expected no edge %s -> %s, but the graph has:%n%s", from, to, edges(found));
    }
    return this;
  }

  private TopologyNode node(String id) {
    isNotNull();
    Objects.requireNonNull(id, "id");
    return actual.node(id).orElseGet(() -> {
      failWithMessage("Expected a node %s, but the graph has%n%s", id, nodes(actual.nodes()));
      return null;
    });
  }

  private TopologyEdge edge(String from, String to, Protocol protocol) {
    List<TopologyEdge> between = edges(from, to, protocol);
    if (between.size() > 1) {
      failWithMessage("Expected one edge %s -> %s, but the graph has %d, one per protocol; name the protocol:%n%s",
          from, to, between.size(), edges(between));
    }
    return between.get(0);
  }

  /** The edges between two nodes, at least one. */
  private List<TopologyEdge> edges(String from, String to, Protocol protocol) {
    isNotNull();
    List<TopologyEdge> between = actual.edgesFrom(from).stream()
        .filter(e -> e.target().equals(to) && (protocol == null || e.protocol() == protocol))
        .collect(Collectors.toList());
    String what = from + " -> " + to + (protocol == null ? "" : " over " + protocol);
    if (between.isEmpty()) {
      List<TopologyEdge> near = actual.edges().stream()
          .filter(e -> e.source().equals(from) || e.target().equals(to)).collect(Collectors.toList());
      failWithMessage("Expected an edge %s, but the graph has %s%n%s", what,
          near.isEmpty() ? "no edge from the one or to the other; its edges:" : "these edges from the one or to the other:",
          edges(near.isEmpty() ? actual.edges() : near));
    }
    return between;
  }

  static String nodes(List<TopologyNode> nodes) {
    if (nodes.isEmpty()) {
      return "  (no nodes)";
    }
    return nodes.stream().map(n -> "  " + n.id() + " " + n.health())
        .collect(Collectors.joining(System.lineSeparator()));
  }

  static String edges(List<TopologyEdge> edges) {
    if (edges.isEmpty()) {
      return "  (no edges)";
    }
    return edges.stream().map(e -> "  " + TopologyEdgeAssert.describe(e))
        .collect(Collectors.joining(System.lineSeparator()));
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
