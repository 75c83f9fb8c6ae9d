package io.meshsdk.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.istio.schema.CrdSchemaValidator;
import io.meshsdk.istio.schema.IstioData;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Joining a member to a hosted Istio mesh")
class IstioMembershipWiringTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static List<String> names(InMemoryCluster cluster) {
    return cluster.objects().stream().map(o -> o.ref().toString()).collect(Collectors.toList());
  }

  private static String decode(JsonNode value) {
    return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("gives the control plane a remote secret for a least-privilege reader of the member")
  void remoteSecret() {
    prod.join("bj-1");

    InMemoryCluster member = clusters.cluster("bj-1");
    assertThat(names(member)).containsExactlyInAnyOrder(
        "ClusterRole istio-reader-prod", "ClusterRoleBinding istio-reader-prod", "Namespace istio-system",
        "Secret istio-system/istio-reader-prod-token-1", "ServiceAccount istio-system/istio-reader-prod");
    JsonNode rules = member.find("ClusterRole", null, "istio-reader-prod").orElseThrow().field("rules").orElseThrow();
    assertThat(rules).allSatisfy(rule -> {
      List<String> verbs = new ArrayList<>();
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      List<String> resources = new ArrayList<>();
      rule.path("resources").forEach(r -> resources.add(r.asText()));
      assertThat(resources).doesNotContain("secrets", "*");
      if (verbs.contains("create")) {
        assertThat(verbs).containsExactly("create");
        assertThat(resources).isSubsetOf("tokenreviews", "subjectaccessreviews");
      } else {
        assertThat(verbs).containsExactly("get", "list", "watch");
      }
    });

    MeshResource remote = clusters.cluster("mcpc-1").find("Secret", "istio-system", "istio-remote-secret-bj-1").orElseThrow();
    assertThat(remote.labels()).containsEntry("istio/multiCluster", "true")
        .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk").containsEntry("mesh.meshsdk.io/member", "bj-1");
    assertThat(remote.annotations()).containsEntry("networking.istio.io/cluster", "bj-1");
    String kubeconfig = decode(remote.field("data").orElseThrow().path("bj-1"));
    String token = decode(member.find("Secret", "istio-system", "istio-reader-prod-token-1").orElseThrow()
        .field("data").orElseThrow().path("token"));
    assertThat(kubeconfig).contains("server: https://bj-1.in-memory.invalid:6443", "token: " + token);
    assertThat(remote.toString()).doesNotContain(token);
  }

  @Test
  @DisplayName("labels the member's istio-system with its network and keeps the labels it found")
  void networkLabel() {
    ObjectNode namespace = MeshResource.skeleton("v1", "Namespace", null, "istio-system");
    ((ObjectNode) namespace.get("metadata")).putObject("labels").put("team", "platform");
    clusters.cluster("sh-1").putOutOfBand(MeshResource.of(namespace));

    prod.join("sh-1");

    MeshResource labelled = clusters.cluster("sh-1").find("Namespace", null, "istio-system").orElseThrow();
    assertThat(labelled.labels()).containsEntry("topology.istio.io/network", "net-sh").containsEntry("team", "platform");

    prod.leave("sh-1");

    MeshResource restored = clusters.cluster("sh-1").find("Namespace", null, "istio-system").orElseThrow();
    assertThat(restored.labels()).containsExactly(Map.entry("team", "platform"));
    assertThat(restored.annotations()).isEmpty();
  }

  @Test
  @DisplayName("adds the east-west gateway while the mesh spans several networks, and removes it after")
  void eastWestGateway() {
    prod.join("bj-1");
    assertThat(clusters.cluster("mcpc-1").find("Gateway", "istio-system", "cross-network-gateway")).isEmpty();

    prod.join("sh-1");
    MeshResource gateway = clusters.cluster("mcpc-1").find("Gateway", "istio-system", "cross-network-gateway").orElseThrow();
    JsonNode server = gateway.field("spec").orElseThrow().path("servers").get(0);
    assertThat(server.path("port").path("number").asInt()).isEqualTo(15443);
    assertThat(server.path("tls").path("mode").asText()).isEqualTo("AUTO_PASSTHROUGH");
    IstioData.assumePresent();
    CrdSchemaValidator.load(IstioData.crds()).assertValid(gateway.content());

    prod.leave("sh-1");
    assertThat(clusters.cluster("mcpc-1").find("Gateway", "istio-system", "cross-network-gateway")).isEmpty();
  }

  @Test
  @DisplayName("leave removes exactly what join created, on the member and on the control plane")
  void leaveCleansUp() {
    ObjectNode foreign = MeshResource.skeleton("v1", "ConfigMap", "istio-system", "istio-ca-root-cert");
    clusters.cluster("mcpc-1").putOutOfBand(MeshResource.of(foreign));
    List<String> controlPlaneBefore = names(clusters.cluster("mcpc-1"));

    prod.join("bj-1");
    prod.leave("bj-1");

    assertThat(names(clusters.cluster("bj-1"))).containsExactly("Namespace istio-system");
    assertThat(clusters.cluster("bj-1").find("Namespace", null, "istio-system").orElseThrow().labels()).isEmpty();
    assertThat(names(clusters.cluster("mcpc-1"))).isEqualTo(controlPlaneBefore);
    assertThat(prod.spec().members()).isEmpty();
  }

  @Test
  @DisplayName("leave never deletes the member's istio-system, even when join created it, nor what others put there")
  void leaveKeepsNamespace() {
    prod.join("sh-1");
    InMemoryCluster member = clusters.cluster("sh-1");
    assertThat(member.find("Namespace", null, "istio-system").orElseThrow().labels())
        .containsEntry("topology.istio.io/network", "net-sh");
    member.putOutOfBand(MeshResource.of(MeshResource.skeleton("v1", "ConfigMap", "istio-system", "istio-ca-root-cert")));

    prod.leave("sh-1");

    assertThat(names(member)).containsExactly("ConfigMap istio-system/istio-ca-root-cert", "Namespace istio-system");
    assertThat(member.find("Namespace", null, "istio-system").orElseThrow().labels()).isEmpty();

    prod.join("sh-1");
    assertThat(member.find("Namespace", null, "istio-system").orElseThrow().labels())
        .containsEntry("topology.istio.io/network", "net-sh");
    prod.leave("sh-1");
    assertThat(names(member)).containsExactly("ConfigMap istio-system/istio-ca-root-cert", "Namespace istio-system");
  }

  @Test
  @DisplayName("marks what it writes as the mesh's, not a policy's")
  void meshOwned() {
    prod.join("bj-1");
    prod.join("sh-1");

    List<MeshResource> written = new ArrayList<>(clusters.cluster("mcpc-1").objects());
    written.addAll(clusters.cluster("bj-1").objects());
    assertThat(written).isNotEmpty().allSatisfy(o -> {
      // the east-west gateway instances are the mesh's gateways; everything else is membership wiring
      String component = o.labels().containsKey("mesh.meshsdk.io/gateway") ? "gateway" : "membership";
      assertThat(o.labels()).containsEntry("mesh.meshsdk.io/component", component)
          .containsEntry("mesh.meshsdk.io/mesh", "prod").doesNotContainKey("mesh.meshsdk.io/policy");
    });
  }

  @Test
  @DisplayName("a fresh multi-network mesh has no drift: the east-west gateway is what wiring wants")
  void noDriftAfterJoin() {
    prod.join("bj-1");
    prod.join("sh-1");
    long writes = clusters.writes();

    assertThat(prod.policies().drift().hasDrift()).isFalse();
    assertThat(prod.policies().planReconcile().hasChanges()).isFalse();
    assertThat(clusters.writes()).isEqualTo(writes);
  }

  @Test
  @DisplayName("an east-west gateway the wiring no longer wants is unexpected, and reconciling removes it")
  void unwantedEastWestGateway() {
    prod.join("bj-1");
    prod.join("sh-1");
    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    MeshResource gateway = mcpc.find("Gateway", "istio-system", "cross-network-gateway").orElseThrow();
    prod.leave("sh-1");
    mcpc.putOutOfBand(gateway); // left behind, as by a leave that failed halfway

    assertThat(prod.policies().drift().cluster("mcpc-1").orElseThrow().objects()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(io.meshsdk.plan.ObjectDrift.Kind.UNEXPECTED);
      assertThat(d.policy()).isEmpty();
    });
    assertThat(prod.policies().planReconcile().apply().successful()).isTrue();
    assertThat(mcpc.find("Gateway", "istio-system", "cross-network-gateway")).isEmpty();
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("drift judges an edited or deleted east-west gateway against wiring, and reconciling restores it")
  void eastWestGatewayDrift() {
    prod.join("bj-1");
    prod.join("sh-1");
    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    MeshResource gateway = mcpc.find("Gateway", "istio-system", "cross-network-gateway").orElseThrow();
    ObjectNode edited = gateway.content();
    ((ObjectNode) edited.path("spec").path("servers").get(0).path("port")).put("number", 15444);
    mcpc.putOutOfBand(MeshResource.of(edited));

    assertThat(prod.policies().drift().cluster("mcpc-1").orElseThrow().objects()).singleElement().satisfies(d -> {
      assertThat(d.ref().toString()).isEqualTo("Gateway istio-system/cross-network-gateway");
      assertThat(d.kind()).isEqualTo(io.meshsdk.plan.ObjectDrift.Kind.MODIFIED);
      assertThat(d.policy()).isEmpty();
      assertThat(d.reason()).contains("membership wiring");
      assertThat(d.diff()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("/spec/servers/0/port/number"));
    });
    assertThat(prod.policies().planReconcile().apply().successful()).isTrue();
    assertThat(mcpc.find("Gateway", "istio-system", "cross-network-gateway").orElseThrow()
        .field("spec").orElseThrow().path("servers").get(0).path("port").path("number").asInt()).isEqualTo(15443);
    assertThat(prod.policies().drift().hasDrift()).isFalse();

    mcpc.removeOutOfBand(gateway.ref());
    assertThat(prod.policies().drift().cluster("mcpc-1").orElseThrow().objects()).singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(io.meshsdk.plan.ObjectDrift.Kind.DELETED));
    assertThat(prod.policies().planReconcile().apply().successful()).isTrue();
    assertThat(mcpc.find("Gateway", "istio-system", "cross-network-gateway")).isPresent();
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("rotating credentials issues a new token, updates the remote secret and revokes the old token")
  void rotation() {
    prod.join("bj-1");
    String before = decode(clusters.cluster("mcpc-1").find("Secret", "istio-system", "istio-remote-secret-bj-1")
        .orElseThrow().field("data").orElseThrow().path("bj-1"));

    prod.rotateCredentials("bj-1");

    InMemoryCluster member = clusters.cluster("bj-1");
    assertThat(member.find("Secret", "istio-system", "istio-reader-prod-token-1")).isEmpty();
    String newToken = decode(member.find("Secret", "istio-system", "istio-reader-prod-token-2").orElseThrow()
        .field("data").orElseThrow().path("token"));
    String after = decode(clusters.cluster("mcpc-1").find("Secret", "istio-system", "istio-remote-secret-bj-1")
        .orElseThrow().field("data").orElseThrow().path("bj-1"));
    assertThat(after).isNotEqualTo(before).contains("token: " + newToken);
  }

  @Test
  @DisplayName("refuses to take over a reader account it does not own, and leaves nothing behind")
  void refusesForeignAccount() {
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(
        MeshResource.skeleton("v1", "ServiceAccount", "istio-system", "istio-reader-prod")));

    assertThatThrownBy(() -> prod.join("bj-1"))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("ServiceAccount istio-system/istio-reader-prod")
        .hasMessageContaining("does not own");

    assertThat(prod.spec().members()).isEmpty();
    assertThat(names(clusters.cluster("bj-1")))
        .containsExactly("Namespace istio-system", "ServiceAccount istio-system/istio-reader-prod");
    assertThat(names(clusters.cluster("mcpc-1"))).isEmpty();
  }
}
