package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.testing.ClusterKind;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestMesh;
import org.junit.jupiter.api.Test;

/** Runs on mock API servers but asks for in-memory clusters; run only through the engine test kit. */
@MeshTest(clusterKind = ClusterKind.MOCK_API_SERVER, meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1"))
class WrongClustersFixture {
  @Test
  void wantsInMemoryClusters(InMemoryClusterConnector clusters) {
    assertThat(clusters).isNotNull();
  }
}
