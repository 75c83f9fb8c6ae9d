package io.meshsdk.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A topology graph")
class TopologyGraphTest {
  static final Instant END = Instant.parse("2026-03-01T10:00:00Z");
  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static TopologyNode workload(String cluster, String name, HealthStatus health) {
    return TopologyNode.builder().type(NodeType.WORKLOAD).cluster(cluster).namespace("bookinfo").name(name)
        .app(name.substring(0, name.indexOf('-'))).version("v1").health(health).build();
  }

  static final TopologyNode PRODUCTPAGE = TopologyNode.builder()
      .from(workload("east", "productpage-v1", HealthStatus.HEALTHY))
      .inbound(TrafficMetrics.builder().requestsPerSecond(5).build())
      .build();
  static final TopologyNode REVIEWS = workload("west", "reviews-v1", HealthStatus.CRITICAL);
  static final TopologyNode UNKNOWN = TopologyNode.builder().type(NodeType.UNKNOWN).cluster("unknown")
      .namespace("unknown").name("unknown").build();

  static final TopologyGraph GRAPH = TopologyGraph.builder()
      .kind(GraphKind.WORKLOAD).start(END.minus(Duration.ofMinutes(5))).end(END)
      .addNodes(UNKNOWN, PRODUCTPAGE, REVIEWS)
      .addEdge(TopologyEdge.builder().source("unknown").target(PRODUCTPAGE.id()).protocol(Protocol.HTTP)
          .metrics(TrafficMetrics.builder().requestsPerSecond(5).responseCodes(Map.of("200", 5.0))
              .latency(Latency.of(4, 9, 9.9)).build())
          .health(HealthStatus.HEALTHY).build())
      .addEdge(TopologyEdge.builder().source(PRODUCTPAGE.id()).target(REVIEWS.id()).protocol(Protocol.HTTP)
          .crossCluster(true).addService("reviews.bookinfo.svc.cluster.local")
          .metrics(TrafficMetrics.builder().requestsPerSecond(10).errorsPerSecond(2)
              .responseCodes(Map.of("200", 8.0, "503", 2.0)).mtlsRatio(1)
              .latency(Latency.of(20, 180, 250)).build())
          .health(HealthStatus.CRITICAL)
          .addAnnotation(ConfigAnnotation.of(ConfigKind.VIRTUAL_SERVICE, "mcpc-1", "bookinfo", "reviews", null))
          .build())
      .addEdge(TopologyEdge.builder().source(REVIEWS.id()).target(PRODUCTPAGE.id()).protocol(Protocol.TCP)
          .metrics(TrafficMetrics.builder().tcpSentBytesPerSecond(2048).tcpReceivedBytesPerSecond(1024).build())
          .health(HealthStatus.HEALTHY).build())
      .queries(3).seriesRead(42)
      .build();

  @Test
  @DisplayName("finds nodes and the edges leaving and reaching them")
  void lookups() {
    assertThat(GRAPH.node("workload:east/bookinfo/productpage-v1")).contains(PRODUCTPAGE);
    assertThat(GRAPH.node(NodeType.WORKLOAD, "west", "bookinfo", "reviews-v1")).contains(REVIEWS);
    assertThat(GRAPH.edgesFrom(PRODUCTPAGE)).extracting(TopologyEdge::target).containsExactly(REVIEWS.id());
    assertThat(GRAPH.edgesTo(PRODUCTPAGE)).extracting(TopologyEdge::source).containsExactly("unknown", REVIEWS.id());
    assertThat(GRAPH.edgesFrom("nobody")).isEmpty();
    assertThat(GRAPH.edge(REVIEWS.id(), PRODUCTPAGE.id(), Protocol.TCP)).isPresent();
    assertThat(GRAPH.edge(REVIEWS.id(), PRODUCTPAGE.id(), Protocol.HTTP)).isEmpty();
    assertThat(GRAPH.edges().get(1).metrics().errorRatio()).isEqualTo(0.2);
  }

