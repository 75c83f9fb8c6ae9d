package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Writes whose responses are lost, over HTTP to a mock API server")
class LostResponsesOnMockApiServerTest {
  private KubernetesMockServer mcpc;
  private MeshManager meshes;
  private Mesh prod;
  private final AtomicInteger lose = new AtomicInteger();

  /** Every write reaches the API server; the first {@code lose} responses never reach the SDK. */
  private final class LosingResponses implements ClusterConnector {
    private final ClusterConnector delegate = KubernetesClusterConnector.builder().build();

    @Override
    public String id() {
      return "losing-responses";
    }

    @Override
    public ClusterConnection connect(ClusterSpec cluster) {
      ClusterConnection connection = delegate.connect(cluster);
      return new ClusterConnection() {
        @Override
        public String cluster() {
          return connection.cluster();
        }

        @Override
        public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
          return connection.list(type, namespace, labelSelector);
        }

        @Override
        public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
          return connection.get(type, namespace, name);
        }

        @Override
        public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
          MeshResource written = connection.apply(type, resource, options);
          if (!options.dryRun() && lose.getAndDecrement() > 0) {
            throw new MeshBackendException(ErrorCode.TIMEOUT, cluster(), 0,
                "timed out waiting for the API server of cluster " + cluster(), null);
          }
          return written;
        }

        @Override
        public boolean delete(ResourceType type, String namespace, String name, Optional<String> expected) {
          return connection.delete(type, namespace, name, expected);
        }

        @Override
        public Optional<ClusterEndpoint> endpoint() {
          return connection.endpoint();
        }

        @Override
        public String serverVersion() {
          return connection.serverVersion();
        }

        @Override
        public void close() {
          connection.close();
        }
      };
    }
  }

  @BeforeEach
  void setUp(@TempDir Path dir) {
    mcpc = MockClusters.crud();
    meshes = MeshManager.builder()
        .backend(new IstioBackendProvider())
        .connector(new LosingResponses())
        .retries(3, Duration.ofMillis(1))
        .build();
    meshes.clusters().register(MockClusters.cluster("mcpc-1", mcpc, dir));
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
    MockClusters.destroy(mcpc);
  }

  private static List<String> outcomes(ApplyResult result) {
    return result.clusters().get(0).outcomes().stream()
        .map(o -> o.ref().kind() + " " + o.status() + " after " + o.attempts())
        .collect(Collectors.toList());
  }

  @Test
  @DisplayName("a retried create meets its own object, counts it as applied and writes the rest")
  void create() {
    Plan plan = prod.policies().plan(KubernetesMeshManagerTest.canary(90, 10));
    lose.set(1);

    ApplyResult result = plan.apply();

    assertThat(outcomes(result)).containsExactly("DestinationRule APPLIED after 2", "VirtualService APPLIED after 1");
    try (KubernetesClient client = mcpc.createClient()) {
      GenericKubernetesResource route = client.genericKubernetesResources(
          IstioResourceTypes.VIRTUAL_SERVICE.apiVersion(), "VirtualService").inNamespace("bookinfo").withName("reviews").get();
      assertThat(route).isNotNull();
    }
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("a retried update meets its own object, counts it as applied and writes the rest")
  void update() {
    prod.policies().plan(KubernetesMeshManagerTest.canary(90, 10)).apply();
    // a circuit breaker changes the DestinationRule, the weights the VirtualService
    TrafficPolicy changed = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 50).toSubset("v2", 50))
        .circuitBreaker(cb -> cb.maxConnections(10))
        .build();
    Plan plan = prod.policies().plan(changed);
    assertThat(plan.count(ChangeAction.UPDATE)).isEqualTo(2);
    lose.set(1);

    ApplyResult result = plan.apply();

    assertThat(result.successful()).as("apply result %s", result).isTrue();
    assertThat(result.clusters().get(0).outcomes()).extracting(ObjectOutcome::attempts).containsExactly(2, 1);
    assertThat(prod.policies().list()).containsExactly(changed);
  }
}
