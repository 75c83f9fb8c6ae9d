package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.schema.IstioData;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.resource.MeshResource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs the connector against a real API server (k3s) with Istio's CRDs: real server-side apply,
 * field managers and health. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("The Kubernetes connector on a real k3s API server with Istio's CRDs")
class KubernetesClusterConnectorIT {

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @Test
  @DisplayName("plans and applies a TrafficPolicy with server-side apply and reads the objects back")
  void appliesWithServerSideApply(@TempDir Path dir) throws Exception {
    IstioData.assumePresent();
    Path kubeconfig = Files.writeString(dir.resolve("k3s.yaml"), K3S.getKubeConfigYaml());
    try (KubernetesClient admin = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
      try (InputStream crds = Files.newInputStream(IstioData.crds())) {
        List<HasMetadata> loaded = admin.load(crds).items();
        admin.resourceList(loaded).serverSideApply();
      }
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bookinfo").endMetadata().build())
          .serverSideApply();
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> admin.apiextensions().v1()
          .customResourceDefinitions().withName("virtualservices.networking.istio.io").isReady());
    }

    KubernetesClusterConnector connector = KubernetesClusterConnector.builder().build();
    try (MeshManager meshes = MeshManager.builder().backend(new IstioBackendProvider()).connector(connector).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("k3s-1").kubeconfig(kubeconfig).build());
      Mesh dev = meshes.create(MeshSpec.dedicated("dev").cluster("k3s-1").build());

      ApplyResult applied = dev.policies().plan(KubernetesMeshManagerTest.canary(90, 10)).apply();
      assertThat(applied.successful()).as("result %s", applied).isTrue();
      assertThat(applied.writes()).isEqualTo(2);

      Map<String, List<MeshResource>> live = dev.policies().resources();
      assertThat(live.get("k3s-1")).extracting(MeshResource::kind)
          .containsExactlyInAnyOrder("DestinationRule", "VirtualService");
      assertThat(dev.policies().plan(KubernetesMeshManagerTest.canary(90, 10)).changes())
          .extracting(c -> c.action()).containsOnly(ChangeAction.UNCHANGED);

      ClusterHealth health = connector.connect(meshes.clusters().get("k3s-1")).health();
      assertThat(health.status()).isEqualTo(ClusterHealth.Status.REACHABLE);
      assertThat(health.istioInstalled()).isTrue();
      assertThat(health.istioCrds().get("virtualservices.networking.istio.io")).contains("v1");
    }
  }
}
