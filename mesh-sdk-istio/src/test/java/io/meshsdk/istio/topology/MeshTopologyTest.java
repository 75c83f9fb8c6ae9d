package io.meshsdk.istio.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.internal.IstioBackend;
import io.meshsdk.istio.schema.IstioData;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.ConfigAnnotation;
import io.meshsdk.topology.ConfigKind;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyNode;
import io.meshsdk.topology.TopologyQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Topology read through a mesh, with the configuration of its clusters")
class MeshTopologyTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final List<Instant> evaluatedAt = new CopyOnWriteArrayList<>();
  private MeshManager meshes;
  private Mesh prod;

  /** Two calls: productpage to reviews-v1 in east, reviews-v2 in east to ratings-v1 in west. */
  private final TelemetrySource telemetry = (expression, at) -> {
    evaluatedAt.add(at);
    if (!expression.startsWith("sum by")) {
      return List.of();
    }
    return List.of(
        new TelemetrySource.Sample(edge("east", "productpage-v1", "productpage", "east", "reviews-v1", "reviews", "v1",
            "reviews"), 10),
        new TelemetrySource.Sample(edge("east", "reviews-v2", "reviews", "west", "ratings-v1", "ratings", "v1",
            "ratings"), 5));
  };

  static Map<String, String> edge(String sourceCluster, String sourceWorkload, String sourceApp, String cluster,
      String workload, String app, String version, String service) {
    return Map.ofEntries(
        Map.entry("source_cluster", sourceCluster), Map.entry("source_workload", sourceWorkload),
        Map.entry("source_workload_namespace", "bookinfo"), Map.entry("source_canonical_service", sourceApp),
        Map.entry("source_canonical_revision", sourceWorkload.substring(sourceWorkload.lastIndexOf('-') + 1)),
        Map.entry("destination_cluster", cluster), Map.entry("destination_workload", workload),
        Map.entry("destination_workload_namespace", "bookinfo"), Map.entry("destination_canonical_service", app),
        Map.entry("destination_canonical_revision", version),
        Map.entry("destination_service_namespace", "bookinfo"), Map.entry("destination_service_name", service),
        Map.entry("destination_service", service + ".bookinfo.svc.cluster.local"),
        Map.entry("request_protocol", "http"), Map.entry("response_code", "200"),
        Map.entry("connection_security_policy", "mutual_tls"));
  }

  @BeforeEach
  void mesh() throws IOException {
    IstioData.assumePresent();
    meshes = MeshManager.builder().connector(clusters).backend(new IstioBackendProvider()).telemetry(telemetry)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    for (String name : List.of("mcpc-1", "east", "west")) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("east");
    prod.join("west");
    for (String member : List.of("east", "west")) {
      for (MeshResource object : bookinfo()) {
        clusters.cluster(member).putOutOfBand(object);
      }
    }
    // the SDK's own routing for reviews, with a circuit breaker
    prod.policies().plan(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
        .build()).apply();
    // mesh-wide STRICT, productpage PERMISSIVE, and an authorization policy for ratings
    clusters.cluster("mcpc-1").putOutOfBand(security("PeerAuthentication", "istio-system", "default", null,
        spec -> spec.putObject("mtls").put("mode", "STRICT")));
    clusters.cluster("mcpc-1").putOutOfBand(security("PeerAuthentication", "bookinfo", "productpage", "productpage",
        spec -> spec.putObject("mtls").put("mode", "PERMISSIVE")));
    clusters.cluster("mcpc-1").putOutOfBand(security("AuthorizationPolicy", "bookinfo", "ratings-viewer", "ratings",
        spec -> spec.put("action", "ALLOW")));
  }

  @AfterEach
  void close() {
    if (meshes != null) {
      meshes.close();
    }
  }

  static List<MeshResource> bookinfo() throws IOException {
    List<MeshResource> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
        .readValues(IstioData.bookinfo().toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        String kind = doc.path("kind").asText();
        if (kind.equals("Service") || kind.equals("Deployment")) {
          ObjectNode object = (ObjectNode) doc;
          object.with("metadata").put("namespace", "bookinfo");
          objects.add(MeshResource.of(object));
        }
      }
    }
    return objects;
  }

  static MeshResource security(String kind, String namespace, String name, String app,
      java.util.function.Consumer<ObjectNode> spec) {
    ObjectNode object = MeshResource.skeleton("security.istio.io/v1", kind, namespace, name);
    ObjectNode body = object.putObject("spec");
    if (app != null) {
      body.putObject("selector").putObject("matchLabels").put("app", app);
    }
    spec.accept(body);
    return MeshResource.of(object);
  }

  static List<String> describe(List<ConfigAnnotation> annotations) {
    return annotations.stream().map(a -> a.kind() + " " + a.cluster() + " " + a.namespace() + "/" + a.name()
        + a.detail().map(d -> " " + d).orElse("")).toList();
  }

  @Test
  @DisplayName("annotates edges with the routing, circuit breaker and mTLS mode of what they call")
  void edgeAnnotations() {
    TopologyGraph graph = prod.topology().read(TopologyQuery.lastMinutes(5).namespace("bookinfo"));
    TopologyEdge reviews = graph.edge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/reviews-v1",
        Protocol.HTTP).orElseThrow();
    assertThat(describe(reviews.annotations())).containsExactly(
        "VIRTUAL_SERVICE mcpc-1 bookinfo/reviews",
        "DESTINATION_RULE mcpc-1 bookinfo/reviews subsets v1, v2",
        "CIRCUIT_BREAKER mcpc-1 bookinfo/reviews consecutive5xxErrors 5, maxConnections 100",
        "MTLS mcpc-1 istio-system/default STRICT");
    assertThat(graph.partial()).isFalse();
    assertThat(graph.end()).as("the window ends at the manager's clock").isEqualTo(NOW);
    assertThat(evaluatedAt).containsOnly(NOW).hasSize(3);
  }

  @Test
  @DisplayName("annotates nodes with their AuthorizationPolicies and effective mTLS mode")
  void nodeAnnotations() {
    TopologyGraph graph = prod.topology().read(TopologyQuery.lastMinutes(5));
    assertThat(describe(graph.node("workload:east/bookinfo/productpage-v1").orElseThrow().annotations()))
        .as("a workload's own PeerAuthentication beats the mesh's").containsExactly(
            "MTLS mcpc-1 bookinfo/productpage PERMISSIVE");
    assertThat(describe(graph.node("workload:west/bookinfo/ratings-v1").orElseThrow().annotations()))
        .containsExactly("AUTHORIZATION_POLICY mcpc-1 bookinfo/ratings-viewer ALLOW",
            "MTLS mcpc-1 istio-system/default STRICT");
    assertThat(graph.node("workload:east/bookinfo/reviews-v1").orElseThrow().annotations())
        .extracting(ConfigAnnotation::kind).contains(ConfigKind.VIRTUAL_SERVICE, ConfigKind.CIRCUIT_BREAKER);
    assertThat(graph.toCytoscapeJson()).contains("\"hasVS\":true", "\"hasCB\":true");
  }

  @Test
  @DisplayName("adds the workloads of every cluster that had no traffic as idle nodes, on request")
  void idleWorkloads() {
    TopologyGraph busy = prod.topology().read(TopologyQuery.lastMinutes(5));
    assertThat(busy.nodes()).noneMatch(TopologyNode::idle).hasSize(4);

    TopologyGraph graph = prod.topology().read(TopologyQuery.lastMinutes(5).withIdleNodes());
    assertThat(graph.nodes()).filteredOn(TopologyNode::idle).extracting(TopologyNode::id).containsExactly(
        "workload:east/bookinfo/details-v1", "workload:east/bookinfo/ratings-v1", "workload:east/bookinfo/reviews-v3",
        "workload:west/bookinfo/details-v1", "workload:west/bookinfo/productpage-v1",
        "workload:west/bookinfo/reviews-v1", "workload:west/bookinfo/reviews-v2", "workload:west/bookinfo/reviews-v3");
    TopologyNode idle = graph.node("workload:west/bookinfo/reviews-v3").orElseThrow();
    assertThat(idle.health()).isEqualTo(HealthStatus.NO_TRAFFIC);
    assertThat(idle.app()).contains("reviews");
    assertThat(idle.version()).contains("v3");
    assertThat(graph.toDot()).contains("idle");
  }

  @Test
  @DisplayName("adds idle services to a service graph, and idle versions to a versioned app graph")
  void idleServicesAndVersions() {
    TopologyGraph services = prod.topology().read(TopologyQuery.lastMinutes(5).as(GraphKind.SERVICE).withIdleNodes()
        .cluster("west"));
    assertThat(services.nodes()).filteredOn(TopologyNode::idle).extracting(TopologyNode::id).containsExactly(
        "service:west/bookinfo/details", "service:west/bookinfo/productpage", "service:west/bookinfo/reviews");
    assertThat(describe(services.node("service:west/bookinfo/reviews").orElseThrow().annotations()))
        .contains("VIRTUAL_SERVICE mcpc-1 bookinfo/reviews");

    TopologyGraph versions = prod.topology().read(TopologyQuery.lastMinutes(5).as(GraphKind.VERSIONED_APP)
        .withIdleNodes());
    assertThat(versions.node("east", "bookinfo", "reviews", "v3")).hasValueSatisfying(n -> assertThat(n.idle()).isTrue());
    assertThat(versions.node("east", "bookinfo", "reviews", "v2")).hasValueSatisfying(n -> assertThat(n.idle()).isFalse());
  }

  @Test
  @DisplayName("returns a partial graph naming the cluster whose objects could not be read")
  void unreadableCluster() {
    MeshClusterReader flaky = new MeshClusterReader() {
      @Override
      public List<String> clusters() {
        return List.of("east", "west");
      }

      @Override
      public List<String> configClusters() {
        return List.of("east");
      }

      @Override
      public List<MeshResource> list(String cluster, ResourceType type, String namespace) {
        throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "cluster " + cluster + " did not answer");
      }
    };
    TopologyGraph graph = new IstioBackend().topology(telemetry, TopologyQuery.lastMinutes(5).withIdleNodes()
        .endingAt(NOW), TranslationContext.of("prod"), flaky);
    assertThat(graph.partial()).isTrue();
    assertThat(graph.partialReasons()).contains(
        "the Deployments of cluster west could not be read for idle nodes: cluster west did not answer",
        "the VirtualServices of cluster east could not be read: cluster east did not answer");
    assertThat(graph.edges()).hasSize(2);
  }

  @Test
  @DisplayName("is refused while no telemetry source is configured, saying how to configure one")
  void needsTelemetry() {
    try (MeshManager without = MeshManager.builder().backend(new IstioBackendProvider()).build()) {
      without.clusters().register(ClusterSpec.builder().name("solo").build());
      Mesh mesh = without.create(MeshSpec.dedicated("solo").cluster("solo").build());
      assertThatThrownBy(() -> mesh.topology().read(TopologyQuery.lastMinutes(5)))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("MeshManager.builder().telemetry(...)");
    }
  }

  @Test
  @DisplayName("keeps the graph's own window when the query gives an end")
  void explicitEnd() {
    Instant end = NOW.minus(Duration.ofHours(1));
    TopologyGraph graph = prod.topology().read(TopologyQuery.lastMinutes(10).endingAt(end));
    assertThat(graph.end()).isEqualTo(end);
    assertThat(graph.start()).isEqualTo(end.minus(Duration.ofMinutes(10)));
  }
}
