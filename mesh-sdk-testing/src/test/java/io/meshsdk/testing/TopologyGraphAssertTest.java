package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Assertions on a topology graph")
class TopologyGraphAssertTest {
  static final String INGRESS = "workload:east/istio-system/istio-ingressgateway";
  static final String PRODUCTPAGE = "workload:east/bookinfo/productpage-v1";
  static final String DETAILS = "workload:east/bookinfo/details-v1";
  static final String REVIEWS_V2 = "workload:east/bookinfo/reviews-v2";
  static final String REVIEWS_V3 = "workload:west/bookinfo/reviews-v3";
  static final String RATINGS = "workload:west/bookinfo/ratings-v1";
  static final String MONGODB = "workload:west/bookinfo/mongodb-v1";

  static TopologyGraph graph;

  @BeforeAll
  static void read() {
    try (MeshManager meshes = MeshManager.builder().telemetry(Bookinfo.TRAFFIC.telemetrySource()).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      graph = prod.topology().read(TopologyQuery.lastMinutes(5).endingAt(Instant.parse("2026-03-01T10:00:00Z")));
    }
  }

  @Nested
  @DisplayName("on nodes")
  class Nodes {

    @Test
    @DisplayName("pass for nodes the graph has, and fail listing its nodes otherwise")
    void hasNode() {
      MeshAssertions.assertThat(graph).hasNode(PRODUCTPAGE).doesNotHaveNode("workload:east/bookinfo/reviews-v9");

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode("workload:east/bookinfo/reviews-v9"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected a node workload:east/bookinfo/reviews-v9, but the graph has")
          .hasMessageContaining("  " + REVIEWS_V2 + " WARNING")
          .hasMessageContaining("  unknown HEALTHY");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).doesNotHaveNode(PRODUCTPAGE))
          .hasMessageContaining("Expected no node " + PRODUCTPAGE + ", but the graph has it")
          .hasMessageContaining("  " + MONGODB);
    }

