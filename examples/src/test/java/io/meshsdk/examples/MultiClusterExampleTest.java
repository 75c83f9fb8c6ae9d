package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.WorkloadRestart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MultiClusterExample")
class MultiClusterExampleTest {

  @Test
  @DisplayName("joins, injects, rotates, refuses misplaced policies and leaves cleanly")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<WorkloadRestart> restarts = MultiClusterExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(restarts).containsExactly(
        WorkloadRestart.of("bookinfo", "reviews-v1", WorkloadRestart.Reason.NEEDS_SIDECAR, 2));
    assertThat(output)
        .contains("Mesh dev: DEDICATED, policies go to [dev-1]", "Mesh legacy: EXTERNAL, policies go to [old-1]")
        .contains("Secret istio-system/istio-remote-secret-sh-1", "Gateway istio-system/cross-network-gateway")
        .contains("Secret istio-system/istio-reader-prod-token-2")
        .contains("PLACEMENT_REJECTED: cluster bj-1 is a member of mesh prod")
        .contains("UNSUPPORTED_CAPABILITY: cannot join mesh legacy");
    String afterLeave = output.substring(output.indexOf("== sh-1 leaves"));
    assertThat(afterLeave).doesNotContain("istio-remote-secret-sh-1").doesNotContain("cross-network-gateway")
        .contains("  sh-1: Namespace istio-system\n");
  }
}
