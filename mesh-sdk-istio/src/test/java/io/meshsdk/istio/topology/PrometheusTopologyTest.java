package io.meshsdk.istio.topology;

import static io.meshsdk.istio.topology.BookinfoTraffic.DETAILS;
import static io.meshsdk.istio.topology.BookinfoTraffic.INGRESS;
import static io.meshsdk.istio.topology.BookinfoTraffic.PRODUCTPAGE;
import static io.meshsdk.istio.topology.BookinfoTraffic.RATINGS;
import static io.meshsdk.istio.topology.BookinfoTraffic.REVIEWS_V1;
import static io.meshsdk.istio.topology.BookinfoTraffic.REVIEWS_V2;
import static io.meshsdk.istio.topology.BookinfoTraffic.REVIEWS_V3;
import static io.meshsdk.istio.topology.BookinfoTraffic.UNKNOWN;
import static io.meshsdk.istio.topology.BookinfoTraffic.edge;
import static io.meshsdk.istio.topology.BookinfoTraffic.quantile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshsdk.istio.internal.IstioBackend;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.HealthThresholds;
import io.meshsdk.topology.Latency;
import io.meshsdk.topology.NodeType;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyNode;
import io.meshsdk.topology.TopologyQuery;
import io.meshsdk.topology.TrafficMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Topology read from a real Prometheus holding Bookinfo's traffic across two clusters")
class PrometheusTopologyTest {
  static final Instant END = BookinfoTraffic.end(Instant.now());
  private static PrometheusServer server;
  private static PrometheusTelemetrySource prometheus;

  @BeforeAll
  static void startPrometheus() throws Exception {
    server = PrometheusServer.start(BookinfoTraffic.openMetrics(END));
    prometheus = PrometheusTelemetrySource.builder().baseUrl(server.baseUrl())
        .requestTimeout(Duration.ofSeconds(20)).build();
  }

  @AfterAll
  static void stopPrometheus() {
    if (server != null) {
      server.close();
    }
  }

  static TopologyGraph read(TopologyQuery query) {
    return new IstioBackend().topology(prometheus, query.endingAt(END), TranslationContext.of("prod"),
        MeshClusterReader.none());
  }

  static TopologyQuery fiveMinutes(GraphKind kind) {
    return TopologyQuery.lastMinutes(5).as(kind);
  }

  static String workload(BookinfoTraffic.Workload w) {
    return w == UNKNOWN ? TopologyNode.UNKNOWN : TopologyNode.id(NodeType.WORKLOAD, w.cluster(), w.namespace(),
        w.name(), null);
  }

  static String app(BookinfoTraffic.Workload w) {
    return TopologyNode.id(NodeType.APP, w.cluster(), w.namespace(), w.app(), null);
  }

  static String versionedApp(BookinfoTraffic.Workload w) {
    return TopologyNode.id(NodeType.APP, w.cluster(), w.namespace(), w.app(), w.version());
  }

  static String service(BookinfoTraffic.Workload w) {
    return TopologyNode.id(NodeType.SERVICE, w.cluster(), w.namespace(), w.service(), null);
  }

  static TopologyEdge http(TopologyGraph graph, String source, String target) {
    return graph.edge(source, target, Protocol.HTTP).orElseThrow(
        () -> new AssertionError("no HTTP edge " + source + " -> " + target + " in " + graph.edges()));
  }

  /** Rates to 1 %, as Prometheus' float arithmetic leaves them. */
  static Offset<Double> onePercentOf(double expected) {
    return within(expected * 0.01);
  }

  static void assertLatency(TrafficMetrics metrics, BookinfoTraffic.Edge... edges) {
    Latency latency = metrics.latency().orElseThrow(() -> new AssertionError("no latency in " + metrics));
    assertThat(latency.p50Millis()).isCloseTo(quantile(0.5, edges), within(0.01));
    assertThat(latency.p95Millis()).isCloseTo(quantile(0.95, edges), within(0.01));
    assertThat(latency.p99Millis()).isCloseTo(quantile(0.99, edges), within(0.01));
  }

