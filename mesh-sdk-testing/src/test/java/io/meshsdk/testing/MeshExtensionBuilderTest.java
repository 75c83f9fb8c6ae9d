package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

@DisplayName("MeshExtension.builder()")
class MeshExtensionBuilderTest {

  @RegisterExtension
  static MeshExtension meshes = MeshExtension.builder()
      .cluster(ClusterSpec.builder().name("bj-1").network("net-bj").build())
      .mesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build())
      .mesh(MeshSpec.external("legacy").addPrimary("old-1").build())
      .configure(builder -> builder.retries(1, Duration.ZERO))
      .build();

  @Test
  @DisplayName("declares clusters and meshes from specifications")
  void fromSpecifications(MeshManager manager, @TestMesh.Named("legacy") Mesh legacy) {
    assertThat(manager.clusters().get("bj-1").network()).contains("net-bj");
    assertThat(manager.get("prod").spec().members()).containsExactly("bj-1");
    assertThat(legacy.spec().configClusters()).containsExactly("old-1");
  }

  @Test
  @DisplayName("says which meshes exist when a Mesh parameter is ambiguous")
  void ambiguousMesh() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(AmbiguousMeshFixture.class))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, EventConditions.finishedWithFailure(
            TestExecutionResultConditions.instanceOf(ParameterResolutionException.class),
            TestExecutionResultConditions.message(m -> m.contains("declares 2 meshes [prod, legacy]")
                && m.contains("@TestMesh.Named"))));
  }
}
