package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * API Priority and Fairness set to refuse every request of one service account with HTTP 429, as
 * an overloaded API server does, until it is lifted. The administrator is exempt, so the test
 * itself is never throttled.
 */
final class Throttling {
  private static final String SCHEMA = "mesh-sdk-starved";

  private final RealApiServers servers;
  private final String cluster;
  private final String namespace;
  private final String kubeconfig;

  /** Creates a cluster-admin service account {@code sdk} in the namespace, with a token of its own. */
  Throttling(RealApiServers servers, String cluster, String namespace) {
    this.servers = servers;
    this.cluster = cluster;
    this.namespace = namespace;
    KubernetesClient admin = servers.client(cluster);
    servers.createNamespace(cluster, namespace);
    admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("sdk").endMetadata().build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
        .withNewMetadata().withName("sdk-" + namespace).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
        .addNewSubject().withKind("ServiceAccount").withName("sdk").withNamespace(namespace).endSubject()
        .build()).create();
    String token = admin.serviceAccounts().inNamespace(namespace).withName("sdk")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    try {
      String adminConfig = Files.readString(servers.kubeconfig(cluster));
      this.kubeconfig = adminConfig.replaceAll("(?m)^(\\s+token: ).*$", "$1" + token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cluster as the throttled service account reaches it. */
  ClusterSpec clusterSpec(Path dir) {
    try {
      Path file = Files.writeString(dir.resolve(cluster + "-sdk.kubeconfig"), kubeconfig);
      return ClusterSpec.builder().name(cluster).kubeconfig(file, cluster).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses every request of the service account from now on, and waits until the server does. */
  void start() {
    KubernetesClient admin = servers.client(cluster);
    admin.resource("""
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: PriorityLevelConfiguration
        metadata: {name: %1$s}
        spec:
          type: Limited
          limited:
            nominalConcurrencyShares: 0
            lendablePercent: 0
            borrowingLimitPercent: 0
            limitResponse: {type: Reject}
        """.formatted(SCHEMA)).create();
    admin.resource("""
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: FlowSchema
        metadata: {name: %1$s}
        spec:
          priorityLevelConfiguration: {name: %1$s}
          matchingPrecedence: 100
          distinguisherMethod: {type: ByUser}
          rules:
          - subjects:
            - kind: ServiceAccount
              serviceAccount: {name: sdk, namespace: %2$s}
            resourceRules:
            - verbs: ["*"]
              apiGroups: ["*"]
              resources: ["*"]
              namespaces: ["*"]
              clusterScope: true
            nonResourceRules:
            - verbs: ["*"]
              nonResourceURLs: ["*"]
        """.formatted(SCHEMA, namespace)).create();
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setRequestRetryBackoffLimit(0);
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(config).build()) {
      Awaitility.await("the service account is refused with 429").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
              probe.configMaps().inNamespace(namespace).list();
              return false;
            } catch (KubernetesClientException e) {
              return e.getCode() == 429;
            }
          });
    }
  }

  /** How many requests the server has refused under this schema so far. */
  long rejections() {
    String metrics = servers.client(cluster).raw(servers.url(cluster) + "/metrics");
    assertThat(metrics).as("the API server's metrics").isNotNull();
    return metrics.lines()
        .filter(l -> l.startsWith("apiserver_flowcontrol_rejected_requests_total{")
            && l.contains("flow_schema=\"" + SCHEMA + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Waits until the server has refused more requests than {@code before}. */
  void awaitRejectionsAbove(long before) {
    Awaitility.await("a request of the SDK refused with 429").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> rejections() > before);
  }

  /** Serves the service account again. */
  void stop() {
    servers.client(cluster).resource("""
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: FlowSchema
        metadata: {name: %s}
        """.formatted(SCHEMA)).delete();
  }
}