  @Nested
  @DisplayName("as a workload graph")
  class WorkloadGraph {
    final TopologyGraph graph = read(fiveMinutes(GraphKind.WORKLOAD));

    @Test
    @DisplayName("has every workload that sent or received traffic, and the unknown caller")
    void nodes() {
      assertThat(graph.nodes()).extracting(TopologyNode::id).containsExactly(
          "unknown",
          "workload:east/bookinfo/details-v1",
          "workload:east/bookinfo/productpage-v1",
          "workload:east/bookinfo/reviews-v1",
          "workload:east/bookinfo/reviews-v2",
          "workload:east/istio-system/istio-ingressgateway",
          "workload:west/bookinfo/mongodb-v1",
          "workload:west/bookinfo/ratings-v1",
          "workload:west/bookinfo/reviews-v3");
      assertThat(graph.partial()).isFalse();
      assertThat(graph.start()).isEqualTo(END.minus(Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("has one edge per caller, callee and protocol, with the rate of each")
    void rates() {
      assertThat(graph.edges()).hasSize(9);
      for (BookinfoTraffic.Edge expected : BookinfoTraffic.HTTP) {
        Protocol protocol = expected.protocol().equals("grpc") ? Protocol.GRPC : Protocol.HTTP;
        TopologyEdge edge = graph.edge(workload(expected.source()), workload(expected.target()), protocol)
            .orElseThrow();
        assertThat(edge.metrics().requestsPerSecond()).as(edge.id()).isCloseTo(expected.rate(),
            onePercentOf(expected.rate()));
      }
      TopologyEdge tcp = graph.edge(workload(RATINGS), workload(BookinfoTraffic.MONGODB), Protocol.TCP).orElseThrow();
      assertThat(tcp.metrics().tcpSentBytesPerSecond()).isCloseTo(1024.0, onePercentOf(1024));
      assertThat(tcp.metrics().tcpReceivedBytesPerSecond()).isCloseTo(4096.0, onePercentOf(4096));
      assertThat(tcp.metrics().requestsPerSecond()).isZero();
      assertThat(tcp.health()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    @DisplayName("has the error share, response codes and gRPC statuses of each edge")
    void errors() {
      TopologyEdge details = http(graph, workload(PRODUCTPAGE), workload(DETAILS));
      assertThat(details.metrics().errorRatio()).isCloseTo(0.04, within(1e-6));
      assertThat(details.metrics().responseCodes()).containsOnlyKeys("200", "503");
      assertThat(details.metrics().responseCodes().get("503")).isCloseTo(1.0, onePercentOf(1));
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V3)).metrics().errorRatio())
          .isCloseTo(0.2, within(1e-6));
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V1)).metrics().errorRatio()).isZero();

      TopologyEdge grpc = graph.edge(workload(REVIEWS_V3), workload(RATINGS), Protocol.GRPC).orElseThrow();
      assertThat(grpc.metrics().errorRatio()).isCloseTo(0.125, within(1e-6));
      assertThat(grpc.metrics().grpcStatuses()).containsOnlyKeys("0", "14");
      assertThat(grpc.metrics().responseCodes()).containsOnlyKeys("200");
    }

