package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.Mesh;
import io.meshsdk.testing.ClusterKind;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestMesh;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two tests that write the same object and note their servers; run only through the engine test kit. */
@MeshTest(clusterKind = ClusterKind.MOCK_API_SERVER, meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1"))
class FreshServersFixture {
  static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

  @Test
  void first(Mesh prod, MockApiServers servers) {
    writeOnFreshServer(prod, servers);
  }

  @Test
  void second(Mesh prod, MockApiServers servers) {
    writeOnFreshServer(prod, servers);
  }

  private static void writeOnFreshServer(Mesh prod, MockApiServers servers) {
    PORTS.add(servers.server("mcpc-1").getPort());
    assertThat(prod.policies().list()).isEmpty();
    prod.policies().apply(MeshTestOnMockApiServersTest.canary());
    assertThat(prod.policies().list()).hasSize(1);
  }
}
