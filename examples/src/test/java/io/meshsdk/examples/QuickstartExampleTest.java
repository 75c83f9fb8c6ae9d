package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.plan.ApplyResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("QuickstartExample")
class QuickstartExampleTest {

  @Test
  @DisplayName("plans, applies, shifts and deletes the canary, printing plans and YAML per cluster")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<ApplyResult> results = QuickstartExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(results).hasSize(3).allMatch(ApplyResult::successful);
    // create both objects; shifting the weights rewrites only the VirtualService; delete both
    assertThat(results).extracting(ApplyResult::writes).containsExactly(2L, 1L, 2L);
    assertThat(output)
        .contains("+ create DestinationRule bookinfo/reviews", "+ create VirtualService bookinfo/reviews")
        .contains("#   Secret istio-system/istio-remote-secret-bj-1", "#   Secret istio-system/istio-remote-secret-sh-1")
        .contains("#   Gateway istio-system/cross-network-gateway", "#   ServiceAccount istio-system/istio-reader-prod")
        .contains("# the policy objects on mcpc-1")
        .contains("kind: VirtualService", "kind: DestinationRule")
        .doesNotContain("in-memory-token")
        .contains("~ update VirtualService bookinfo/reviews")
        .contains("weight: 90 -> 50")
        .contains("- delete VirtualService bookinfo/reviews", "- delete DestinationRule bookinfo/reviews")
        .contains("policies left in mesh prod: 0");
  }
}
