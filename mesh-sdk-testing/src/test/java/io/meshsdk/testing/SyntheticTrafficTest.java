package io.meshsdk.testing;

import static io.meshsdk.testing.Bookinfo.FAST;
import static io.meshsdk.testing.Bookinfo.MEDIUM;
import static io.meshsdk.testing.Bookinfo.SLOW;
import static io.meshsdk.testing.Bookinfo.VERY_SLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.TelemetrySource.Sample;
import io.meshsdk.testing.SyntheticTraffic.Workload;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.Reporter;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Synthetic traffic")
class SyntheticTrafficTest {
  static final Instant END = Instant.parse("2026-03-01T10:00:00Z");
  static final TopologyQuery QUERY = TopologyQuery.lastMinutes(5).endingAt(END);

  final SyntheticTelemetrySource telemetry = Bookinfo.TRAFFIC.telemetrySource();

  @RegisterExtension
  final MeshExtension meshes = MeshExtension.builder()
      .cluster(ClusterSpec.builder().name("east").network("net-east").build())
      .cluster(ClusterSpec.builder().name("west").network("net-west").build())
      .mesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("east").addMember("west").build())
      .configure(b -> b.telemetry(telemetry))
      .build();

  private Mesh prod;

  @BeforeEach
  void mesh(Mesh prod) {
    this.prod = prod;
  }

  private TopologyGraph read(TopologyQuery query) {
    return prod.topology().read(query);
  }

  @Nested
  @DisplayName("read as a workload graph")
  class Workloads {

    @Test
    @DisplayName("has a node per workload and the unknown caller, and an edge per declared call")
    void nodesAndEdges() {
      TopologyGraph graph = read(QUERY);

      MeshAssertions.assertThat(graph).isNotPartial().hasNodes(
          "unknown",
          "workload:east/istio-system/istio-ingressgateway",
          "workload:east/bookinfo/productpage-v1",
          "workload:east/bookinfo/details-v1",
          "workload:east/bookinfo/reviews-v1",
          "workload:east/bookinfo/reviews-v2",
          "workload:west/bookinfo/reviews-v3",
          "workload:west/bookinfo/ratings-v1",
          "workload:west/bookinfo/mongodb-v1");
      assertThat(graph.edges()).hasSize(9);
      assertThat(graph.queries()).isEqualTo(3);
      assertThat(telemetry.queries()).hasSize(3);
    }

    @Test
    @DisplayName("gives each edge its declared rate, error share, p99, mTLS share and health")
    void edgeMetrics() {
      TopologyGraph graph = read(QUERY);

      MeshAssertions.assertThat(graph)
          .hasEdge("workload:east/istio-system/istio-ingressgateway", "workload:east/bookinfo/productpage-v1",
              e -> e.within(1e-9).hasRequestsPerSecond(20).hasErrorShare(0).hasP99Millis(20).hasMtlsShare(1)
                  .isHealthy())
          .hasEdge("unknown", "workload:east/bookinfo/productpage-v1",
              e -> e.within(1e-9).hasRequestsPerSecond(5).hasMtlsShare(0))
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/details-v1",
              e -> e.within(1e-9).hasRequestsPerSecond(25).hasErrorShare(0.04).hasP99Millis(60).isWarning())
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/reviews-v2",
              e -> e.within(1e-9).hasRequestsPerSecond(10).hasP99Millis(150).isWarning())
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:west/bookinfo/reviews-v3",
              e -> e.within(1e-9).hasRequestsPerSecond(5).hasErrorShare(0.2)
                  .hasP99Millis(VERY_SLOW.quantile(0.99)).isCrossCluster().isCritical())
          .hasEdge("workload:west/bookinfo/reviews-v3", "workload:west/bookinfo/ratings-v1", Protocol.GRPC,
              e -> e.within(1e-9).hasRequestsPerSecond(4).hasErrorShare(0.125).hasP99Millis(8).isCritical())
          .hasEdge("workload:west/bookinfo/ratings-v1", "workload:west/bookinfo/mongodb-v1", Protocol.TCP,
              e -> e.hasTcpBytesPerSecond(1024, 4096).hasMtlsShare(1).isHealthy());
    }

    @Test
    @DisplayName("reads the p50 and p95 declared, not only the p99")
    void percentiles() {
      TopologyEdge edge = read(QUERY).edge("workload:east/bookinfo/productpage-v1",
          "workload:east/bookinfo/reviews-v2", Protocol.HTTP).orElseThrow();

      assertThat(edge.metrics().latency()).hasValueSatisfying(l -> {
        assertThat(l.p50Millis()).isCloseTo(20, within(1e-9));
        assertThat(l.p95Millis()).isCloseTo(80, within(1e-9));
      });
      assertThat(edge.metrics().responseCodes()).containsOnlyKeys("200");
    }

    @Test
    @DisplayName("gives a node called by several workloads their summed rate and the p99 of their mixture")
    void nodeMetrics() {
      TopologyGraph graph = read(QUERY);

      MeshAssertions.assertThat(graph)
          .hasNode("workload:east/bookinfo/productpage-v1",
              n -> n.within(1e-9).hasInboundRequestsPerSecond(25).hasInboundP99Millis(20).isHealthy())
          .hasNode("workload:west/bookinfo/ratings-v1", n -> n.within(1e-6).hasInboundRequestsPerSecond(14)
              .hasInboundErrorShare(0.5 / 14)
              .hasInboundP99Millis(Bookinfo.quantile(0.99, new double[] {10, 4}, MEDIUM,
                  LatencyDistribution.percentiles(2, 4, 8)))
              .isWarning());
    }
  }

  @Nested
  @DisplayName("read as other graph kinds")
  class OtherKinds {

    @ParameterizedTest(name = "{0}")
    @EnumSource(GraphKind.class)
    @DisplayName("adds up to the same total request rate in every kind")
    void sameTotal(GraphKind kind) {
      TopologyGraph graph = read(QUERY.as(kind));

      assertThat(graph.kind()).isEqualTo(kind);
      assertThat(graph.edges().stream().mapToDouble(e -> e.metrics().requestsPerSecond()).sum())
          .isCloseTo(Bookinfo.TOTAL_REQUESTS, within(1e-9));
      MeshAssertions.assertThat(graph).isNotPartial();
    }

    @Test
    @DisplayName("an app graph joins the versions of an app per cluster, with the p99 of their mixture")
    void apps() {
      TopologyGraph graph = read(QUERY.as(GraphKind.APP));

      MeshAssertions.assertThat(graph)
          .hasNode("app:east/bookinfo/reviews")
          .hasNode("app:west/bookinfo/reviews")
          .doesNotHaveNode("workload:east/bookinfo/reviews-v1")
          .hasEdge("app:east/bookinfo/productpage", "app:east/bookinfo/reviews",
              e -> e.within(1e-6).hasRequestsPerSecond(22)
                  .hasP99Millis(Bookinfo.quantile(0.99, new double[] {12, 10}, FAST, SLOW)).isWarning())
          .hasEdge("app:east/bookinfo/reviews", "app:west/bookinfo/ratings",
              e -> e.within(1e-9).hasRequestsPerSecond(10).isCrossCluster());
      assertThat(graph.nodes()).hasSize(8);
    }

    @Test
    @DisplayName("a versioned-app graph has a node per version, and the gateway's canonical revision")
    void versionedApps() {
      TopologyGraph graph = read(QUERY.as(GraphKind.VERSIONED_APP));

      MeshAssertions.assertThat(graph)
          .hasEdge("app:east/istio-system/istio-ingressgateway/latest", "app:east/bookinfo/productpage/v1",
              e -> e.within(1e-9).hasRequestsPerSecond(20))
          .hasEdge("app:east/bookinfo/productpage/v1", "app:east/bookinfo/reviews/v2",
              e -> e.within(1e-9).hasRequestsPerSecond(10).hasP99Millis(150))
          .hasEdge("app:east/bookinfo/productpage/v1", "app:west/bookinfo/reviews/v3",
              e -> e.within(1e-9).hasErrorShare(0.2).isCritical());
    }

    @Test
    @DisplayName("a service graph draws calls between services, and keeps callers behind no service as workloads")
    void services() {
      TopologyGraph graph = read(QUERY.as(GraphKind.SERVICE));

      MeshAssertions.assertThat(graph)
          .hasEdge("workload:east/istio-system/istio-ingressgateway", "service:east/bookinfo/productpage",
              e -> e.within(1e-9).hasRequestsPerSecond(20))
          .hasEdge("service:east/bookinfo/productpage", "service:east/bookinfo/reviews",
              e -> e.within(1e-6).hasRequestsPerSecond(22)
                  .hasP99Millis(Bookinfo.quantile(0.99, new double[] {12, 10}, FAST, SLOW)))
          .hasEdge("service:west/bookinfo/ratings", "service:west/bookinfo/mongodb", Protocol.TCP,
              e -> e.hasTcpBytesPerSecond(1024, 4096));
    }
  }

  @Nested
  @DisplayName("filtered")
  class Filtered {

    @Test
    @DisplayName("by cluster keeps the calls with at least one end in it")
    void byCluster() {
      TopologyGraph graph = read(QUERY.cluster("west"));

      assertThat(graph.edges()).extracting(TopologyEdge::id).containsExactlyInAnyOrder(
          "workload:east/bookinfo/productpage-v1->workload:west/bookinfo/reviews-v3:http",
          "workload:east/bookinfo/reviews-v2->workload:west/bookinfo/ratings-v1:http",
          "workload:west/bookinfo/reviews-v3->workload:west/bookinfo/ratings-v1:grpc",
          "workload:west/bookinfo/ratings-v1->workload:west/bookinfo/mongodb-v1:tcp");
    }

    @Test
    @DisplayName("by namespace keeps calls into it from outside, and drops calls elsewhere")
    void byNamespace() {
      assertThat(read(QUERY.namespace("bookinfo")).edges()).hasSize(9);
      assertThat(read(QUERY.namespace("istio-system")).edges()).extracting(TopologyEdge::id)
          .containsExactly("workload:east/istio-system/istio-ingressgateway->workload:east/bookinfo/productpage-v1:http");
      assertThat(read(QUERY.namespace("nowhere")).edges()).isEmpty();
    }

    @Test
    @DisplayName("by the source's reports leaves out callers without a sidecar, which report nothing")
    void sourceReporter() {
      TopologyGraph graph = read(TopologyQuery.builder().from(QUERY).reporter(Reporter.SOURCE).build());

      MeshAssertions.assertThat(graph).doesNotHaveNode("unknown")
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/details-v1",
              e -> e.within(1e-9).hasRequestsPerSecond(25).hasErrorShare(0.04).hasMtlsShare(0));
    }
  }

  @Nested
  @DisplayName("as a telemetry source")
  class AsSource {

    @Test
    @DisplayName("refuses a query on a metric it does not have, naming the query")
    void unknownMetric() {
      assertThatThrownBy(() -> telemetry.query("sum by (pod) (rate(container_cpu_usage_seconds_total[5m]))", END))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("there is no synthetic metric 'container_cpu_usage_seconds_total'")
          .hasMessageContaining("Query: sum by (pod) (rate(<<here>>container_cpu_usage_seconds_total[5m]))");
    }

    @Test
    @DisplayName("refuses a function it does not evaluate, and a bare selector, instead of answering nothing")
    void unknownFunction() {
      assertThatThrownBy(() -> telemetry.query("increase(istio_requests_total[5m])", END))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'increase' is not supported")
          .hasMessageContaining("increase(istio_requests_total[5m])");
      assertThatThrownBy(() -> telemetry.query("istio_requests_total", END))
          .hasMessageContaining("'istio_requests_total' is not supported");
      assertThatThrownBy(() -> telemetry.query("sum(rate(istio_requests_total[5m]))", END))
          .hasMessageContaining("only 'sum by (labels) (...)' is supported");
      assertThat(telemetry.queries()).hasSize(3);
    }

    @Test
    @DisplayName("answers with Istio's labels on both reporters' series")
    void labels() {
      List<Sample> samples = telemetry.query(
          "rate(istio_requests_total{destination_workload=\"details-v1\",response_code=\"503\"}[1m])", END);

      assertThat(samples).hasSize(2).allSatisfy(s -> assertThat(s.value()).isCloseTo(1, within(1e-9)));
      assertThat(samples).extracting(s -> s.labels().get("reporter")).containsExactlyInAnyOrder("destination", "source");
      Map<String, String> destination = samples.stream()
          .filter(s -> s.labels().get("reporter").equals("destination")).findFirst().orElseThrow().labels();
      assertThat(destination).containsAllEntriesOf(Map.ofEntries(
          Map.entry("source_workload", "productpage-v1"),
          Map.entry("source_workload_namespace", "bookinfo"),
          Map.entry("source_app", "productpage"),
          Map.entry("source_version", "v1"),
          Map.entry("source_canonical_service", "productpage"),
          Map.entry("source_canonical_revision", "v1"),
          Map.entry("source_cluster", "east"),
          Map.entry("source_principal", "spiffe://cluster.local/ns/bookinfo/sa/productpage"),
          Map.entry("destination_workload", "details-v1"),
          Map.entry("destination_cluster", "east"),
          Map.entry("destination_service", "details.bookinfo.svc.cluster.local"),
          Map.entry("destination_service_name", "details"),
          Map.entry("destination_service_namespace", "bookinfo"),
          Map.entry("request_protocol", "http"),
          Map.entry("response_code", "503"),
          Map.entry("connection_security_policy", "mutual_tls")));
    }

    @Test
    @DisplayName("serves other traffic once told to, to the same manager")
    void serve() {
      telemetry.serve(SyntheticTraffic.builder()
          .call(Bookinfo.PRODUCTPAGE, Bookinfo.DETAILS, c -> c.http(3).errors(1, 0))
          .build());

      MeshAssertions.assertThat(read(QUERY))
          .hasNodes("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/details-v1")
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/details-v1",
              e -> e.hasRequestsPerSecond(3).hasErrorShare(1).isCritical());
      telemetry.serve(SyntheticTraffic.none());
      assertThat(read(QUERY).nodes()).isEmpty();
    }
  }

  @Nested
  @DisplayName("declared wrongly")
  class Invalid {

    @Test
    @DisplayName("lists every problem of a call at once")
    void invalidCall() {
      assertThatThrownBy(() -> SyntheticTraffic.builder().call(Workload.unknown(), Bookinfo.DETAILS,
          c -> c.http(-1).errors(0.5, 404).responses(0.7, 302).mtls(true)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid call unknown -> east/bookinfo/details-v1")
          .hasMessageContaining("requestsPerSecond must be a finite number above 0, but was -1.0")
          .hasMessageContaining("errors are HTTP 5xx or 0, but 404 was given")
          .hasMessageContaining("add up to 1.2")
          .hasMessageContaining("a caller without a sidecar cannot use Istio mutual TLS");
    }

    @Test
    @DisplayName("refuses a call without a protocol, two protocols in one call, and the same call twice")
    void protocols() {
      assertThatThrownBy(() -> SyntheticTraffic.builder().call(Bookinfo.PRODUCTPAGE, Bookinfo.DETAILS, c -> { }))
          .hasMessageContaining("no protocol: start with http(rate), grpc(rate) or tcp(sent, received)");
      assertThatThrownBy(() -> SyntheticTraffic.builder()
          .call(Bookinfo.PRODUCTPAGE, Bookinfo.DETAILS, c -> c.http(1).tcp(1, 1)))
          .hasMessageContaining("a call has one protocol, but both HTTP and TCP were declared");
      assertThatThrownBy(() -> SyntheticTraffic.builder()
          .call(Bookinfo.PRODUCTPAGE, Bookinfo.DETAILS, c -> c.http(1))
          .call(Bookinfo.PRODUCTPAGE, Bookinfo.DETAILS, c -> c.http(2))
          .build())
          .hasMessageContaining("the call east/bookinfo/productpage-v1 -> east/bookinfo/details-v1 http is declared twice");
    }

    @Test
    @DisplayName("refuses percentiles a histogram cannot show")
    void percentiles() {
      assertThatThrownBy(() -> LatencyDistribution.percentiles(10, 10, 5))
          .hasMessageContaining("p95Millis must be finite and above p50Millis 10.0, but was 10.0")
          .hasMessageContaining("p99Millis must be finite and above p95Millis 10.0, but was 5.0");
      assertThatThrownBy(() -> LatencyDistribution.builder().upTo(10, 0.5).upTo(5, 0.4).build())
          .hasMessageContaining("points[1].durationMillis must be finite and above 10.0, but was 5.0")
          .hasMessageContaining("points[1].share must be between 0.5 and 1, but was 0.4")
          .hasMessageContaining("the last point's share must be 1, but was 0.4");
    }
  }
}
