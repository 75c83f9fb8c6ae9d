package io.meshsdk.testing.k3s;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

@DisplayName("Starting k3s clusters")
class K3sClustersTest {

  @Test
  @DisplayName("skips the test, naming the path, when Istio's CRD file is missing")
  void missingCrds(@TempDir Path dir) {
    Path missing = dir.resolve("crd-all.gen.yaml");

    assertThatThrownBy(() -> K3sClusters.start(missing, "k3s-1"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("-Dmeshsdk.istio.data");
  }

  @Test
  @DisplayName("skips the test, saying that Docker is missing, where Docker is not available")
  void withoutDocker(@TempDir Path dir) throws Exception {
    assumeFalse(K3sClusters.dockerAvailable(), "Docker is available here, so k3s would start");
    Path crds = Files.writeString(dir.resolve("crd-all.gen.yaml"), "");

    assertThatThrownBy(() -> K3sClusters.start(crds, "k3s-1"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("Docker");
  }

  @Test
  @DisplayName("refuses to start no cluster at all")
  void noCluster(@TempDir Path dir) {
    assertThatThrownBy(() -> K3sClusters.start(dir.resolve("crd-all.gen.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one cluster");
  }
}
