package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.MeshAccessDeniedException;
import io.meshsdk.MeshManager;
import io.meshsdk.access.AccessGrant;
import io.meshsdk.access.AccessPolicy;
import io.meshsdk.inventory.NamespaceInjection;
import io.meshsdk.inventory.ServiceInfo;
import io.meshsdk.inventory.WorkloadInfo;
import io.meshsdk.inventory.WorkloadRef;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.WorkloadRestart;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Inventory and restarts on mock API servers")
class KubernetesInventoryTest {
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
        .clock(Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC))
        .accessPolicy(AccessPolicy.grants(Map.of(
            "ops", AccessGrant.builder().addMesh(AccessGrant.ANY_MESH).manageClusters(true).build(),
            "alice", AccessGrant.builder().addMesh("prod").addNamespace("bookinfo").build())))
        .build();
    MeshManager ops = meshes.as("ops");
    ops.clusters().register(MockClusters.cluster("mcpc-1", mcpc, dir));
    ops.clusters().register(MockClusters.cluster("bj-1", bj, dir));
    prod = ops.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build());
    Map<String, String> reviews = Map.of("app", "reviews");
    try (KubernetesClient client = bj.createClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bookinfo")
          .withLabels(Map.of("istio.io/rev", "1-24-0")).endMetadata().build()).create();
      client.apps().deployments().inNamespace("bookinfo").resource(new DeploymentBuilder()
          .withNewMetadata().withName("reviews-v1").endMetadata()
          .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(reviews).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(reviews).endMetadata()
          .withNewSpec().addNewContainer().withName("reviews").withImage("reviews:1").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      client.apps().statefulSets().inNamespace("bookinfo").resource(new StatefulSetBuilder()
          .withNewMetadata().withName("mysql").endMetadata()
          .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "mysql")).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "mysql")).endMetadata()
          .withNewSpec().addNewContainer().withName("mysql").withImage("mysql:8").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      client.pods().inNamespace("bookinfo").resource(new PodBuilder()
          .withNewMetadata().withName("reviews-v1-a").withLabels(reviews)
          .withAnnotations(Map.of("sidecar.istio.io/status", "{\"containers\":[\"istio-proxy\"],\"revision\":\"1-24-0\"}"))
          .endMetadata()
          .withNewSpec().addNewContainer().withName("reviews").withImage("reviews:1").endContainer()
          .addNewContainer().withName("istio-proxy").withImage("docker.io/istio/proxyv2:1.24.0").endContainer().endSpec()
          .build()).create();
      client.pods().inNamespace("bookinfo").resource(new PodBuilder()
          .withNewMetadata().withName("mysql-0").withLabels(Map.of("app", "mysql")).endMetadata()
          .withNewSpec().addNewContainer().withName("mysql").withImage("mysql:8").endContainer().endSpec()
          .build()).create();
      client.services().inNamespace("bookinfo").resource(new ServiceBuilder()
          .withNewMetadata().withName("reviews").endMetadata()
          .withNewSpec().withSelector(reviews).addNewPort().withPort(9080).endPort().endSpec().build()).create();
    }
  }

  @AfterEach
  void tearDown() {
    meshes.close();
    List.of(mcpc, bj).forEach(KubernetesMockServer::destroy);
  }

  @Test
  @DisplayName("reads namespaces, services, workloads and sidecars over the API")
  void inventory() {
    Mesh mine = meshes.as("alice").get("prod");

    assertThat(mine.inventory().namespaces("bj-1")).extracting(NamespaceInjection::state)
        .containsExactly(NamespaceInjection.State.REVISION);
    assertThat(mine.inventory().services("bj-1", "bookinfo")).extracting(ServiceInfo::host, ServiceInfo::ports)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("reviews.bookinfo.svc.cluster.local", List.of(9080)));
    List<WorkloadInfo> workloads = mine.inventory().workloads("bj-1", "bookinfo");
    assertThat(workloads).extracting(WorkloadInfo::ref, WorkloadInfo::replicas, WorkloadInfo::pendingRestart)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(WorkloadRef.deployment("bookinfo", "reviews-v1"), 3, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(WorkloadRef.statefulSet("bookinfo", "mysql"), 1,
                Optional.of(WorkloadRestart.Reason.NEEDS_SIDECAR)));
    assertThat(workloads.get(0).pods().get(0).revision()).contains("1-24-0");
    assertThat(workloads.get(0).pods().get(0).proxyVersion()).contains("1.24.0");
  }

  @Test
  @DisplayName("restarts with the pod template annotation kubectl sets, and writes nothing when refused")
  void restart() {
    MockClusters.drain(bj);
    Mesh mine = meshes.as("alice").get("prod");

    assertThatThrownBy(() -> meshes.as("bob").get("prod").sidecars().restart("bj-1",
        List.of(WorkloadRef.statefulSet("bookinfo", "mysql")))).isInstanceOf(MeshAccessDeniedException.class);
    assertThat(MockClusters.drain(bj)).isEmpty();

    assertThat(mine.sidecars().restart("bj-1", List.of(WorkloadRef.statefulSet("bookinfo", "mysql"))))
        .containsExactly(WorkloadRef.statefulSet("bookinfo", "mysql"));

    try (KubernetesClient client = bj.createClient()) {
      assertThat(client.apps().statefulSets().inNamespace("bookinfo").withName("mysql").get()
          .getSpec().getTemplate().getMetadata().getAnnotations())
          .isEqualTo(Map.of("kubectl.kubernetes.io/restartedAt", "2026-03-04T05:06:07Z"));
      assertThat(client.apps().deployments().inNamespace("bookinfo").withName("reviews-v1").get()
          .getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    }
    assertThat(MockClusters.writes(MockClusters.drain(bj))).hasSize(1);
  }
}
