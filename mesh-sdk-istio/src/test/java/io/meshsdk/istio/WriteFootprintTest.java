package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("What a change costs the cluster, with the Istio translation")
class WriteFootprintTest {
  private static final int SERVICES = 200;

  private InMemoryClusterConnector clusters;
  private MeshManager meshes;
  private Mesh prod;
  private InMemoryCluster mcpc;

  /** Service {@code i}: two subsets and a weighted route, one DestinationRule and one VirtualService. */
  static TrafficPolicy service(int i, int v1Weight) {
    return PolicyBuilder.forService("svc-" + i).inNamespace("shop")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1Weight).toSubset("v2", 100 - v1Weight))
        .build();
  }

  /** Every service at 90/10, every hundredth at {@code changed} instead. */
  static List<TrafficPolicy> services(int changed) {
    return IntStream.range(0, SERVICES).mapToObj(i -> service(i, i % 100 == 0 ? changed : 90)).collect(Collectors.toList());
  }

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    mcpc = clusters.cluster("mcpc-1");
    assertThat(prod.policies().plan(services(90)).apply().successful()).isTrue();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("a 1 % change updates the VirtualServices whose routes changed and leaves every DestinationRule alone")
  void onePercentChange() {
    long writes = mcpc.writes();

    Plan plan = prod.policies().plan(services(80));

    assertThat(plan.changes()).filteredOn(c -> c.action() != ChangeAction.UNCHANGED)
        .extracting(c -> c.ref().kind() + " " + c.ref().name() + " " + c.action())
        .containsExactly("VirtualService svc-0 UPDATE", "VirtualService svc-100 UPDATE");
    assertThat(plan.changes()).filteredOn(c -> c.ref().kind().equals("DestinationRule"))
        .hasSize(SERVICES).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
    ApplyResult result = plan.apply();
    assertThat(result.successful()).isTrue();
    assertThat(result.writes()).isEqualTo(2);
    assertThat(mcpc.writes() - writes).isEqualTo(2);
    assertThat(prod.policies().find(service(100, 80).ref())).contains(service(100, 80));
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("a change of subsets updates the DestinationRule, and the VirtualService that carries the intent")
  void subsetChange() {
    TrafficPolicy more = PolicyBuilder.forService("svc-7").inNamespace("shop")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2", "track", "stable"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .build();

    Plan plan = prod.policies().plan(more);

    assertThat(plan.changes()).extracting(c -> c.ref().kind() + " " + c.action())
        .containsExactly("DestinationRule UPDATE", "VirtualService UPDATE");
    assertThat(plan.changes().get(1).diff()).extracting(d -> d.path())
        .containsExactlyInAnyOrder("/metadata/annotations/mesh.meshsdk.io~1intent",
            "/metadata/annotations/mesh.meshsdk.io~1intent-hash");
  }

  @Test
  @DisplayName("the intent is on the VirtualService only: at most 160 bytes of annotations per object, against 424")
  void bytesPerObject() {
    MeshResource rule = mcpc.find("DestinationRule", "shop", "svc-1").orElseThrow();
    MeshResource routes = mcpc.find("VirtualService", "shop", "svc-1").orElseThrow();

    assertThat(rule.annotations()).isEmpty();
    assertThat(routes.annotations()).containsOnlyKeys("mesh.meshsdk.io/intent", "mesh.meshsdk.io/intent-hash");
    long intent = routes.annotations().entrySet().stream()
        .mapToLong(a -> bytes(a.getKey()) + bytes(a.getValue())).sum();
    // 0.1.0 wrote 424 bytes of intent on each of the two objects, 41 % of their JSON
    assertThat(intent).as("intent annotations, keys and values").isLessThanOrEqualTo(320);
    assertThat(bytes(rule.toJson())).isLessThan(600);
    List<MeshResource> objects = prod.policies().resources().get("mcpc-1");
    long annotations = objects.stream().flatMap(o -> o.annotations().entrySet().stream())
        .mapToLong(a -> bytes(a.getKey()) + bytes(a.getValue())).sum();
    assertThat(objects).hasSize(2 * SERVICES);
    assertThat(annotations / objects.size()).as("annotation bytes per object").isLessThanOrEqualTo(160);
  }

  private static long bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
