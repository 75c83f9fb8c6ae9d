package io.meshsdk.istio.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.TopologyRead;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Topology reads, asynchronous and observed")
class TopologyEventsTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

  private final List<TopologyRead> reads = new CopyOnWriteArrayList<>();
  private final AtomicInteger tasks = new AtomicInteger();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    TelemetrySource telemetry = (expression, at) -> expression.startsWith("sum by")
        ? List.of(new TelemetrySource.Sample(MeshTopologyTest.edge("east", "productpage-v1", "productpage", "east",
            "reviews-v1", "reviews", "v1", "reviews"), 10))
        : List.of();
    Executor platform = task -> {
      tasks.incrementAndGet();
      task.run();
    };
    meshes = MeshManager.builder().connector(new InMemoryClusterConnector()).backend(new IstioBackendProvider())
        .telemetry(telemetry).clock(Clock.fixed(NOW, ZoneOffset.UTC)).executor(platform)
        .listener(new MeshListener() {
          @Override
          public void topologyRead(TopologyRead event) {
            reads.add(event);
          }
        })
        .build();
    for (String name : List.of("mcpc-1", "east")) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("east").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("reads on the platform's executor and tells listeners the graph's size and cost")
  void readAsync() {
    TopologyGraph graph = prod.topology().readAsync(TopologyQuery.lastMinutes(5)).join();

    assertThat(tasks.get()).isEqualTo(1);
    assertThat(graph.edges()).isNotEmpty();
    TopologyRead read = reads.get(0);
    assertThat(read.mesh()).isEqualTo("prod");
    assertThat(read.nodes()).isEqualTo(graph.nodes().size());
    assertThat(read.edges()).isEqualTo(graph.edges().size());
    assertThat(read.queries()).isEqualTo(graph.queries()).isPositive();
    assertThat(read.partial()).isEqualTo(graph.partial());
    assertThat(read.duration()).isEqualTo(Duration.ZERO);
    assertThat(read.at()).isEqualTo(NOW);
  }
}