    @Test
    @DisplayName("pass for exactly the nodes the graph has, and fail listing them otherwise")
    void hasNodes() {
      List<String> all = graph.nodes().stream().map(n -> n.id()).toList();
      MeshAssertions.assertThat(graph).hasNodes(all.toArray(String[]::new));

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNodes(PRODUCTPAGE, DETAILS))
          .hasMessageContaining("Expected the nodes")
          .hasMessageContaining("but the graph has")
          .hasMessageContaining("  " + RATINGS + " WARNING");
    }

    @Test
    @DisplayName("check a node's health and inbound traffic, and show the node when they differ")
    void nodeTraffic() {
      MeshAssertions.assertThat(graph)
          .hasNode(PRODUCTPAGE, n -> n.hasInboundRequestsPerSecond(25).hasInboundErrorShare(0)
              .hasInboundP99Millis(20).isHealthy())
          .hasNode(REVIEWS_V2, n -> n.isWarning())
          .hasNode(REVIEWS_V3, n -> n.isCritical());

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode(REVIEWS_V2, n -> n.isHealthy()))
          .hasMessageContaining("Expected node " + REVIEWS_V2 + " to be HEALTHY, but it is WARNING")
          .hasMessageContaining(REVIEWS_V2 + ": in 10.0000 req/s, 0.000% errors, p99 150.000 ms, 100% mTLS");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode(REVIEWS_V2, n -> n.isCritical()))
          .hasMessageContaining("to be CRITICAL, but it is WARNING");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode(PRODUCTPAGE, n -> n.isWarning()))
          .hasMessageContaining("to be WARNING, but it is HEALTHY");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph)
          .hasNode(PRODUCTPAGE, n -> n.hasInboundRequestsPerSecond(30)))
          .hasMessageContaining("to have an inbound request rate of 30.0000 req/s (within 1.000%), but it has"
              + " 25.0000 req/s");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph)
          .hasNode(PRODUCTPAGE, n -> n.hasInboundErrorShare(0.1)))
          .hasMessageContaining("an inbound error share of 0.100000 (within 1.000%), but it has 0.00000");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph)
          .hasNode(PRODUCTPAGE, n -> n.hasInboundP99Millis(30)))
          .hasMessageContaining("an inbound p99 of 30.0000 ms (within 1.000%), but it has 20.0000 ms");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode(MONGODB, n -> n.hasInboundP99Millis(1)))
          .hasMessageContaining("Expected node " + MONGODB + " to have an inbound p99 of 1.00000 ms, but it has no"
              + " latency")
          .hasMessageContaining("tcp 1024.00 B/s sent, 4096.00 B/s received");
    }

    @Test
    @DisplayName("accept a number within the tolerance given, and refuse one outside it")
    void tolerance() {
      MeshAssertions.assertThat(graph).hasNode(PRODUCTPAGE, n -> n.within(0.25).hasInboundRequestsPerSecond(30));

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph)
          .hasNode(PRODUCTPAGE, n -> n.within(0.1).hasInboundRequestsPerSecond(30)))
          .hasMessageContaining("(within 10.00%)");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasNode(PRODUCTPAGE, n -> n.within(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a relative tolerance must be a finite number of at least 0, but was -1.0");
    }
  }

  @Nested
  @DisplayName("on edges")
  class Edges {

    @Test
    @DisplayName("pass for an edge the graph has, and fail listing the edges near it otherwise")
    void hasEdge() {
      MeshAssertions.assertThat(graph).hasEdge(INGRESS, PRODUCTPAGE).doesNotHaveEdge(DETAILS, PRODUCTPAGE);

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(PRODUCTPAGE, RATINGS))
          .hasMessageContaining("Expected an edge " + PRODUCTPAGE + " -> " + RATINGS
              + ", but the graph has these edges from the one or to the other:")
          .hasMessageContaining(PRODUCTPAGE + " -> " + DETAILS + " HTTP: 25.0000 req/s, 4.000% errors, p99 60.0000 ms")
          .hasMessageContaining(REVIEWS_V3 + " -> " + RATINGS + " GRPC: 4.00000 req/s, 12.50% errors");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(DETAILS, INGRESS))
          .hasMessageContaining("but the graph has no edge from the one or to the other; its edges:")
          .hasMessageContaining(RATINGS + " -> " + MONGODB + " TCP");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).doesNotHaveEdge(INGRESS, PRODUCTPAGE))
          .hasMessageContaining("Expected no edge " + INGRESS + " -> " + PRODUCTPAGE + ", but the graph has:")
          .hasMessageContaining("20.0000 req/s");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph)
          .hasEdge(RATINGS, MONGODB, Protocol.HTTP, e -> e.isHealthy()))
          .hasMessageContaining("Expected an edge " + RATINGS + " -> " + MONGODB + " over HTTP")
          .hasMessageContaining(RATINGS + " -> " + MONGODB + " TCP: tcp 1024.00 B/s sent");
    }

    @Test
    @DisplayName("check an edge's rate, error share, p99, mTLS share and TCP bytes, and show the edge when they differ")
    void edgeTraffic() {
      MeshAssertions.assertThat(graph)
          .hasEdge(PRODUCTPAGE, DETAILS, e -> e.hasRequestsPerSecond(25).hasErrorShare(0.04).hasP99Millis(60)
              .hasMtlsShare(1))
          .hasEdge(RATINGS, MONGODB, Protocol.TCP, e -> e.hasTcpBytesPerSecond(1024, 4096));

      String found = PRODUCTPAGE + " -> " + DETAILS + " HTTP: 25.0000 req/s, 4.000% errors, p99 60.0000 ms,"
          + " 100% mTLS, WARNING";
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(PRODUCTPAGE, DETAILS,
          e -> e.hasRequestsPerSecond(20)))
          .hasMessageContaining("Expected edge " + PRODUCTPAGE + "->" + DETAILS + ":http to have a request rate of"
              + " 20.0000 req/s (within 1.000%), but it has 25.0000 req/s")
          .hasMessageContaining(found);
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(PRODUCTPAGE, DETAILS,
          e -> e.hasErrorShare(0.01)))
          .hasMessageContaining("an error share of 0.0100000 (within 1.000%), but it has 0.0400000")
          .hasMessageContaining(found);
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(PRODUCTPAGE, DETAILS,
          e -> e.hasP99Millis(100)))
          .hasMessageContaining("a p99 of 100.000 ms (within 1.000%), but it has 60.0000 ms");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge("unknown", PRODUCTPAGE,
          e -> e.hasMtlsShare(1)))
          .hasMessageContaining("an mTLS share of 1.00000 (within 1.000%), but it has 0.00000")
          .hasMessageContaining("0% mTLS");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(RATINGS, MONGODB,
          e -> e.hasTcpBytesPerSecond(1024, 1024)))
          .hasMessageContaining("TCP bytes received of 1024.00 B/s (within 1.000%), but it has 4096.00 B/s");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(RATINGS, MONGODB, e -> e.hasP99Millis(1)))
          .hasMessageContaining("to have a p99 of 1.00000 ms, but it has no latency");
    }

    @Test
    @DisplayName("check an edge's health and whether it crosses clusters, and say what it is otherwise")
    void edgeHealth() {
      MeshAssertions.assertThat(graph)
          .hasEdge(INGRESS, PRODUCTPAGE, e -> e.isHealthy())
          .hasEdge(PRODUCTPAGE, DETAILS, e -> e.isWarning())
          .hasEdge(PRODUCTPAGE, REVIEWS_V3, e -> e.isCritical().isCrossCluster());

      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(PRODUCTPAGE, REVIEWS_V3, e -> e.isHealthy()))
          .hasMessageContaining("to be HEALTHY, but it is CRITICAL")
          .hasMessageContaining("5.00000 req/s, 20.00% errors");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(INGRESS, PRODUCTPAGE, e -> e.isCritical()))
          .hasMessageContaining("to be CRITICAL, but it is HEALTHY");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(INGRESS, PRODUCTPAGE, e -> e.isWarning()))
          .hasMessageContaining("to be WARNING, but it is HEALTHY");
      assertThatThrownBy(() -> MeshAssertions.assertThat(graph).hasEdge(INGRESS, PRODUCTPAGE,
          e -> e.isCrossCluster()))
          .hasMessageContaining("to cross clusters, but it stays in one");
    }
  }

  @Nested
  @DisplayName("on the graph")
  class Whole {

    @Test
    @DisplayName("pass for a complete graph, and fail listing why a partial graph is partial")
    void isNotPartial() {
      MeshAssertions.assertThat(graph).isNotPartial();

      TopologyGraph partial = TopologyGraph.builder().from(graph)
          .partialReasons(List.of("latency percentiles could not be read: Prometheus timed out")).build();
      assertThatThrownBy(() -> MeshAssertions.assertThat(partial).isNotPartial())
          .hasMessageContaining("Expected a complete graph, but it is partial:")
          .hasMessageContaining("  latency percentiles could not be read: Prometheus timed out");
    }

    @Test
    @DisplayName("ask for the protocol when two nodes talk several")
    void ambiguousEdge() {
      TopologyGraph both = SyntheticTrafficGraphs.read(SyntheticTraffic.builder()
          .call(Bookinfo.RATINGS, Bookinfo.MONGODB, c -> c.tcp(10, 10))
          .call(Bookinfo.RATINGS, Bookinfo.MONGODB, c -> c.http(1))
          .build());

      MeshAssertions.assertThat(both).hasEdge(RATINGS, MONGODB)
          .hasEdge(RATINGS, MONGODB, Protocol.HTTP, e -> e.hasRequestsPerSecond(1));
      assertThatThrownBy(() -> MeshAssertions.assertThat(both).hasEdge(RATINGS, MONGODB, e -> e.isHealthy()))
          .hasMessageContaining("Expected one edge " + RATINGS + " -> " + MONGODB
              + ", but the graph has 2, one per protocol; name the protocol:")
          .hasMessageContaining(" HTTP: 1.00000 req/s")
          .hasMessageContaining(" TCP: tcp 10.0000 B/s sent");
    }
  }

  /** Reads a graph of other traffic, on a manager of its own. */
  static final class SyntheticTrafficGraphs {
    static TopologyGraph read(SyntheticTraffic traffic) {
      try (MeshManager meshes = MeshManager.builder().telemetry(traffic.telemetrySource()).build()) {
        meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
        return meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()).topology()
            .read(TopologyQuery.lastMinutes(5));
      }
    }
  }
}