  @Test
  @DisplayName("round-trips through JSON, saying whether it is partial")
  void json() throws Exception {
    String json = MAPPER.writeValueAsString(GRAPH);
    JsonNode tree = MAPPER.readTree(json);
    assertThat(tree.path("partial").asBoolean()).isFalse();
    assertThat(tree.path("nodes").get(1).path("id").asText()).isEqualTo("workload:east/bookinfo/productpage-v1");
    assertThat(tree.path("edges").get(1).path("metrics").path("latency").path("p99Millis").asDouble()).isEqualTo(250);
    assertThat(MAPPER.readValue(json, TopologyGraph.class)).isEqualTo(GRAPH);
  }

  @Test
  @DisplayName("refuses duplicate nodes and edges between nodes it does not have, listing every problem")
  void validation() {
    assertThatThrownBy(() -> TopologyGraph.builder().kind(GraphKind.WORKLOAD).start(END).end(END.minusSeconds(1))
        .addNodes(PRODUCTPAGE, PRODUCTPAGE)
        .addEdge(TopologyEdge.builder().source(PRODUCTPAGE.id()).target("workload:x/y/z").protocol(Protocol.HTTP)
            .metrics(TrafficMetrics.none()).build())
        .build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("end", "nodes[1].id", "edges[0].target"));
  }

  @Nested
  @DisplayName("as pictures")
  class Pictures {

    @Test
    @DisplayName("renders Graphviz DOT with a box per cluster and namespace and labelled, coloured edges")
    void dot() {
      String dot = GRAPH.toDot();
      assertThat(dot).startsWith("digraph topology {").endsWith("}\n")
          .contains("label=\"cluster east\"", "label=\"cluster west\"", "label=\"bookinfo\"")
          .contains("\"workload:east/bookinfo/productpage-v1\" -> \"workload:west/bookinfo/reviews-v1\""
              + " [label=\"10 rps\\n20.0% err\\np99 250 ms\", color=\"#c9190b\"")
          .contains("penwidth=2")
          .contains("style=dashed")
          .contains("\"unknown\" [label=\"unknown\", shape=ellipse");
      assertThat(dot.chars().filter(c -> c == '{').count()).isEqualTo(dot.chars().filter(c -> c == '}').count());
    }

    @Test
    @DisplayName("renders a Mermaid flowchart with subgraphs, labelled links and health classes")
    void mermaid() {
      String mermaid = GRAPH.toMermaid();
      assertThat(mermaid).startsWith("flowchart LR\n")
          .contains("subgraph b0[\"cluster east\"]", "n1(\"productpage-v1\"):::healthy", "n0((\"unknown\")):::no_traffic")
          .contains("n1 -->|\"10 rps, 20.0% err, p99 250 ms\"| n2")
          .contains("n2 -.->|\"3.0 KiB/s tcp\"| n1")
          .contains("linkStyle 1 stroke:#c9190b", "classDef critical");
      assertThat(mermaid.lines().filter(l -> l.strip().startsWith("subgraph")).count())
          .isEqualTo(mermaid.lines().filter(l -> l.strip().equals("end")).count());
    }

