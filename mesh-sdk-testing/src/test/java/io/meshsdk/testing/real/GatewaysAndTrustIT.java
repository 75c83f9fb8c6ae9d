package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.gateway.GatewayStatus;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import io.meshsdk.trust.TrustState;
import io.meshsdk.trust.TrustStatus;
import java.io.ByteArrayInputStream;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Gateway instances and the root of trust on real API servers, which validate Deployments,
 * Services, ServiceAccounts, Roles, PodDisruptionBudgets and HorizontalPodAutoscalers natively.
 * No kubelet or deployment controller runs there, so the status a controller would set (ready
 * replicas, a load balancer's address) is patched in by the test.
 */
@DisplayName("Gateways and the root of trust on real API servers")
class GatewaysAndTrustIT {
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().controllers(true).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  private static MeshManager manager(String prefix) {
    MeshManager meshes = MeshManager.builder().connector(servers.connector()).build();
    meshes.clusters().register(servers.clusterSpec(ClusterSpec.builder().name(prefix + "-cp").network("net-a").build()));
    meshes.clusters().register(servers.clusterSpec(ClusterSpec.builder().name(prefix + "-m1").network("net-a").build()));
    meshes.clusters().register(servers.clusterSpec(ClusterSpec.builder().name(prefix + "-m2").network("net-b").build()));
    return meshes;
  }

  private static void setLoadBalancer(KubernetesClient client, String namespace, String name, String ip) {
    Service service = client.services().inNamespace(namespace).withName(name).get();
    client.services().inNamespace(namespace).resource(new ServiceBuilder(service).withNewStatus()
        .withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build())
        .updateStatus();
  }

  private static void setReady(KubernetesClient client, String namespace, String name, int replicas) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder(deployment).withNewStatus()
        .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
        .withUpdatedReplicas(replicas).endStatus().build()).updateStatus();
  }

  @Test
  @DisplayName("runs gateway instances the API server accepts, east-west ones per network, and reads their status")
  void gateways() {
    try (MeshManager meshes = manager("gw")) {
      Mesh mesh = meshes.create(MeshSpec.hosted("gw").controlPlane("gw-cp").build());
      mesh.join("gw-m1");
      mesh.join("gw-m2");

      KubernetesClient m2 = servers.client("gw-m2");
      Deployment eastWest = m2.apps().deployments().inNamespace("istio-system").withName("istio-eastwestgateway").get();
      assertThat(eastWest).as("east-west gateway of net-b").isNotNull();
      assertThat(eastWest.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("topology.istio.io/network", "net-b").containsEntry("istio", "eastwestgateway");
      assertThat(eastWest.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .extracting(EnvVar::getName, EnvVar::getValue)
          .contains(org.assertj.core.groups.Tuple.tuple("ISTIO_META_REQUESTED_NETWORK_VIEW", "net-b"));
      assertThat(m2.services().inNamespace("istio-system").withName("istio-eastwestgateway").get().getSpec().getType())
          .isEqualTo("LoadBalancer");
      assertThat(servers.client("gw-cp").apps().deployments().inNamespace("istio-system")
          .withName("istio-eastwestgateway").get()).as("east-west gateway of net-a").isNotNull();
      assertThat(servers.client("gw-m1").apps().deployments().inNamespace("istio-system")
          .withName("istio-eastwestgateway").get()).as("one per network").isNull();

      servers.createNamespace("gw-m1", "edge");
      GatewaySpec ingress = GatewaySpec.builder().name("public").cluster("gw-m1").namespace("edge")
          .kind(GatewayKind.INGRESS).replicas(2).maxReplicas(4)
          // written as the server does not store them, which must still plan as unchanged
          .cpuRequest("0.25").memoryRequest("131072Ki").memoryLimit("2048Mi").build();
      Plan plan = mesh.gateways().plan(ingress).validateOnServer();
      assertThat(plan.apply().successful()).isTrue();
      KubernetesClient m1 = servers.client("gw-m1");
      assertThat(m1.autoscaling().v2().horizontalPodAutoscalers().inNamespace("edge").withName("public").get()
          .getSpec().getMaxReplicas()).isEqualTo(4);
      assertThat(m1.policy().v1().podDisruptionBudget().inNamespace("edge").withName("public").get()).isNotNull();
      assertThat(m1.rbac().roleBindings().inNamespace("edge").withName("public").get()).isNotNull();
      assertThat(m1.serviceAccounts().inNamespace("edge").withName("public").get()).isNotNull();
      assertThat(mesh.gateways().plan(ingress).hasChanges()).as("planned again over the server's defaults").isFalse();

      setReady(m1, "edge", "public", 2);
      setLoadBalancer(m1, "edge", "public", "203.0.113.9");
      GatewayStatus status = mesh.gateways().status().stream().filter(s -> s.name().equals("public")).findFirst()
          .orElseThrow();
      assertThat(status.readyReplicas()).isEqualTo(2);
      assertThat(status.addresses()).containsExactly("203.0.113.9");
      assertThat(status.ready()).isTrue();

      setLoadBalancer(servers.client("gw-cp"), "istio-system", "istio-eastwestgateway", "198.51.100.1");
      setLoadBalancer(m2, "istio-system", "istio-eastwestgateway", "198.51.100.2");
      List<MemberConnectivity> connectivity = mesh.gateways().connectivity();
      assertThat(connectivity).extracting(MemberConnectivity::member).containsExactly("gw-m1", "gw-m2");
      assertThat(connectivity).allSatisfy(c -> assertThat(c.connected()).as(c.problems().toString()).isTrue());
      assertThat(connectivity.get(1).eastWestGatewayAddress()).contains("198.51.100.2");
      assertThat(connectivity.get(0).endpointsVisibleFrom()).containsExactly("gw-m2");

      mesh.gateways().planDeletion("gw-m1", "edge", "public").apply();
      assertThat(m1.apps().deployments().inNamespace("edge").withName("public").get()).isNull();
      assertThat(m1.autoscaling().v2().horizontalPodAutoscalers().inNamespace("edge").withName("public").get()).isNull();
      assertThat(m1.namespaces().withName("edge").get()).as("the namespace stays").isNotNull();

      mesh.leave("gw-m2");
      assertThat(m2.apps().deployments().inNamespace("istio-system").withName("istio-eastwestgateway").get()).isNull();
      assertThat(m2.services().inNamespace("istio-system").withName("istio-eastwestgateway").get()).isNull();
    }
  }

  private static List<X509Certificate> certificates(Secret secret, String key) throws Exception {
    byte[] pem = Base64.getDecoder().decode(secret.getData().get(key));
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
        .map(X509Certificate.class::cast).collect(Collectors.toList());
  }

  @Test
  @DisplayName("two clusters of a multi-network mesh share a root of trust the JDK's validator accepts")
  void sharedRoot() throws Exception {
    try (MeshManager meshes = manager("ca")) {
      Mesh mesh = meshes.create(MeshSpec.hosted("ca").controlPlane("ca-cp").build());
      mesh.join("ca-m1");
      mesh.join("ca-m2");
      mesh.trust().createRoot();
      Plan plan = mesh.trust().plan().validateOnServer();
      assertThat(plan.apply().successful()).isTrue();

      Secret m1 = servers.client("ca-m1").secrets().inNamespace("istio-system").withName("cacerts").get();
      Secret m2 = servers.client("ca-m2").secrets().inNamespace("istio-system").withName("cacerts").get();
      assertThat(m1.getData()).containsOnlyKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
      X509Certificate root = certificates(m1, "root-cert.pem").get(0);
      assertThat(certificates(m2, "root-cert.pem").get(0)).isEqualTo(root);
      for (Secret secret : List.of(m1, m2)) {
        List<X509Certificate> path = new ArrayList<>(certificates(secret, "cert-chain.pem"));
        path.removeIf(root::equals);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
            CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      }
      assertThat(mesh.trust().status()).extracting(TrustStatus::state).containsOnly(TrustState.VERIFIED);
      assertThat(mesh.trust().plan().hasChanges()).as("planned again").isFalse();

      // an istiod that was running before its CA was issued, as the kubelet reports it, and without
      // AUTO_RELOAD_PLUGIN_CERTS: it still signs with the CA it read when it started
      KubernetesClient m1Client = servers.client("ca-m1");
      Awaitility.await("default service account of istio-system").atMost(Duration.ofMinutes(1))
          .until(() -> m1Client.serviceAccounts().inNamespace("istio-system").withName("default").get() != null);
      Instant issued = certificates(m1, "ca-cert.pem").get(0).getNotBefore().toInstant();
      Pod istiod = m1Client.pods().inNamespace("istio-system").resource(new PodBuilder()
          .withNewMetadata().withName("istiod-5d8f").withLabels(Map.of("app", "istiod")).endMetadata()
          .withNewSpec().addNewContainer().withName("discovery").withImage("docker.io/istio/pilot:1.29.3")
          .endContainer().endSpec().build()).create();
      String hourBefore = issued.minus(Duration.ofHours(1)).toString();
      istiod.setStatus(new PodStatusBuilder().withPhase("Running").withStartTime(hourBefore).addNewContainerStatus().withName("discovery").withImage("docker.io/istio/pilot:1.29.3").withImageID("")
          .withReady(true).withRestartCount(0).withNewState().withNewRunning()
          .withStartedAt(hourBefore).endRunning().endState().endContainerStatus()
          .build());
      m1Client.pods().inNamespace("istio-system").resource(istiod).updateStatus();
      List<TrustStatus> stale = mesh.trust().status();
      assertThat(stale).filteredOn(s -> s.cluster().equals("ca-m1")).singleElement().satisfies(s -> {
        assertThat(s.state()).isEqualTo(TrustState.NOT_LOADED);
        assertThat(s.detail()).contains("istiod-5d8f", "Restart istiod");
      });
      assertThat(stale).filteredOn(s -> !s.cluster().equals("ca-m1")).extracting(TrustStatus::state)
          .containsOnly(TrustState.VERIFIED);
      m1Client.pods().inNamespace("istio-system").withName("istiod-5d8f").withGracePeriod(0).delete();

      mesh.trust().planRotation("ca-m2").apply();
      Secret rotated = servers.client("ca-m2").secrets().inNamespace("istio-system").withName("cacerts").get();
      assertThat(certificates(rotated, "ca-cert.pem")).isNotEqualTo(certificates(m2, "ca-cert.pem"));
      assertThat(certificates(rotated, "root-cert.pem").get(0)).isEqualTo(root);
      assertThat(mesh.trust().status()).extracting(TrustStatus::state).containsOnly(TrustState.VERIFIED);
    }
  }
}
