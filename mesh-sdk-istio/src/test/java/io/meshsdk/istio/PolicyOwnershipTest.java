package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Objects belong to one policy, named by kind and name")
class PolicyOwnershipTest {
  private static final String POLICY_KIND = "mesh.meshsdk.io/policy-kind";

  private InMemoryClusterConnector clusters;
  private MeshManager meshes;
  private Mesh prod;
  private InMemoryCluster mcpc;

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    mcpc = clusters.cluster("mcpc-1");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  static TrafficPolicy ordersTraffic() {
    return PolicyBuilder.forService("orders").inNamespace("shop")
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1").timeout(Duration.ofSeconds(2)))
        .build();
  }

  static GatewayPolicy ordersGateway() {
    return PolicyBuilder.gateway("orders").inNamespace("shop")
        .server(s -> s.port(80).hosts("orders.example.com"))
        .route(r -> r.uriPrefix("/").to("orders", 8080))
        .build();
  }

  static MtlsPolicy mtls(String version, MtlsMode mode) {
    return PolicyBuilder.forWorkload("shop", Map.of("app", "orders", "version", version)).mtls(mode).build();
  }

  private String virtualServiceIntent() {
    return mcpc.find("VirtualService", "shop", "orders").orElseThrow().annotations().get("mesh.meshsdk.io/intent");
  }

  @Test
  @DisplayName("labels every object with the kind of the policy that owns it")
  void kindLabel() {
    prod.policies().apply(ordersTraffic());

    assertThat(mcpc.objects()).extracting(o -> o.kind() + " " + o.labels().get(POLICY_KIND))
        .containsExactlyInAnyOrder("DestinationRule TrafficPolicy", "VirtualService TrafficPolicy");
  }

  @Test
  @DisplayName("refuses a GatewayPolicy that would take the VirtualService of a TrafficPolicy of the same name")
  void gatewayOverTraffic() {
    prod.policies().apply(ordersTraffic());
    long writes = clusters.writes();
    String before = virtualServiceIntent();

    assertThatThrownBy(() -> prod.policies().plan(ordersGateway()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("GatewayPolicy shop/orders")
        .hasMessageContaining("TrafficPolicy shop/orders")
        .hasMessageContaining("VirtualService shop/orders");

    assertThat(clusters.writes()).isEqualTo(writes);
    assertThat(virtualServiceIntent()).isEqualTo(before);
    assertThat(prod.policies().list()).extracting(Policy::ref).containsExactly(ordersTraffic().ref());
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("refuses a TrafficPolicy that would take the VirtualService of a GatewayPolicy of the same name")
  void trafficOverGateway() {
    prod.policies().apply(ordersGateway());

    assertThatThrownBy(() -> prod.policies().plan(ordersTraffic()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("TrafficPolicy shop/orders would take VirtualService shop/orders")
        .hasMessageContaining("from GatewayPolicy shop/orders");
  }

  @Test
  @DisplayName("refuses two policies of one request that would produce the same object")
  void sameRequest() {
    assertThatThrownBy(() -> prod.policies().plan(ordersTraffic(), ordersGateway()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("GatewayPolicy shop/orders")
        .hasMessageContaining("TrafficPolicy shop/orders")
        .hasMessageContaining("VirtualService shop/orders");
    assertThat(clusters.writes()).isZero();
  }

  @Test
  @DisplayName("recognises objects written before the kind label by the kind of their intent")
  void objectsWithoutKindLabel() {
    prod.policies().apply(ordersTraffic());
    // as 0.1.0 wrote them: no kind label, and the intent on every object of the policy
    Map<String, String> intent = mcpc.find("VirtualService", "shop", "orders").orElseThrow().annotations();
    for (String kind : new String[] {"VirtualService", "DestinationRule"}) {
      ObjectNode content = mcpc.find(kind, "shop", "orders").orElseThrow().content();
      ((ObjectNode) content.path("metadata").path("labels")).remove(POLICY_KIND);
      intent.forEach(content.withObjectProperty("metadata").withObjectProperty("annotations")::put);
      mcpc.putOutOfBand(MeshResource.of(content));
    }

    assertThatThrownBy(() -> prod.policies().plan(ordersGateway()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("from TrafficPolicy shop/orders");
    assertThat(prod.policies().plan(ordersTraffic()).changes())
        .extracting(ResourceChange::action).containsOnly(ChangeAction.UPDATE);
    assertThat(prod.policies().planDeletion(ordersTraffic().ref()).changes()).hasSize(2);
  }

  @Test
  @DisplayName("refuses a workload mTLS policy that would move the selector of another named after the same app")
  void workloadPoliciesNamedAfterOneApp() {
    prod.policies().apply(mtls("v1", MtlsMode.STRICT));

    assertThatThrownBy(() -> prod.policies().plan(mtls("v2", MtlsMode.PERMISSIVE)))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("MtlsPolicy shop/orders for workloads {app=orders, version=v2}")
        .hasMessageContaining("PeerAuthentication shop/orders")
        .hasMessageContaining("for workloads {app=orders, version=v1}");

    MeshResource peer = mcpc.find("PeerAuthentication", "shop", "orders").orElseThrow();
    assertThat(peer.field("spec").orElseThrow().path("selector").path("matchLabels").path("version").asText())
        .isEqualTo("v1");
  }

  @Test
  @DisplayName("still updates a workload mTLS policy in place when only its mode changes")
  void sameWorkloadsUpdate() {
    prod.policies().apply(mtls("v1", MtlsMode.STRICT));

    assertThat(prod.policies().plan(mtls("v1", MtlsMode.PERMISSIVE)).changes())
        .extracting(ResourceChange::action).containsExactly(ChangeAction.UPDATE);
  }

  @Test
  @DisplayName("deletes only the policy of the kind asked for")
  void deletionByKind() {
    prod.policies().apply(ordersTraffic());
    prod.policies().apply(PolicyBuilder.forWorkload("shop", Map.of("app", "orders")).mtls(MtlsMode.STRICT).build());

    assertThat(prod.policies().planDeletion(PolicyRef.of("MtlsPolicy", "shop", "orders")).changes())
        .extracting(c -> c.ref().kind()).containsExactly("PeerAuthentication");
  }
}
