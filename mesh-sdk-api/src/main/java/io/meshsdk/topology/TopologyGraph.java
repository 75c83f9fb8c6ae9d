package io.meshsdk.topology;

import java.util.List;
import org.immutables.value.Value;

/**
 * The service graph of a mesh over a time window: workloads or services as nodes, observed
 * traffic as edges.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class TopologyGraph {

  TopologyGraph() {}

  /**
   * Creates a graph.
   *
   * @param nodes the nodes
   * @param edges the edges between them
   * @return the graph
   */
  public static TopologyGraph of(List<TopologyNode> nodes, List<TopologyEdge> edges) {
    return ImmutableTopologyGraph.builder().nodes(nodes).edges(edges).build();
  }

  /**
   * The nodes.
   *
   * @return the nodes, ordered by id
   */
  public abstract List<TopologyNode> nodes();

  /**
   * The edges.
   *
   * @return the edges, ordered by source and target
   */
  public abstract List<TopologyEdge> edges();
}
