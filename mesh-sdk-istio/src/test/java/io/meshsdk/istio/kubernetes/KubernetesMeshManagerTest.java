package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A MeshManager on the Kubernetes connector, with mock API servers for the MCPC and two members")
class KubernetesMeshManagerTest {
  private KubernetesMockServer mcpc;
  private KubernetesMockServer bj;
  private KubernetesMockServer sh;
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    mcpc = MockClusters.crud();
    bj = MockClusters.crud();
    sh = MockClusters.crud();
    meshes = MeshManager.builder()
        .backend(new IstioBackendProvider())
        .connector(KubernetesClusterConnector.builder().build())
        .build();
    meshes.clusters().register(MockClusters.cluster("mcpc-1", mcpc, dir));
    meshes.clusters().register(MockClusters.cluster("bj-1", bj, dir));
    meshes.clusters().register(ClusterSpec.builder().from(MockClusters.cluster("sh-1", sh, dir)).network("net-sh").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.join("sh-1");
    List.of(mcpc, bj, sh).forEach(MockClusters::drain);
  }

  @Test
  @DisplayName("joining writes the remote secret on the MCPC and the reader account on the member; leaving removes them")
  void joinAndLeave() {
    try (KubernetesClient control = mcpc.createClient(); KubernetesClient member = bj.createClient()) {
      var remote = control.secrets().inNamespace("istio-system").withName("istio-remote-secret-bj-1").get();
      assertThat(remote).isNotNull();
      assertThat(remote.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
      String kubeconfig = new String(Base64.getDecoder().decode(remote.getData().get("bj-1")),
          java.nio.charset.StandardCharsets.UTF_8);
      String token = new String(Base64.getDecoder().decode(member.secrets().inNamespace("istio-system")
          .withName("istio-reader-prod-token-1").get().getData().get("token")), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(kubeconfig).contains("server: " + bj.url("/").replaceAll("/$", ""), "token: " + token);
      assertThat(member.serviceAccounts().inNamespace("istio-system").withName("istio-reader-prod").get()).isNotNull();
      assertThat(member.rbac().clusterRoles().withName("istio-reader-prod").get()).isNotNull();

      try (KubernetesClient other = sh.createClient()) {
        assertThat(other.namespaces().withName("istio-system").get().getMetadata().getLabels())
            .containsEntry("topology.istio.io/network", "net-sh");
      }
      assertThat(control.genericKubernetesResources("networking.istio.io/v1", "Gateway")
          .inNamespace("istio-system").withName("cross-network-gateway").get())
          .as("east-west gateway while the mesh spans two networks").isNotNull();

      prod.leave("bj-1");

      assertThat(control.secrets().inNamespace("istio-system").withName("istio-remote-secret-bj-1").get()).isNull();
      assertThat(member.serviceAccounts().inNamespace("istio-system").withName("istio-reader-prod").get()).isNull();
      assertThat(member.rbac().clusterRoles().withName("istio-reader-prod").get()).isNull();
      assertThat(member.secrets().inNamespace("istio-system").list().getItems()).isEmpty();
    }
  }

  @AfterEach
  void tearDown() {
    meshes.close();
    List.of(mcpc, bj, sh).forEach(KubernetesMockServer::destroy);
  }

  static TrafficPolicy canary(int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2))
        .build();
  }

  @Test
  @DisplayName("puts a policy's objects on the MCPC only; the members receive no request at all")
  void policyLandsOnTheControlPlaneOnly() {
    ApplyResult result = prod.policies().plan(canary(90, 10)).apply();

    assertThat(result.successful()).as("apply result %s", result).isTrue();
    assertThat(result.writes()).isEqualTo(2);
    try (KubernetesClient client = mcpc.createClient()) {
      for (var type : List.of(IstioResourceTypes.DESTINATION_RULE, IstioResourceTypes.VIRTUAL_SERVICE)) {
        GenericKubernetesResource object = client.genericKubernetesResources(type.apiVersion(), type.kind())
            .inNamespace("bookinfo").withName("reviews").get();
        assertThat(object).as("%s on the MCPC", type.kind()).isNotNull();
        assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk")
            .containsEntry("mesh.meshsdk.io/mesh", "prod");
      }
    }
    // the members are read by the analysis that precedes the apply, never written
    assertThat(MockClusters.writes(MockClusters.drain(bj))).isEmpty();
    assertThat(MockClusters.writes(MockClusters.drain(sh))).isEmpty();
  }

  @Test
  @DisplayName("without the analysis before it, applying a policy does not even read the members")
  void policyWithoutPreflightLeavesMembersAlone() {
    ApplyResult result = prod.policies().plan(canary(90, 10)).apply(ApplyMode.STANDARD, Preflight.SKIP);

    assertThat(result.writes()).isEqualTo(2);
    assertThat(MockClusters.drain(bj)).isEmpty();
    assertThat(MockClusters.drain(sh)).isEmpty();
  }

