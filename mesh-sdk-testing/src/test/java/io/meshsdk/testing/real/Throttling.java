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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * An overloaded API server, made with API Priority and Fairness: the SDK's service account and a
 * load generator's share one priority level of zero seats that rejects instead of queueing. The
 * server still runs a request of that level when none is running, so the SDK is served while the
 * load is {@linkplain #pause() paused} and answered 429 whenever it meets a request of the load.
 * Each account has a FlowSchema of its own, so the server's metrics tell whose requests it
 * refused. The administrator stays exempt, so the test itself is never throttled.
 */
final class Throttling implements AutoCloseable {
  private static final String LEVEL = "mesh-sdk-starved";
  private static final int LOAD_THREADS = 4;

  private final RealApiServers servers;
  private final String cluster;
  private final String namespace;
  private final String sdkKubeconfig;
  private final List<KubernetesClient> loadClients = new ArrayList<>();
  private final ExecutorService load = Executors.newFixedThreadPool(LOAD_THREADS);
  private final AtomicBoolean loading = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  Throttling(RealApiServers servers, String cluster, String namespace) {
    this.servers = servers;
    this.cluster = cluster;
    this.namespace = namespace;
    servers.createNamespace(cluster, namespace);
    this.sdkKubeconfig = kubeconfig("sdk");
    String loadKubeconfig = kubeconfig("load");
    KubernetesClient admin = servers.client(cluster);
    admin.resource("""
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: PriorityLevelConfiguration
        metadata: {name: %s}
        spec:
          type: Limited
          limited:
            nominalConcurrencyShares: 0
            lendablePercent: 0
            borrowingLimitPercent: 0
            limitResponse: {type: Reject}
        """.formatted(LEVEL)).create();
    for (String account : List.of("sdk", "load")) {
      admin.resource("""
          apiVersion: flowcontrol.apiserver.k8s.io/v1
          kind: FlowSchema
          metadata: {name: %1$s}
          spec:
            priorityLevelConfiguration: {name: %2$s}
            matchingPrecedence: 100
            distinguisherMethod: {type: ByUser}
            rules:
            - subjects:
              - kind: ServiceAccount
                serviceAccount: {name: %3$s, namespace: %4$s}
              resourceRules:
              - verbs: ["*"]
                apiGroups: ["*"]
                resources: ["*"]
                namespaces: ["*"]
                clusterScope: true
          """.formatted(schema(account), LEVEL, account, namespace)).create();
    }
    for (int i = 0; i < LOAD_THREADS; i++) {
      Config config = Config.fromKubeconfig(loadKubeconfig);
      config.setRequestRetryBackoffLimit(0);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      loadClients.add(client);
      load.submit(() -> generateLoad(client));
    }
  }

  private static String schema(String account) {
    return LEVEL + "-" + account;
  }

  /** A cluster-admin service account with a token of its own, and a kubeconfig with that token. */
  private String kubeconfig(String account) {
    KubernetesClient admin = servers.client(cluster);
    admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName(account).endMetadata().build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(namespace + "-" + account).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
        .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(namespace).endSubject()
        .build()).create();
    String token = admin.serviceAccounts().inNamespace(namespace).withName(account)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    try {
      return Files.readString(servers.kubeconfig(cluster)).replaceAll("(?m)^(\\s+token: ).*$", "$1" + token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void generateLoad(KubernetesClient client) {
    while (!closed.get()) {
      synchronized (loading) {
        while (!loading.get() && !closed.get()) {
          try {
            loading.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      try {
        client.configMaps().inNamespace(namespace).list();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 429 && !closed.get()) {
          throw e;
        }
      }
    }
  }

  /** The cluster as the SDK's service account reaches it. */
  ClusterSpec clusterSpec(Path dir) {
    try {
      Path file = Files.writeString(dir.resolve(cluster + "-sdk.kubeconfig"), sdkKubeconfig);
      return ClusterSpec.builder().name(cluster).kubeconfig(file, cluster).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the load and waits until the server refuses some of it. */
  void overload() {
    long before = rejections("load");
    synchronized (loading) {
      loading.set(true);
      loading.notifyAll();
    }
    Awaitility.await("the load is refused with 429").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).until(() -> rejections("load") > before);
  }

  /** Stops the load; the SDK's requests are served again. */
  void pause() {
    loading.set(false);
  }

  /** How many requests of the SDK's service account the server has refused so far. */
  long sdkRejections() {
    return rejections("sdk");
  }

  private long rejections(String account) {
    String metrics = servers.client(cluster).raw(servers.url(cluster) + "/metrics");
    assertThat(metrics).as("the API server's metrics").isNotNull();
    return metrics.lines()
        .filter(l -> l.startsWith("apiserver_flowcontrol_rejected_requests_total{")
            && l.contains("flow_schema=\"" + schema(account) + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (loading) {
      closed.set(true);
      loading.notifyAll();
    }
    load.shutdown();
    load.awaitTermination(30, TimeUnit.SECONDS);
    loadClients.forEach(KubernetesClient::close);
  }
}