    @Test
    @DisplayName("renders Cytoscape.js elements as Kiali's UI reads them")
    void cytoscape() throws Exception {
      JsonNode json = MAPPER.readTree(GRAPH.toCytoscapeJson());
      assertThat(json.path("graphType").asText()).isEqualTo("workload");
      assertThat(json.path("duration").asLong()).isEqualTo(300);
      JsonNode nodes = json.path("elements").path("nodes");
      assertThat(nodes.findValuesAsText("id")).containsExactly("unknown", "box:east", "box:east/bookinfo",
          PRODUCTPAGE.id(), "box:west", "box:west/bookinfo", REVIEWS.id());
      JsonNode productpage = nodes.get(3).path("data");
      assertThat(productpage.path("parent").asText()).isEqualTo("box:east/bookinfo");
      assertThat(productpage.path("workload").asText()).isEqualTo("productpage-v1");
      assertThat(productpage.path("traffic").get(0).path("rates").path("httpIn").asText()).isEqualTo("5");
      JsonNode edge = json.path("elements").path("edges").get(1).path("data");
      assertThat(edge.path("traffic").path("rates").path("http").asText()).isEqualTo("10");
      assertThat(edge.path("traffic").path("rates").path("httpPercentErr").asText()).isEqualTo("20.0");
      assertThat(edge.path("traffic").path("responses").path("503").path("flags").path("-").asText()).isEqualTo("20.0");
      assertThat(edge.path("responseTime").asText()).isEqualTo("180");
      assertThat(edge.path("isMTLS").asText()).isEqualTo("100");
      assertThat(edge.path("hasVS").asBoolean()).isTrue();
      assertThat(json.path("elements").path("edges").get(2).path("data").path("traffic").path("rates")
          .path("tcp").asText()).isEqualTo("3072");
    }
  }

  @Nested
  @DisplayName("health thresholds")
  class Thresholds {
    final HealthThresholds defaults = HealthThresholds.defaults();

    TrafficMetrics traffic(double errorRatio, double p99) {
      return TrafficMetrics.builder().requestsPerSecond(100).errorsPerSecond(100 * errorRatio)
          .latency(Latency.of(p99 / 4, p99 / 2, p99)).build();
    }

    @Test
    @DisplayName("call no errors within 100 ms healthy, up to 5 % or 200 ms warning, beyond critical")
    void defaults() {
      assertThat(defaults.evaluate(traffic(0, 100))).isEqualTo(HealthStatus.HEALTHY);
      assertThat(defaults.evaluate(traffic(0.001, 10))).isEqualTo(HealthStatus.WARNING);
      assertThat(defaults.evaluate(traffic(0.05, 10))).isEqualTo(HealthStatus.WARNING);
      assertThat(defaults.evaluate(traffic(0, 150))).isEqualTo(HealthStatus.WARNING);
      assertThat(defaults.evaluate(traffic(0, 200))).isEqualTo(HealthStatus.WARNING);
      assertThat(defaults.evaluate(traffic(0.06, 10))).isEqualTo(HealthStatus.CRITICAL);
      assertThat(defaults.evaluate(traffic(0, 201))).isEqualTo(HealthStatus.CRITICAL);
      assertThat(defaults.evaluate(TrafficMetrics.none())).isEqualTo(HealthStatus.NO_TRAFFIC);
    }

    @Test
    @DisplayName("refuse inverted or out-of-range limits, listing each")
    void validation() {
      assertThatThrownBy(() -> HealthThresholds.builder().warningErrorRatio(0.5).criticalErrorRatio(0.1)
          .warningLatency(Duration.ofSeconds(2)).criticalLatency(Duration.ofSeconds(1)).build())
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("warningErrorRatio", "criticalLatency"));
    }
  }

  @Test
  @DisplayName("queries refuse windows under a second and names that cannot be namespaces or clusters")
  void queryValidation() {
    assertThatThrownBy(() -> TopologyQuery.builder().window(Duration.ofMillis(1500)).addNamespace("Book_Info")
        .addCluster("east/1").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("window", "namespaces[0]", "clusters[0]"));
    TopologyQuery query = TopologyQuery.lastMinutes(5).namespace("bookinfo").as(GraphKind.SERVICE).cluster("east");
    assertThat(query.kind()).isEqualTo(GraphKind.SERVICE);
    assertThat(query.namespaces()).containsExactly("bookinfo");
    assertThat(query.reporter()).isEqualTo(Reporter.DESTINATION);
    assertThat(query.includeConfig()).isTrue();
    assertThat(query.includeIdle()).isFalse();
    assertThat(List.of(query.window())).containsExactly(Duration.ofMinutes(5));
  }
}