    @Test
    @DisplayName("has p50, p95 and p99 of each edge as histogram_quantile computes them")
    void latency() {
      for (BookinfoTraffic.Edge expected : BookinfoTraffic.HTTP) {
        Protocol protocol = expected.protocol().equals("grpc") ? Protocol.GRPC : Protocol.HTTP;
        TopologyEdge edge = graph.edge(workload(expected.source()), workload(expected.target()), protocol)
            .orElseThrow();
        assertLatency(edge.metrics(), expected);
      }
      // worked by hand: 98 % of reviews-v2's requests take at most 100 ms, the rest up to 250 ms
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V2)).metrics().latency().orElseThrow()
          .p99Millis()).isCloseTo(100 + 150 * (0.99 - 0.98) / 0.02, within(0.01)).isCloseTo(175.0, within(0.01));
    }

    @Test
    @DisplayName("judges each edge by the default thresholds")
    void health() {
      assertThat(http(graph, workload(INGRESS), workload(PRODUCTPAGE)).health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(http(graph, workload(PRODUCTPAGE), workload(DETAILS)).health())
          .as("4 %% errors").isEqualTo(HealthStatus.WARNING);
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V2)).health())
          .as("p99 175 ms").isEqualTo(HealthStatus.WARNING);
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V3)).health())
          .as("20 %% errors, p99 487.5 ms").isEqualTo(HealthStatus.CRITICAL);
      assertThat(http(graph, workload(REVIEWS_V2), workload(RATINGS)).health())
          .as("p99 95 ms").isEqualTo(HealthStatus.HEALTHY);
      assertThat(graph.node(workload(REVIEWS_V3)).orElseThrow().health()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(graph.node(workload(INGRESS)).orElseThrow().health())
          .as("judged by what it sends, as nobody calls it").isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    @DisplayName("sums each node's inbound and outbound traffic, with the node's own percentiles")
    void nodeMetrics() {
      TopologyNode productpage = graph.node(workload(PRODUCTPAGE)).orElseThrow();
      assertThat(productpage.inbound().requestsPerSecond()).isCloseTo(25.0, onePercentOf(25));
      assertThat(productpage.outbound().requestsPerSecond()).isCloseTo(52.0, onePercentOf(52));
      assertThat(productpage.inbound().mtlsRatio()).as("the unknown caller talks plain text")
          .isCloseTo(0.8, within(1e-6));
      assertThat(productpage.app()).contains("productpage");
      assertThat(productpage.version()).contains("v1");
      assertThat(productpage.services()).containsExactly("productpage");
      assertLatency(productpage.inbound(), edge(INGRESS, PRODUCTPAGE), edge(UNKNOWN, PRODUCTPAGE));
      assertLatency(graph.node(workload(RATINGS)).orElseThrow().inbound(),
          edge(REVIEWS_V2, RATINGS), edge(REVIEWS_V3, RATINGS));
    }

    @Test
    @DisplayName("marks the edges that cross clusters")
    void crossCluster() {
      assertThat(graph.edges()).filteredOn(TopologyEdge::crossCluster).extracting(TopologyEdge::id)
          .containsExactlyInAnyOrder(
              workload(PRODUCTPAGE) + "->" + workload(REVIEWS_V3) + ":http",
              workload(REVIEWS_V2) + "->" + workload(RATINGS) + ":http");
    }

    @Test
    @DisplayName("answers lookups by node in both directions")
    void lookups() {
      TopologyNode productpage = graph.node(NodeType.WORKLOAD, "east", "bookinfo", "productpage-v1").orElseThrow();
      assertThat(graph.edgesFrom(productpage)).extracting(TopologyEdge::target).containsExactly(
          workload(DETAILS), workload(REVIEWS_V1), workload(REVIEWS_V2), workload(REVIEWS_V3));
      assertThat(graph.edgesTo(productpage)).extracting(TopologyEdge::source)
          .containsExactly("unknown", workload(INGRESS));
      assertThat(graph.node("workload:east/bookinfo/nope")).isEmpty();
    }

    @Test
    @DisplayName("reads the whole mesh in three queries and says how many series they returned")
    void cost() {
      assertThat(graph.queries()).isEqualTo(3);
      // 11 request series (edge x code) + 2 TCP + 3 quantiles x (8 edges + 6 called nodes)
      assertThat(graph.seriesRead()).isEqualTo(11 + 2 + 3 * (8 + 6));
    }
  }

  @Nested
  @DisplayName("as an app graph")
  class AppGraph {
    final TopologyGraph graph = read(fiveMinutes(GraphKind.APP));

    @Test
    @DisplayName("puts the versions of an app in one cluster together, with percentiles over all of them")
    void mergesVersions() {
      assertThat(graph.nodes()).extracting(TopologyNode::id).containsExactly(
          "app:east/bookinfo/details", "app:east/bookinfo/productpage", "app:east/bookinfo/reviews",
          "app:east/istio-system/istio-ingressgateway", "app:west/bookinfo/mongodb",
          "app:west/bookinfo/ratings", "app:west/bookinfo/reviews", "unknown");
      TopologyEdge reviews = http(graph, app(PRODUCTPAGE), app(REVIEWS_V1));
      assertThat(reviews.metrics().requestsPerSecond()).isCloseTo(22.0, onePercentOf(22));
      assertLatency(reviews.metrics(), edge(PRODUCTPAGE, REVIEWS_V1), edge(PRODUCTPAGE, REVIEWS_V2));
      assertThat(reviews.metrics().latency().orElseThrow().p99Millis())
          .as("below 100 ms although reviews-v2 alone has 175 ms").isLessThan(100);
      assertThat(reviews.health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(http(graph, app(PRODUCTPAGE), app(REVIEWS_V3)).metrics().errorRatio()).isCloseTo(0.2, within(1e-6));
      assertThat(http(graph, app(REVIEWS_V2), app(RATINGS)).metrics().requestsPerSecond())
          .isCloseTo(10.0, onePercentOf(10));
      assertThat(graph.edges()).hasSize(8);
    }
  }

  @Nested
  @DisplayName("as a versioned app graph")
  class VersionedAppGraph {
    final TopologyGraph graph = read(fiveMinutes(GraphKind.VERSIONED_APP));

    @Test
    @DisplayName("has one node per app version")
    void versions() {
      assertThat(graph.node("east", "bookinfo", "reviews", "v2")).hasValueSatisfying(n -> {
        assertThat(n.label()).isEqualTo("reviews v2");
        assertThat(n.inbound().requestsPerSecond()).isCloseTo(10.0, onePercentOf(10));
      });
      assertThat(graph.nodes()).hasSize(9);
      for (BookinfoTraffic.Edge expected : BookinfoTraffic.HTTP) {
        if (expected.source() == UNKNOWN) {
          continue;
        }
        Protocol protocol = expected.protocol().equals("grpc") ? Protocol.GRPC : Protocol.HTTP;
        TopologyEdge edge = graph.edge(versionedApp(expected.source()), versionedApp(expected.target()), protocol)
            .orElseThrow();
        assertThat(edge.metrics().requestsPerSecond()).isCloseTo(expected.rate(), onePercentOf(expected.rate()));
        assertThat(edge.metrics().errorRatio()).isCloseTo(
            expected.ratesByCode().entrySet().stream().filter(e -> !e.getKey().matches("200(/0)?"))
                .mapToDouble(Map.Entry::getValue).sum() / expected.rate(), within(1e-6));
        assertLatency(edge.metrics(), expected);
      }
    }
  }

  @Nested
  @DisplayName("as a service graph")
  class ServiceGraph {
    final TopologyGraph graph = read(fiveMinutes(GraphKind.SERVICE));

    @Test
    @DisplayName("draws calls between services, with callers behind no service as workloads")
    void services() {
      assertThat(graph.nodes()).extracting(TopologyNode::id).containsExactly(
          "service:east/bookinfo/details", "service:east/bookinfo/productpage", "service:east/bookinfo/reviews",
          "service:west/bookinfo/mongodb", "service:west/bookinfo/ratings", "service:west/bookinfo/reviews",
          "unknown", "workload:east/istio-system/istio-ingressgateway");
      assertThat(http(graph, workload(INGRESS), service(PRODUCTPAGE)).metrics().requestsPerSecond())
          .isCloseTo(20.0, onePercentOf(20));
      TopologyEdge reviews = http(graph, service(PRODUCTPAGE), service(REVIEWS_V1));
      assertThat(reviews.metrics().requestsPerSecond()).isCloseTo(22.0, onePercentOf(22));
      assertLatency(reviews.metrics(), edge(PRODUCTPAGE, REVIEWS_V1), edge(PRODUCTPAGE, REVIEWS_V2));
      assertThat(reviews.services()).containsExactly("reviews.bookinfo.svc.cluster.local");
      TopologyEdge ratings = http(graph, service(REVIEWS_V2), service(RATINGS));
      assertThat(ratings.crossCluster()).isTrue();
      assertThat(ratings.metrics().requestsPerSecond()).isCloseTo(10.0, onePercentOf(10));
      assertLatency(ratings.metrics(), edge(REVIEWS_V2, RATINGS));
      assertThat(graph.edge(service(REVIEWS_V3), service(RATINGS), Protocol.GRPC)).isPresent();
      assertThat(graph.edge(service(RATINGS), service(BookinfoTraffic.MONGODB), Protocol.TCP)).isPresent();
      assertLatency(graph.node(service(REVIEWS_V1)).orElseThrow().inbound(),
          edge(PRODUCTPAGE, REVIEWS_V1), edge(PRODUCTPAGE, REVIEWS_V2));
    }
  }

  @Nested
  @DisplayName("with filters")
  class Filters {

    @Test
    @DisplayName("keeps the edges with an end in the namespaces asked for")
    void namespace() {
      TopologyGraph graph = read(fiveMinutes(GraphKind.WORKLOAD).namespace("istio-system"));
      assertThat(graph.edges()).extracting(TopologyEdge::id)
          .containsExactly(workload(INGRESS) + "->" + workload(PRODUCTPAGE) + ":http");
      assertThat(graph.queries()).isEqualTo(3);
    }

    @Test
    @DisplayName("keeps the edges with an end in the clusters asked for")
    void cluster() {
      TopologyGraph graph = read(fiveMinutes(GraphKind.WORKLOAD).cluster("west"));
      assertThat(graph.edges()).extracting(TopologyEdge::target).containsExactlyInAnyOrder(
          workload(REVIEWS_V3), workload(RATINGS), workload(RATINGS), workload(BookinfoTraffic.MONGODB));
    }

    @Test
    @DisplayName("combines namespace and cluster filters: an end in the namespaces and an end in the clusters")
    void namespaceAndCluster() {
      TopologyGraph graph = read(fiveMinutes(GraphKind.WORKLOAD).namespace("istio-system").cluster("west"));
      assertThat(graph.edges()).isEmpty();
      TopologyGraph west = read(fiveMinutes(GraphKind.WORKLOAD).namespace("bookinfo").cluster("west"));
      assertThat(west.edges()).hasSize(4);
    }

    @Test
    @DisplayName("reads the calling proxies' reports when asked, which this data does not hold")
    void reporter() {
      TopologyGraph graph = read(TopologyQuery.builder().from(fiveMinutes(GraphKind.WORKLOAD))
          .reporter(io.meshsdk.topology.Reporter.SOURCE).build());
      assertThat(graph.edges()).isEmpty();
    }

    @Test
    @DisplayName("reads nothing for a window before the data began, without failing")
    void emptyWindow() {
      TopologyGraph graph = new IstioBackend().topology(prometheus,
          TopologyQuery.lastMinutes(5).endingAt(END.minus(Duration.ofHours(2))), TranslationContext.of("prod"),
          MeshClusterReader.none());
      assertThat(graph.nodes()).isEmpty();
      assertThat(graph.partial()).isFalse();
    }

    @Test
    @DisplayName("judges health by the thresholds of the query")
    void thresholds() {
      TopologyGraph graph = read(fiveMinutes(GraphKind.WORKLOAD).withThresholds(HealthThresholds.builder()
          .warningLatency(Duration.ofMillis(200)).criticalLatency(Duration.ofMillis(500))
          .criticalErrorRatio(0.25).build()));
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V2)).health()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(http(graph, workload(PRODUCTPAGE), workload(REVIEWS_V3)).health()).isEqualTo(HealthStatus.WARNING);
    }
  }
}
