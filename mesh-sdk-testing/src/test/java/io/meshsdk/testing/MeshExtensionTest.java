package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.policy.PolicyBuilder;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@DisplayName("@MeshTest")
@MeshTest(
    clusters = @TestCluster(name = "sh-1", network = "net-sh"),
    meshes = {
      @TestMesh(name = "prod", controlPlane = "mcpc-1", members = {"bj-1", "sh-1"}),
      @TestMesh(name = "dev", mode = MeshMode.DEDICATED, members = "dev-1")
    })
@Execution(ExecutionMode.CONCURRENT)
class MeshExtensionTest {

  @BeforeEach
  void seesTheSameStateAsTheTest(MeshManager meshes) {
    assertThat(meshes.list()).hasSize(2);
  }

  @Test
  @DisplayName("registers the declared clusters and creates the meshes, joining hosted members")
  void declaresHierarchy(MeshManager meshes, @TestMesh.Named("prod") Mesh prod, InMemoryClusterConnector clusters) {
    assertThat(meshes.clusters().list()).extracting(c -> c.name())
        .containsExactlyInAnyOrder("mcpc-1", "bj-1", "sh-1", "dev-1");
    assertThat(meshes.clusters().get("sh-1").network()).contains("net-sh");
    assertThat(prod.spec().members()).containsExactly("bj-1", "sh-1");
    assertThat(clusters.cluster("mcpc-1").find("Secret", "istio-system", "istio-remote-secret-bj-1")).isPresent();
  }

  @Test
  @DisplayName("gives every test fresh clusters (first of two tests writing the same policy)")
  void freshStateOne(@TestMesh.Named("dev") Mesh dev, InMemoryClusterConnector clusters) {
    writeOnce(dev, clusters);
  }

  @Test
  @DisplayName("gives every test fresh clusters (second of two tests writing the same policy)")
  void freshStateTwo(@TestMesh.Named("dev") Mesh dev, InMemoryClusterConnector clusters) {
    writeOnce(dev, clusters);
  }

  private static void writeOnce(Mesh dev, InMemoryClusterConnector clusters) {
    assertThat(clusters.cluster("dev-1").objects()).isEmpty();
    MeshAssertions.assertThat(dev.policies().apply(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1")).build())).isSuccessful().wrote(1);
  }

  @Nested
  @DisplayName("in a nested class")
  class NestedTests {
    @Test
    @DisplayName("inherits the declaration")
    void inherits(MeshManager meshes) {
      assertThat(meshes.find("prod")).isPresent();
    }
  }
}
