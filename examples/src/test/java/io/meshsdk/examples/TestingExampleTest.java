package io.meshsdk.examples;

import static io.meshsdk.testing.MeshAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.examples.TestingExample.CanaryService;
import io.meshsdk.examples.TestingExample.CanaryService.Decision;
import io.meshsdk.examples.TestingExample.CanaryService.Verdict;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.testing.MeshExtension;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.SyntheticTelemetrySource;
import io.meshsdk.testing.SyntheticTraffic;
import io.meshsdk.testing.SyntheticTraffic.Workload;
import io.meshsdk.testing.TestMesh;
import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.TopologyQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a platform tests its own mesh code: the canary service of {@link TestingExample}. */
@DisplayName("TestingExample's canary service")
class TestingExampleTest {
  static final Workload PRODUCTPAGE = Workload.of("east", "bookinfo", "productpage-v1")
      .app("productpage").version("v1").service("productpage");
  static final Workload REVIEWS_V1 = Workload.of("east", "bookinfo", "reviews-v1")
      .app("reviews").version("v1").service("reviews");
  static final Workload REVIEWS_V2 = Workload.of("west", "bookinfo", "reviews-v2")
      .app("reviews").version("v2").service("reviews");

  /** Routing only: @MeshTest gives each test a fresh manager with the mesh already created. */
  @Nested
  @MeshTest(meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = {"east", "west"}))
  @DisplayName("routes")
  class Routing {

    @Test
    @DisplayName("a share of the service's requests to the canary, on the control-plane cluster only")
    void startsCanary(Mesh prod, InMemoryClusterConnector clusters) {
      CanaryService canary = new CanaryService(prod, "bookinfo", "reviews", "v1", "v2");

      assertThat(canary.plan(10))
          .touchesOnly("mcpc-1")
          .creates("mcpc-1", "VirtualService", "bookinfo/reviews")
          .creates("mcpc-1", "DestinationRule", "bookinfo/reviews");
      canary.start(10);

      assertThat(clusters.cluster("mcpc-1")).object("VirtualService", "bookinfo/reviews")
          .isOwnedByMesh("prod")
          .routesToSubset("v1", 90)
          .routesToSubset("v2", 10);
      assertThat(clusters.cluster("east")).doesNotHaveObject("VirtualService", "bookinfo/reviews");
      assertThat(canary.plan(10)).hasNoChanges();
    }
  }

  /**
   * Decisions from the topology: the manager reads synthetic traffic, which each test declares.
   * The extension is an instance field, so every test has its own source and manager.
   */
  @Nested
  @DisplayName("with traffic to judge")
  class Promotion {
    final SyntheticTelemetrySource telemetry = SyntheticTraffic.none().telemetrySource();

    @RegisterExtension
    final MeshExtension meshes = MeshExtension.builder()
        .cluster(ClusterSpec.builder().name("east").network("net-east").build())
        .cluster(ClusterSpec.builder().name("west").network("net-west").build())
        .mesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("east").addMember("west").build())
        .configure(b -> b.telemetry(telemetry))
        .build();

    private SyntheticTraffic canaryTraffic(double errorShare, double p99Millis) {
      return SyntheticTraffic.builder()
          .call(PRODUCTPAGE, REVIEWS_V1, c -> c.http(90).latency(5, 10, 20))
          .call(PRODUCTPAGE, REVIEWS_V2, c -> {
            c.http(10).latency(p99Millis / 4, p99Millis / 2, p99Millis);
            if (errorShare > 0) {
              c.errors(errorShare, 503);
            }
          })
          .build();
    }

    @Test
    @DisplayName("promotes a healthy canary by one step")
    void promotes(Mesh prod, InMemoryClusterConnector clusters) {
      telemetry.serve(canaryTraffic(0, 40));
      CanaryService canary = new CanaryService(prod, "bookinfo", "reviews", "v1", "v2");
      canary.start(10);

      assertThat(canary.step()).isEqualTo(new Decision(Verdict.PROMOTE, HealthStatus.HEALTHY, 30));
      assertThat(clusters.cluster("mcpc-1")).object("VirtualService", "bookinfo/reviews")
          .routesToSubset("v1", 70).routesToSubset("v2", 30);
      assertThat(telemetry.queries()).hasSize(3);
    }

    @Test
    @DisplayName("rolls a failing canary back to the stable version")
    void rollsBack(Mesh prod, InMemoryClusterConnector clusters) {
      telemetry.serve(canaryTraffic(0.2, 40));
      // the scenario is what the test thinks it is
      assertThat(prod.topology().read(TopologyQuery.lastMinutes(5)))
          .isNotPartial()
          .hasEdge("workload:east/bookinfo/productpage-v1", "workload:west/bookinfo/reviews-v2",
              edge -> edge.hasRequestsPerSecond(10).hasErrorShare(0.2).isCrossCluster().isCritical());
      CanaryService canary = new CanaryService(prod, "bookinfo", "reviews", "v1", "v2");
      canary.start(10);

      assertThat(canary.step()).isEqualTo(new Decision(Verdict.ROLL_BACK, HealthStatus.CRITICAL, 0));
      assertThat(clusters.cluster("mcpc-1")).object("VirtualService", "bookinfo/reviews")
          .routesToSubset("v1", 100);
    }

    @Test
    @DisplayName("holds a slow canary, and one without traffic, where it is")
    void holds(Mesh prod) {
      CanaryService canary = new CanaryService(prod, "bookinfo", "reviews", "v1", "v2");
      canary.start(10);

      telemetry.serve(canaryTraffic(0, 150));
      assertThat(canary.step()).isEqualTo(new Decision(Verdict.HOLD, HealthStatus.WARNING, 10));
      telemetry.serve(SyntheticTraffic.builder()
          .call(PRODUCTPAGE, REVIEWS_V1, c -> c.http(100)).build());
      assertThat(canary.step()).isEqualTo(new Decision(Verdict.HOLD, HealthStatus.NO_TRAFFIC, 10));
    }
  }

  @Test
  @DisplayName("runs: three steps of a healthy canary take it from 10 % to 70 %")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<Decision> decisions = TestingExample.run(
        SyntheticTraffic.builder().call(PRODUCTPAGE, REVIEWS_V2, c -> c.http(10).latency(5, 10, 20)).build()
            .telemetrySource(),
        new PrintStream(buffer, true, StandardCharsets.UTF_8));

    assertThat(decisions).extracting(Decision::canaryPercent).containsExactly(30, 50, 70);
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .contains("canary of reviews v2 started at 10 %")
        .contains("PROMOTE: canary was HEALTHY, now gets 70 %");
  }
}
