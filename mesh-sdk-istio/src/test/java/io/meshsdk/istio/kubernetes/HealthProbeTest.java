package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.IstiodRevision;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The health probe of a Kubernetes connection")
class HealthProbeTest {
  private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");

  private KubernetesMockServer server;
  private ClusterConnection connection;

  @BeforeEach
  void connect(@TempDir Path dir) {
    server = MockClusters.crud();
    connection = KubernetesClusterConnector.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
  }

  @AfterEach
  void close() {
    connection.close();
    MockClusters.destroy(server);
  }

  @Test
  @DisplayName("reports a cluster without Istio as reachable, with version and latency and nothing of Istio")
  void withoutIstio() {
    ClusterHealth health = connection.health();

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.REACHABLE);
    assertThat(health.checkedAt()).isEqualTo(NOW);
    assertThat(health.kubernetesVersion()).contains("v1.31.2");
    assertThat(health.latency()).isPresent();
    assertThat(health.istioInstalled()).isFalse();
    assertThat(health.istiodRevisions()).isEmpty();
    assertThat(health.sidecarInjectorPresent()).isFalse();
    assertThat(health.network()).isEmpty();
  }

  @Test
  @DisplayName("finds Istio's CRDs with their served versions, istiod revisions, the injector and the network")
  void withIstio() {
    try (KubernetesClient client = server.createClient()) {
      client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
          .withNewMetadata().withName("virtualservices.networking.istio.io").endMetadata()
          .withNewSpec().withGroup("networking.istio.io").withScope("Namespaced")
          .withNewNames().withKind("VirtualService").withPlural("virtualservices").endNames()
          .addNewVersion().withName("v1").withServed(true).withStorage(false).endVersion()
          .addNewVersion().withName("v1beta1").withServed(true).withStorage(true).endVersion()
          .addNewVersion().withName("v1alpha3").withServed(false).withStorage(false).endVersion()
          .endSpec().build()).create();
      client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
          .withNewMetadata().withName("certificates.cert-manager.io").endMetadata()
          .withNewSpec().withGroup("cert-manager.io").withScope("Namespaced")
          .withNewNames().withKind("Certificate").withPlural("certificates").endNames().addNewVersion().withName("v1").withServed(true).endVersion()
          .endSpec().build()).create();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("istio-system")
          .withLabels(Map.of("topology.istio.io/network", "net-bj")).endMetadata().build()).create();
      client.apps().deployments().inNamespace("istio-system").resource(new DeploymentBuilder()
          .withNewMetadata().withName("istiod-1-24-2").withNamespace("istio-system")
          .withLabels(Map.of("app", "istiod", "istio.io/rev", "1-24-2")).endMetadata()
          .withNewSpec().withNewTemplate().withNewSpec()
          .addNewContainer().withName("discovery").withImage("registry.local:5000/istio/pilot:1.24.2").endContainer()
          .endSpec().endTemplate().endSpec()
          .withNewStatus().withReadyReplicas(2).endStatus().build()).create();
      client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
          new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector-1-24-2")
              .endMetadata().build()).create();
      client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
          new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("cert-manager-webhook")
              .endMetadata().build()).create();
    }

    ClusterHealth health = connection.health();

    assertThat(health.status()).as("problems: %s", health.problems()).isEqualTo(ClusterHealth.Status.REACHABLE);
    assertThat(health.istioCrds()).containsExactly(
        Map.entry("virtualservices.networking.istio.io", List.of("v1", "v1beta1")));
    assertThat(health.istioInstalled()).isTrue();
    assertThat(health.istiodRevisions()).containsExactly(IstiodRevision.of("1-24-2", "1.24.2", "istiod-1-24-2", 2));
    assertThat(health.sidecarInjectorWebhooks()).containsExactly("istio-sidecar-injector-1-24-2");
    assertThat(health.network()).contains("net-bj");
  }

  @Test
  @DisplayName("reports an API server that does not answer as unreachable, without throwing")
  void unreachable() {
    MockClusters.destroy(server);

    ClusterHealth health = connection.health();

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.UNREACHABLE);
    assertThat(health.reachable()).isFalse();
    assertThat(health.problems()).singleElement().asString().contains("mcpc-1");
  }
}
