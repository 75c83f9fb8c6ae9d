package io.meshsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.demo.SyntheticTraffic.Workload;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Demo telemetry")
class DemoTopologyTest {
  static final Workload PRODUCTPAGE = Workload.of("east", "bookinfo", "productpage-v1")
      .app("productpage").version("v1").service("productpage");
  static final Workload REVIEWS = Workload.of("east", "bookinfo", "reviews-v2")
      .app("reviews").version("v2").service("reviews");

  @Test
  @DisplayName("gives a manager a topology with the declared rates, errors and latency")
  void topologyFromDemoTraffic() {
    SyntheticTraffic traffic = SyntheticTraffic.builder()
        .call(Workload.unknown(), PRODUCTPAGE, c -> c.http(20))
        .call(PRODUCTPAGE, REVIEWS, c -> c.http(10).errors(0.1, 503).latency(10, 60, 180))
        .build();
    SyntheticTelemetrySource telemetry = traffic.telemetrySource();
    try (MeshManager meshes = MeshManager.builder().telemetry(telemetry).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("east").build());
      TopologyGraph graph = meshes.create(MeshSpec.hosted("demo").controlPlane("east").build())
          .topology().read(TopologyQuery.lastMinutes(5));

      TopologyEdge edge = graph.edges().stream()
          .filter(e -> e.protocol() == Protocol.HTTP && e.target().contains("reviews-v2"))
          .findFirst().orElseThrow(() -> new AssertionError("no edge to reviews-v2 in " + graph.edges()));
      assertThat(edge.metrics().requestsPerSecond()).isCloseTo(10, within(1e-9));
      assertThat(edge.metrics().errorsPerSecond()).isCloseTo(1, within(1e-9));
      assertThat(edge.metrics().latency()).hasValueSatisfying(
          l -> assertThat(l.p99Millis()).isCloseTo(180, within(1e-6)));
      assertThat(telemetry.queries()).hasSize(graph.queries());
    }
  }
}
