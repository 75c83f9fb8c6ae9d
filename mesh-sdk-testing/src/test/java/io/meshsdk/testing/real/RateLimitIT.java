package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
  @DisplayName("applies a plan whose writes were refused with 429 by trying again once the server serves them")
  void applyRetriesThrottledWrites() throws Exception {
    String namespace = "throttled-apply";
    Throttling throttling = new Throttling(servers, CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector())
        .retries(30, Duration.ofMillis(100)).build()) {
      meshes.clusters().register(throttling.clusterSpec(dir));
      Mesh mesh = meshes.create(MeshSpec.hosted(namespace).controlPlane(CLUSTER).build());
      Plan plan = mesh.policies().plan(ServerSideApplyIT.canary(namespace, 90, 10));
      throttling.start();
      long refusedBefore = throttling.rejections();

      CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(plan::apply);
      throttling.awaitRejectionsAbove(refusedBefore);
      throttling.stop();
      ApplyResult result = applying.get(90, TimeUnit.SECONDS);

      assertThat(result.successful()).as("%s", result.failures()).isTrue();
      assertThat(result.writes()).isEqualTo(2);
      assertThat(result.cluster(CLUSTER).orElseThrow().outcomes().get(0).attempts())
          .as("attempts of the first write, refused at least once").isGreaterThan(1);
      assertThat(ServerSideApplyIT.virtualService(servers.client(CLUSTER), namespace)).isNotNull();
    }
  }
}
