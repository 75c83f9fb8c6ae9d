package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Re-planning what is already applied")
class ReplanRequestsTest {
  private final CountingConnector connector = new CountingConnector();
  private MeshManager meshes;
  private Mesh prod;

  /** In-memory clusters whose every call is counted, by verb, cluster, kind and namespace. */
  static final class CountingConnector implements ClusterConnector {
    final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public String id() {
      return "counting";
    }

    private void count(String verb, String cluster, ResourceType type, String namespace) {
      calls.computeIfAbsent(verb + " " + cluster + " " + type.kind() + " " + namespace, k -> new AtomicInteger())
          .incrementAndGet();
    }

    @Override
    public ClusterConnection connect(ClusterSpec cluster) {
      return new ForwardingConnection(clusters.connect(cluster)) {
        @Override
        public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
          count("list", cluster(), type, namespace);
          return delegate.list(type, namespace, labelSelector);
        }

        @Override
        public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
          count("get", cluster(), type, namespace);
          return delegate.get(type, namespace, name);
        }

        @Override
        public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
          count("apply", cluster(), type, resource.namespace().orElse(null));
          return delegate.apply(type, resource, options);
        }

        @Override
        public boolean delete(ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion) {
          count("delete", cluster(), type, namespace);
          return delegate.delete(type, namespace, name, expectedResourceVersion);
        }
      };
    }

    Map<String, Integer> snapshot() {
      return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }
  }

  static TrafficPolicy service(String namespace, int i, int v1Weight) {
    return PolicyBuilder.forService("svc-" + i).inNamespace(namespace)
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1Weight).toSubset("v2", 100 - v1Weight).timeout(Duration.ofSeconds(2)))
        .build();
  }

  /** 50 services in each of two namespaces; every hundredth routes {@code changed} instead of 90. */
  static List<TrafficPolicy> services(int changed) {
    return Stream.of("shop", "pay")
        .flatMap(ns -> IntStream.range(0, 50).mapToObj(i -> service(ns, i, ns.equals("shop") && i == 0 ? changed : 90)))
        .collect(Collectors.toList());
  }

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().backend(new TestBackendProvider()).connector(connector).build();
    for (String cluster : List.of("mcpc-1", "bj-1", "sh-1")) {
      meshes.clusters().register(ClusterSpec.builder().name(cluster).build());
    }
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.join("sh-1");
    assertThat(prod.policies().plan(services(90)).apply().successful()).isTrue();
    connector.calls.clear();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("with nothing changed makes exactly one list call per cluster, kind and namespace, and no write")
  void unchanged() {
    Plan plan = prod.policies().plan(services(90));

    assertThat(plan.changes()).hasSize(200).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
    assertThat(connector.snapshot()).containsOnly(
        Map.entry("list mcpc-1 Backing shop", 1), Map.entry("list mcpc-1 Front shop", 1),
        Map.entry("list mcpc-1 Backing pay", 1), Map.entry("list mcpc-1 Front pay", 1));
    ApplyResult result = plan.apply();
    assertThat(result.writes()).isZero();
    assertThat(connector.snapshot()).allSatisfy((call, times) -> assertThat(call).startsWith("list"));
  }

  @Test
  @DisplayName("with 1 % changed writes only the one object whose content changed")
  void onePercentChanged() {
    Plan plan = prod.policies().plan(services(80));

    assertThat(plan.changes()).filteredOn(c -> c.action() != ChangeAction.UNCHANGED)
        .extracting(c -> c.ref() + " " + c.action()).containsExactly("Front shop/svc-0 UPDATE");
    assertThat(plan.apply().writes()).isEqualTo(1);
    assertThat(connector.snapshot()).containsEntry("apply mcpc-1 Front shop", 1)
        .doesNotContainKeys("apply mcpc-1 Backing shop", "apply mcpc-1 Backing pay", "apply mcpc-1 Front pay");
  }
}
