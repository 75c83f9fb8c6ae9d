package io.meshsdk.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mesh and cluster specifications")
class MeshSpecTest {

  @Test
  @DisplayName("send a hosted mesh's policies to its control plane only")
  void hostedConfigCluster() {
    MeshSpec prod = MeshSpec.hosted("prod").controlPlane("mcpc-1").members(List.of("bj-1", "sh-1")).build();
    assertThat(prod.configClusters()).containsExactly("mcpc-1");
    assertThat(prod.clusters()).containsExactly("mcpc-1", "bj-1", "sh-1");
  }

  @Test
  @DisplayName("send a dedicated mesh's policies to its one member and an external mesh's to its primaries")
  void otherModes() {
    assertThat(MeshSpec.dedicated("dev").cluster("dev-1").build().configClusters()).containsExactly("dev-1");
    assertThat(MeshSpec.external("legacy").addPrimary("old-1").addPrimary("old-2").build().configClusters())
        .containsExactly("old-1", "old-2");
  }

  @Test
  @DisplayName("list every broken rule of a mesh at once")
  void meshViolations() {
    assertThatThrownBy(() -> MeshSpec.hosted("Prod!").members(List.of("a", "a")).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactlyInAnyOrder("name", "controlPlane", "members[1]"));
    assertThatThrownBy(() -> MeshSpec.dedicated("dev").members(List.of("a", "b")).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("members"));
  }

  @Test
  @DisplayName("keep credentials as references that print no secret")
  void credentialsAreReferences() {
    ClusterSpec spec = ClusterSpec.builder().name("bj-1").kubeconfig(Path.of("/etc/mesh/bj.yaml"), "admin@bj")
        .network("net-bj").region("cn-north").build();
    assertThat(spec.credentials().source()).isEqualTo(ClusterCredentials.Source.KUBECONFIG_FILE);
    assertThat(spec.toString()).contains("/etc/mesh/bj.yaml").doesNotContain("token");
    assertThatThrownBy(() -> ClusterSpec.builder().name("bj_1").network("Net BJ").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("name", "network"));
  }
}
