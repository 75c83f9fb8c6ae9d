package io.meshsdk.core;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.time.Duration;
import java.util.Map;

/** A manager on in-memory clusters with the test backend, and the policies engine tests use. */
final class EngineFixture {
  final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  final MeshManager meshes = MeshManager.builder()
      .backend(new TestBackendProvider())
      .connector(clusters)
      .retries(4, Duration.ofMillis(1))
      .build();

  EngineFixture register(String... names) {
    for (String name : names) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    return this;
  }

  static TrafficPolicy reviews(int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2).timeout(Duration.ofSeconds(2)))
        .build();
  }
}
