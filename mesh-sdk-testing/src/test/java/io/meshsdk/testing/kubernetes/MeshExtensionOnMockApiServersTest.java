package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.testing.MeshExtension;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("MeshExtension.builder().mockApiServers()")
class MeshExtensionOnMockApiServersTest {

  @RegisterExtension
  static MeshExtension meshes = MeshExtension.builder()
      .mockApiServers()
      .cluster(ClusterSpec.builder().name("bj-1").network("net-bj").region("cn-north").build())
      .mesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build())
      .configure(builder -> builder.retries(1, Duration.ZERO))
      .build();

  @Test
  @DisplayName("keeps what a declared cluster says besides its credentials, such as its network and region")
  void keepsDeclaredClusters(MeshManager manager, MockApiServers servers) {
    ClusterSpec bj = manager.clusters().get("bj-1");

    assertThat(bj.network()).contains("net-bj");
    assertThat(bj.region()).contains("cn-north");
    assertThat(bj.credentials().kubeconfigPath()).isPresent();
    assertThat(servers.client("bj-1").namespaces().withName("istio-system").get().getMetadata().getLabels())
        .as("network label the join put on the member's istio-system")
        .containsEntry("topology.istio.io/network", "net-bj");
  }

  @Test
  @DisplayName("re-applies without a write request reaching the server")
  void reapplyOverHttp(Mesh prod, MockApiServers servers) {
    prod.policies().apply(MeshTestOnMockApiServersTest.canary());
    servers.takeRequests("mcpc-1");

    var plan = prod.policies().plan(MeshTestOnMockApiServersTest.canary());
    plan.apply();

    assertThat(plan.changes()).extracting(c -> c.action()).containsOnly(ChangeAction.UNCHANGED);
    assertThat(servers.takeWrites("mcpc-1")).isEmpty();
  }
}
