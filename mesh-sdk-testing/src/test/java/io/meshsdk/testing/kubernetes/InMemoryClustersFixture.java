package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestMesh;
import org.junit.jupiter.api.Test;

/** Runs in memory but asks for mock API servers; run only through the engine test kit. */
@MeshTest(meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1"))
class InMemoryClustersFixture {
  @Test
  void wantsMockApiServers(MockApiServers servers) {
    assertThat(servers).isNotNull();
  }
}
