package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.TrafficPassThrough;
import io.meshsdk.mesh.WorkloadRestart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Sidecars, credential rotation and cluster health on mock API servers")
class KubernetesSidecarsTest {
  private KubernetesMockServer mcpc;
  private KubernetesMockServer bj;
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    mcpc = MockClusters.crud();
    bj = MockClusters.crud();
    meshes = MeshManager.builder()
        .backend(new IstioBackendProvider())
        .connector(KubernetesClusterConnector.builder().build())
        .build();
    meshes.clusters().register(MockClusters.cluster("mcpc-1", mcpc, dir));
    meshes.clusters().register(MockClusters.cluster("bj-1", bj, dir));
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build());
    try (KubernetesClient client = bj.createClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bookinfo")
          .withLabels(Map.of("team", "shop")).endMetadata().build()).create();
      client.apps().deployments().inNamespace("bookinfo").resource(new DeploymentBuilder()
          .withNewMetadata().withName("reviews-v1").endMetadata()
          .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "reviews")).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "reviews")).endMetadata()
          .withNewSpec().addNewContainer().withName("reviews").withImage("reviews:1").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      client.pods().inNamespace("bookinfo").resource(new PodBuilder()
          .withNewMetadata().withName("reviews-v1-a").withLabels(Map.of("app", "reviews")).endMetadata()
          .withNewSpec().addNewContainer().withName("reviews").withImage("reviews:1").endContainer().endSpec()
          .build()).create();
    }
  }

  @AfterEach
  void tearDown() {
    meshes.close();
    List.of(mcpc, bj).forEach(KubernetesMockServer::destroy);
  }

  @Test
  @DisplayName("labels the namespace through a merge patch and lists the workload to restart")
  void injection() {
    prod.sidecars().enableInjection("bj-1", "bookinfo");

    try (KubernetesClient client = bj.createClient()) {
      assertThat(client.namespaces().withName("bookinfo").get().getMetadata().getLabels())
          .containsEntry("istio-injection", "enabled").containsEntry("team", "shop");
    }
    assertThat(prod.sidecars().pendingRestarts("bj-1"))
        .containsExactly(WorkloadRestart.of("bookinfo", "reviews-v1", WorkloadRestart.Reason.NEEDS_SIDECAR, 1));
  }

  @Test
  @DisplayName("sets a workload's injection label and pass-through annotations on its pod template")
  void workloadSettings() {
    prod.sidecars().setWorkloadInjection("bj-1", "bookinfo", "reviews-v1", false);
    prod.sidecars().setPassThrough("bj-1", "bookinfo", "reviews-v1",
        TrafficPassThrough.builder().addExcludeOutboundPort(5432).build());

    try (KubernetesClient client = bj.createClient()) {
      var template = client.apps().deployments().inNamespace("bookinfo").withName("reviews-v1").get()
          .getSpec().getTemplate().getMetadata();
      assertThat(template.getLabels()).containsEntry("sidecar.istio.io/inject", "false").containsEntry("app", "reviews");
      assertThat(template.getAnnotations()).containsEntry("traffic.sidecar.istio.io/excludeOutboundPorts", "5432");
    }
  }

  @Test
  @DisplayName("rotates the reader token: a new token Secret, the remote secret rewritten, the old token revoked")
  void rotation() {
    String before = remoteKubeconfig();

    prod.rotateCredentials("bj-1");

    try (KubernetesClient member = bj.createClient()) {
      assertThat(member.secrets().inNamespace("istio-system").withName("istio-reader-prod-token-1").get()).isNull();
      var next = member.secrets().inNamespace("istio-system").withName("istio-reader-prod-token-2").get();
      assertThat(next).isNotNull();
      String token = new String(Base64.getDecoder().decode(next.getData().get("token")), StandardCharsets.UTF_8);
      assertThat(remoteKubeconfig()).isNotEqualTo(before).contains("token: " + token);
    }
  }

  private String remoteKubeconfig() {
    try (KubernetesClient control = mcpc.createClient()) {
      return new String(Base64.getDecoder().decode(control.secrets().inNamespace("istio-system")
          .withName("istio-remote-secret-bj-1").get().getData().get("bj-1")), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("reports a reachable cluster with its version and latency, and an unreachable one as a status")
  void health() {
    ClusterHealth reachable = meshes.clusters().health("bj-1");
    assertThat(reachable.status()).isEqualTo(ClusterHealth.Status.REACHABLE);
    assertThat(reachable.kubernetesVersion()).contains("v1.31.2");
    assertThat(reachable.latency()).isPresent();
    MockClusters.destroy(bj);
    assertThat(meshes.clusters().health("bj-1").status()).isEqualTo(ClusterHealth.Status.UNREACHABLE);
  }
}
