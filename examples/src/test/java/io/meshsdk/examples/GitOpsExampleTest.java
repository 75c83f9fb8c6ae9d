package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitOpsExample")
class GitOpsExampleTest {
  @TempDir
  Path root;

  private String run() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DriftReport drift = GitOpsExample.run(root, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    assertThat(drift.cluster("mcpc-1").orElseThrow().objects()).singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("writes the registry and one YAML file per Istio object, finds the hand edit and reconciles it")
  void runs() throws IOException {
    String output = run();

    assertThat(root.resolve("registry/meshes/prod.json")).exists();
    assertThat(root.resolve("registry/clusters/mcpc-1.json")).exists();
    Path vs = root.resolve("clusters/mcpc-1/bookinfo/virtualservice-reviews.yaml");
    assertThat(root.resolve("clusters/mcpc-1/bookinfo/destinationrule-reviews.yaml")).exists();
    assertThat(Files.readString(vs)).contains("weight: 90").doesNotContain("weight: 50");
    assertThat(output)
        .contains("mcpc-1/bookinfo/virtualservice-reviews.yaml", "objects written: 2")
        .contains("0 to create, 0 to update, 0 to delete, 2 unchanged", "objects written: 0")
        .contains("modified VirtualService bookinfo/reviews", "weight: 50 -> 90")
        .contains("successful: true, drift left: false");
  }

  @Test
  @DisplayName("runs again on the same directory, reusing the registry it left")
  void rerunnable() {
    run();
    assertThat(run()).contains("objects written: 0");
  }
}
