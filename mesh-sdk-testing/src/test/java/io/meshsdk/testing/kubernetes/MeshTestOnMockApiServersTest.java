package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.testing.ClusterKind;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestMesh;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

@DisplayName("@MeshTest on mock API servers")
@MeshTest(clusterKind = ClusterKind.MOCK_API_SERVER,
    meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = "bj-1"))
class MeshTestOnMockApiServersTest {

  static TrafficPolicy canary() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .build();
  }

  @Test
  @DisplayName("registers each cluster with a kubeconfig that reaches a server of its own")
  void oneServerPerCluster(MeshManager meshes, MockApiServers servers) throws IOException {
    assertThat(servers.clusters()).containsExactlyInAnyOrder("mcpc-1", "bj-1");
    assertThat(servers.server("mcpc-1").url("/")).isNotEqualTo(servers.server("bj-1").url("/"));
    for (String cluster : List.of("mcpc-1", "bj-1")) {
      ClusterCredentials credentials = meshes.clusters().get(cluster).credentials();
      assertThat(credentials.source()).isEqualTo(ClusterCredentials.Source.KUBECONFIG_FILE);
      assertThat(credentials.context()).contains(cluster);
      assertThat(Files.readString(Path.of(credentials.kubeconfigPath().orElseThrow())))
          .contains("server: " + servers.server(cluster).url("/").replaceAll("/$", ""));
    }
  }

  @Test
  @DisplayName("joins the members of a declared hosted mesh over HTTP: the remote secret is on the control plane's server")
  void membersJoined(Mesh prod, MockApiServers servers) {
    assertThat(prod.spec().members()).containsExactly("bj-1");
    Secret remote = servers.client("mcpc-1").secrets().inNamespace("istio-system")
        .withName("istio-remote-secret-bj-1").get();
    assertThat(remote).isNotNull();
    assertThat(remote.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
    assertThat(servers.client("bj-1").serviceAccounts().inNamespace("istio-system")
        .withName("istio-reader-prod").get()).isNotNull();
  }

  @Test
  @DisplayName("starts each test with the set-up's requests discarded, and shows what the test sent to which server")
  void requestsPerServer(Mesh prod, MockApiServers servers) {
    assertThat(servers.takeRequests("mcpc-1")).isEmpty();
    assertThat(servers.takeRequests("bj-1")).isEmpty();

    ApplyResult result = prod.policies().apply(canary());

    assertThat(result.successful()).as("apply result %s", result).isTrue();
    List<RecordedRequest> writes = servers.takeWrites("mcpc-1");
    assertThat(writes).extracting(RecordedRequest::getPath).allSatisfy(path ->
        assertThat(path).startsWith("/apis/networking.istio.io/v1/namespaces/bookinfo/"));
    assertThat(writes.stream().map(RecordedRequest::getPath).collect(Collectors.joining(" ")))
        .contains("destinationrules", "virtualservices");
    // the analysis before the apply reads the member; nothing is written there
    assertThat(servers.takeWrites("bj-1")).as("writes to the member").isEmpty();
    GenericKubernetesResource virtualService = servers.client("mcpc-1")
        .genericKubernetesResources("networking.istio.io/v1", "VirtualService")
        .inNamespace("bookinfo").withName("reviews").get();
    assertThat(virtualService.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk");
  }

  @Test
  @DisplayName("gives fresh servers to each test and shuts them down after it")
  void freshServersPerTest() {
    FreshServersFixture.PORTS.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(FreshServersFixture.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(2).failed(0));

    assertThat(FreshServersFixture.PORTS).hasSize(2).doesNotHaveDuplicates();
    assertThat(FreshServersFixture.PORTS).allSatisfy(port ->
        assertThatThrownBy(() -> new Socket("localhost", port).close()).as("connecting to port %d", port)
            .isInstanceOf(IOException.class));
  }

  @Test
  @DisplayName("refuses to inject in-memory clusters into a test whose clusters are mock API servers")
  void noInMemoryConnector() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(WrongClustersFixture.class),
            DiscoverySelectors.selectClass(InMemoryClustersFixture.class))
        .execute()
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, EventConditions.finishedWithFailure(
            TestExecutionResultConditions.instanceOf(
                org.junit.jupiter.api.extension.ParameterResolutionException.class),
            TestExecutionResultConditions.message(m -> m.contains("mock API servers")
                && m.contains("MockApiServers"))))
        .haveExactly(1, EventConditions.finishedWithFailure(
            TestExecutionResultConditions.instanceOf(
                org.junit.jupiter.api.extension.ParameterResolutionException.class),
            TestExecutionResultConditions.message(m -> m.contains("in memory")
                && m.contains("MOCK_API_SERVER"))));
  }
}