  @Test
  @DisplayName("plans and applies the same policy again without writing anything")
  void reapplyWritesNothing() {
    prod.policies().plan(canary(90, 10)).apply();
    MockClusters.drain(mcpc);

    Plan again = prod.policies().plan(canary(90, 10));
    ApplyResult result = again.apply();

    assertThat(again.changes()).extracting(c -> c.action()).containsOnly(ChangeAction.UNCHANGED);
    assertThat(result.writes()).isZero();
    assertThat(MockClusters.writes(MockClusters.drain(mcpc))).isEmpty();
  }

  @Test
  @DisplayName("updates the live objects in place when the policy changes, and reads the policy back")
  void updatesInPlace() {
    prod.policies().plan(canary(90, 10)).apply();

    Plan shift = prod.policies().plan(canary(50, 50));
    ApplyResult result = shift.apply();

    // only the routes changed: the VirtualService is updated, the DestinationRule is left as it is
    assertThat(shift.changes()).extracting(c -> c.ref().kind() + " " + c.action())
        .containsExactly("DestinationRule UNCHANGED", "VirtualService UPDATE");
    assertThat(result.successful()).as("apply result %s", result).isTrue();
    assertThat(result.writes()).isEqualTo(1);
    assertThat(prod.policies().list()).containsExactly(canary(50, 50));
  }

  @Test
  @DisplayName("never modifies an object it does not own: planning over it fails and the object stays as it was")
  void foreignObjectIsNeverModified() {
    GenericKubernetesResource foreign;
    try (KubernetesClient client = mcpc.createClient()) {
      foreign = client.genericKubernetesResources(IstioResourceTypes.VIRTUAL_SERVICE.apiVersion(), "VirtualService")
          .inNamespace("bookinfo")
          .resource(client.getKubernetesSerialization().unmarshal(
              "{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"VirtualService\",\"metadata\":{\"name\":\"reviews\","
                  + "\"namespace\":\"bookinfo\",\"labels\":{\"app.kubernetes.io/managed-by\":\"helm\"}},"
                  + "\"spec\":{\"hosts\":[\"reviews\"]}}", GenericKubernetesResource.class))
          .create();
    }
    MockClusters.drain(mcpc);

    assertThatThrownBy(() -> prod.policies().plan(canary(90, 10)))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("manager helm");

    assertThat(MockClusters.writes(MockClusters.drain(mcpc))).isEmpty();
    try (KubernetesClient client = mcpc.createClient()) {
      GenericKubernetesResource after = client.genericKubernetesResources(
          IstioResourceTypes.VIRTUAL_SERVICE.apiVersion(), "VirtualService").inNamespace("bookinfo").withName("reviews").get();
      assertThat(after.getMetadata().getResourceVersion()).isEqualTo(foreign.getMetadata().getResourceVersion());
      assertThat(after.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "helm");
    }
  }

  @Test
  @DisplayName("a fresh multi-network mesh reports no drift: the east-west gateway belongs to the mesh")
  void freshMeshHasNoDrift() {
    assertThat(prod.policies().drift().hasDrift()).isFalse();
    assertThat(prod.policies().planReconcile().hasChanges()).isFalse();
    assertThat(MockClusters.writes(MockClusters.drain(mcpc))).isEmpty();
  }

  @Test
  @DisplayName("leaving never deletes the member's istio-system that joining created, nor what is in it")
  void leaveKeepsNamespace() {
    try (KubernetesClient member = sh.createClient()) {
      member.configMaps().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("istio-ca-root-cert").withNamespace("istio-system").endMetadata().build()).create();

      prod.leave("sh-1");

      var namespace = member.namespaces().withName("istio-system").get();
      assertThat(namespace).isNotNull();
      // the mock server keeps the nulls of a merge patch where a real one drops the keys: no value either way
      Map<String, String> labels = namespace.getMetadata().getLabels();
      for (String label : List.of("topology.istio.io/network", "mesh.meshsdk.io/mesh", "app.kubernetes.io/managed-by")) {
        assertThat(labels.get(label)).as(label).isNull();
      }
      assertThat(member.configMaps().inNamespace("istio-system").withName("istio-ca-root-cert").get()).isNotNull();
      assertThat(member.serviceAccounts().inNamespace("istio-system").withName("istio-reader-prod").get()).isNull();
    }
  }

  @Test
  @DisplayName("refuses a GatewayPolicy that would take a TrafficPolicy's VirtualService, and writes nothing")
  void policiesOfTwoKindsWithOneName() {
    prod.policies().plan(canary(90, 10)).apply();
    MockClusters.drain(mcpc);

    assertThatThrownBy(() -> prod.policies().plan(PolicyBuilder.gateway("reviews").inNamespace("bookinfo")
            .server(s -> s.port(80).hosts("reviews.example.com"))
            .route(r -> r.uriPrefix("/").to("reviews", 9080))
            .build()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("GatewayPolicy bookinfo/reviews would take VirtualService bookinfo/reviews")
        .hasMessageContaining("from TrafficPolicy bookinfo/reviews");
    assertThat(MockClusters.writes(MockClusters.drain(mcpc))).isEmpty();
    assertThat(prod.policies().list()).containsExactly(canary(90, 10));
  }
}
