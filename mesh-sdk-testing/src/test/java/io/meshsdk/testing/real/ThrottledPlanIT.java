package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning while a real API server refuses requests with 429 (API Priority and Fairness): the
 * plan's reads are retried like the apply's writes.
 */
@DisplayName("Plans while a real API server throttles")
class ThrottledPlanIT {
  private static RealApiServers servers;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  @DisplayName("plans while the server answers 429, reading again as apply writes again")
  void planRetriesThrottledReads() throws Exception {
    String namespace = "throttled-plan";
    try (Throttling throttling = new Throttling(servers, RateLimitIT.CLUSTER, namespace);
        MeshManager meshes = MeshManager.builder().connector(servers.connector())
            .retries(10, Duration.ofMillis(50)).build()) {
      meshes.clusters().register(throttling.clusterSpec(dir));
      Mesh mesh = meshes.create(MeshSpec.hosted(namespace).controlPlane(RateLimitIT.CLUSTER).build());
      boolean refused = false;
      for (int round = 0; round < RateLimitIT.ROUNDS && !refused; round++) {
        throttling.overload();
        long before = throttling.sdkRejections();

        int weight = round;
        CompletableFuture<Plan> planning = CompletableFuture.supplyAsync(
            () -> mesh.policies().plan(ServerSideApplyIT.canary(namespace, 100 - weight, weight)));
        // once the server has refused the SDK, the load rests, so that the SDK's retry is served
        Awaitility.await("the plan of round " + round + " done or refused").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> planning.isDone() || throttling.sdkRejections() > before);
        throttling.pause();
        Plan plan = planning.get(120, TimeUnit.SECONDS);

        assertThat(plan.changes()).as("round %d", round).hasSize(2);
        refused = throttling.sdkRejections() > before;
      }

      assertThat(refused).as("a plan the server refused with 429 within %d rounds", RateLimitIT.ROUNDS).isTrue();
    }
  }
}
