package io.meshsdk.testing.real;

import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects the SDK produces from policies its builders accept, which Istio's validation (and so
 * istiod's validating webhook on a production cluster) refuses. Each test states the correct
 * behaviour; it fails until the defect it names is fixed.
 */
@DisplayName("istioctl validate disagrees with the SDK")
class IstioctlValidationDefectsIT {
  private static RealApiServers servers;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().istioCrds(false).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  @DisplayName("accepts the golden file of a CUSTOM authorization with a source namespace, which the builders accept")
  void acceptsTheGoldenFilesItRefuses() {
    List<Path> files = IstioctlValidationIT.REFUSED_GOLDEN_FILES.stream()
        .map(f -> IstioctlValidationIT.goldenFolder().resolve(f)).collect(Collectors.toList());

    IstioctlValidationIT.assertEachValid(servers.istioctl(), files,
        "the golden files are translations of policies the builders accepted");
  }

  @Test
  @DisplayName("accepts the objects of a route with retries(0, perTryTimeout), which build() accepts")
  void acceptsZeroRetryAttemptsWithATimeout() throws IOException {
    TrafficPolicy policy = PolicyBuilder.forService("details").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1").timeout(Duration.ofSeconds(2)).retries(0, Duration.ofMillis(500)))
        .build();
    String yaml = new IstioBackendProvider().create().translate(policy, TranslationContext.of("prod")).stream()
        .map(MeshResource::toYaml).collect(Collectors.joining("---\n"));
    Path file = Files.writeString(dir.resolve("zero-attempts.yaml"), yaml);

    IstioctlValidationIT.assertEachValid(servers.istioctl(), List.of(file),
        "PolicyBuilder.build() accepted retries(0, 500ms)");
  }
}
