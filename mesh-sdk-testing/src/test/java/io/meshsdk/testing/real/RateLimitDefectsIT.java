package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
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
 * What throttling by a real API server should not break and still does. Each test states the
 * correct behaviour; it fails until the defect it names is fixed.
 */
@DisplayName("Throttling by a real API server, where the SDK still falls short")
class RateLimitDefectsIT {
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
  @DisplayName("plans while the server answers 429, reading again once it serves the SDK")
  void planRetriesThrottledReads() throws Exception {
    String namespace = "throttled-plan";
    Throttling throttling = new Throttling(servers, RateLimitIT.CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector())
        .retries(30, Duration.ofMillis(100)).build()) {
      meshes.clusters().register(throttling.clusterSpec(dir));
      Mesh mesh = meshes.create(MeshSpec.hosted(namespace).controlPlane(RateLimitIT.CLUSTER).build());
      throttling.start();
      long refusedBefore = throttling.rejections();

      CompletableFuture<Plan> planning = CompletableFuture.supplyAsync(
          () -> mesh.policies().plan(ServerSideApplyIT.canary(namespace, 90, 10)));
      throttling.awaitRejectionsAbove(refusedBefore);
      throttling.stop();
      Plan plan = planning.get(90, TimeUnit.SECONDS);

      assertThat(plan.count(ChangeAction.CREATE)).isEqualTo(2);
    }
  }
}
