package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
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
 * HTTP 429 from API Priority and Fairness on a real API server: the SDK's writes wait and try
 * again until the server serves them.
 */
@DisplayName("Throttling by a real API server")
class RateLimitIT {
  static final String CLUSTER = "mcpc";
  /** Each round is one plan applied under load; the server refuses the SDK within a few. */
  static final int ROUNDS = 20;
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
  @DisplayName("applies plans whose writes the server refused with 429, by trying them again")
  void applyRetriesThrottledWrites() throws Exception {
    String namespace = "throttled-apply";
    try (Throttling throttling = new Throttling(servers, CLUSTER, namespace);
        MeshManager meshes = MeshManager.builder().connector(servers.connector())
            .retries(10, Duration.ofMillis(50)).build()) {
      meshes.clusters().register(throttling.clusterSpec(dir));
      Mesh mesh = meshes.create(MeshSpec.hosted(namespace).controlPlane(CLUSTER).build());
      ApplyResult refused = null;
      for (int round = 0; round < ROUNDS && refused == null; round++) {
        throttling.pause();
        // the plan is made while the load rests, so that only the apply meets the throttling
        Plan plan = mesh.policies().plan(ServerSideApplyIT.canary(namespace, 100 - round, round));
        throttling.overload();
        long before = throttling.sdkRejections();

        // without the analysis before it, whose reads would meet the throttling instead of the writes
        CompletableFuture<ApplyResult> applying =
            CompletableFuture.supplyAsync(() -> plan.apply(ApplyMode.STANDARD, Preflight.SKIP));
        // once the server has refused the SDK, the load rests, so that the SDK's retry is served
        Awaitility.await("the apply of round " + round + " done or refused").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> applying.isDone() || throttling.sdkRejections() > before);
        throttling.pause();
        ApplyResult result = applying.get(120, TimeUnit.SECONDS);

        assertThat(result.successful()).as("round %d: %s", round, result.failures()).isTrue();
        assertThat(result.writes()).as("round %d", round).isPositive();
        if (throttling.sdkRejections() > before) {
          refused = result;
        }
      }

      assertThat(refused).as("an apply the server refused with 429 within %d rounds", ROUNDS).isNotNull();
      assertThat(refused.cluster(CLUSTER).orElseThrow().outcomes()).extracting(ObjectOutcome::attempts)
          .as("attempts per object of the apply the server refused")
          .anySatisfy(attempts -> assertThat(attempts).isGreaterThan(1));
      assertThat(ServerSideApplyIT.virtualService(servers.client(CLUSTER), namespace)).isNotNull();
    }
  }
}
