package io.meshsdk.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.istio.kubernetes.KubernetesMeshStore;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spring.actuate.MeshSdkHealthContributor;
import io.meshsdk.testing.kubernetes.MockApiServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@DisplayName("The starter's MeshManager bean")
class MeshSdkAutoConfigurationTest {

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshSdkAutoConfiguration.class, MeshSdkHealthAutoConfiguration.class));

  @TempDir
  Path dir;

  @Test
  @DisplayName("starts with an in-memory store and in-memory clusters when no property is set")
  void inMemoryDefaults() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class);
      assertThat(context.getBean(MeshStore.class)).isInstanceOf(InMemoryMeshStore.class);
      assertThat(context.getBean(ClusterConnector.class)).isInstanceOf(InMemoryClusterConnector.class);
      assertThat(context).doesNotHaveBean(TelemetrySource.class);
      assertThat(context.getBean(MeshManager.class).clusters().list()).isEmpty();
    });
  }

  @Test
  @DisplayName("registers the clusters of the properties in a directory store, with their credential references")
  void registersClustersInDirectoryStore() {
    Path store = dir.resolve("store");
    runner.withPropertyValues(
            "meshsdk.store.type=directory",
            "meshsdk.store.directory=" + store,
            "meshsdk.clusters[0].name=mcpc-1",
            "meshsdk.clusters[0].kubeconfig=/etc/platform/clusters.yaml",
            "meshsdk.clusters[0].context=mcpc",
            "meshsdk.clusters[1].name=bj-1",
            "meshsdk.clusters[1].in-cluster=true",
            "meshsdk.clusters[1].network=net-bj",
            "meshsdk.clusters[1].region=cn-north",
            "meshsdk.clusters[1].zone=cn-north-1a")
        .run(context -> {
          assertThat(context).hasNotFailed();
          // a credential means real clusters: the Kubernetes connector, which registration does not contact
          assertThat(context.getBean(ClusterConnector.class)).isInstanceOf(KubernetesClusterConnector.class);
          MeshManager manager = context.getBean(MeshManager.class);
          assertThat(manager.clusters().list()).extracting(ClusterSpec::name).containsExactly("bj-1", "mcpc-1");
          assertThat(manager.clusters().get("mcpc-1").credentials())
              .isEqualTo(ClusterCredentials.kubeconfig(Path.of("/etc/platform/clusters.yaml"), "mcpc"));
          ClusterSpec bj = manager.clusters().get("bj-1");
          assertThat(bj.credentials()).isEqualTo(ClusterCredentials.inCluster());
          assertThat(bj.network()).contains("net-bj");
          assertThat(bj.region()).contains("cn-north");
          assertThat(bj.zone()).contains("cn-north-1a");
        });
    // what a restart or another replica on the same directory finds
    assertThat(new DirectoryMeshStore(store).clusters()).extracting(v -> v.value().name())
        .containsExactlyInAnyOrder("bj-1", "mcpc-1");
  }

  @Test
  @DisplayName("keeps the registry in ConfigMaps of the Global Service Cluster, shared by every replica")
  void kubernetesStore() {
    try (MockApiServers servers = new MockApiServers()) {
      ClusterCredentials gsc = servers.clusterSpec("gsc").credentials();
      ApplicationContextRunner replica = runner.withPropertyValues(
          "meshsdk.store.type=kubernetes",
          "meshsdk.store.namespace=mesh-system",
          "meshsdk.gsc.kubeconfig=" + gsc.kubeconfigPath().orElseThrow(),
          "meshsdk.gsc.context=" + gsc.context().orElseThrow(),
          "meshsdk.clusters[0].name=bj-1",
          "meshsdk.clusters[0].secret.namespace=mesh-system",
          "meshsdk.clusters[0].secret.name=bj-1-kubeconfig");
      replica.run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(MeshStore.class)).isInstanceOf(KubernetesMeshStore.class);
        assertThat(context.getBean(ClusterConnector.class)).isInstanceOf(KubernetesClusterConnector.class);
      });
      ConfigMap stored = servers.client("gsc").configMaps().inNamespace("mesh-system")
          .withName("mesh-sdk-cluster-bj-1").get();
      assertThat(stored).as("the cluster's ConfigMap in the Global Service Cluster").isNotNull();
      assertThat(stored.getData().get(KubernetesMeshStore.DATA_KEY)).contains("bj-1-kubeconfig");
      // a second replica (or a restart) finds the cluster and starts as well
      replica.run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context.getBean(MeshManager.class).clusters().get("bj-1").credentials())
            .isEqualTo(ClusterCredentials.secret("mesh-system", "bj-1-kubeconfig"));
      });
    }
  }

  @Test
  @DisplayName("starts again on a store that already holds the clusters, and keeps what is registered")
  void restartIsIdempotent() {
    Path store = dir.resolve("store");
    new DirectoryMeshStore(store).createCluster(ClusterSpec.builder().name("bj-1").network("net-old").build());
    runner.withPropertyValues(
            "meshsdk.store.type=directory",
            "meshsdk.store.directory=" + store,
            "meshsdk.clusters[0].name=bj-1",
            "meshsdk.clusters[0].network=net-new",
            "meshsdk.clusters[1].name=sh-1")
        .run(context -> {
          assertThat(context).hasNotFailed();
          MeshManager manager = context.getBean(MeshManager.class);
          assertThat(manager.clusters().list()).extracting(ClusterSpec::name).containsExactly("bj-1", "sh-1");
          assertThat(manager.clusters().get("bj-1").network()).contains("net-old");
        });
  }

  @Test
  @DisplayName("starts when another replica registers the same cluster between the lookup and the registration")
  void racingReplicaIsFine() {
    InMemoryMeshStore shared = new InMemoryMeshStore();
    Set<String> looked = new HashSet<>();
    // this replica looks first and sees nothing; the other replica's write lands before ours
    MeshStore racing = (MeshStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MeshStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("cluster") && looked.add((String) args[0])) {
            shared.createCluster(ClusterSpec.builder().name((String) args[0]).build());
            return Optional.empty();
          }
          try {
            return method.invoke(shared, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    runner.withBean(MeshStore.class, () -> racing)
        .withPropertyValues("meshsdk.clusters[0].name=bj-1")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(MeshManager.class).clusters().list()).extracting(ClusterSpec::name)
              .containsExactly("bj-1");
        });
  }

  @Test
  @DisplayName("a MeshManager the application defines wins, and the properties are not applied to it")
  void userManagerWins() {
    runner.withUserConfiguration(OwnManager.class)
        .withPropertyValues("meshsdk.clusters[0].name=bj-1")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class);
          MeshManager manager = context.getBean(MeshManager.class);
          assertThat(manager).isSameAs(context.getBean(OwnManager.class).manager);
          assertThat(manager.clusters().list()).extracting(ClusterSpec::name).containsExactly("own-1");
          assertThat(context).hasSingleBean(MeshSdkHealthContributor.class);
        });
  }

  @Test
  @DisplayName("refuses invalid properties, naming each one, and registers nothing")
  void invalidPropertiesFailTheStartup() {
    Path store = dir.resolve("store");
    runner.withPropertyValues(
            "meshsdk.store.type=directory",
            "meshsdk.store.directory=" + store,
            "meshsdk.clusters[0].name=good-1",
            "meshsdk.clusters[1].name=Not_A_Label",
            "meshsdk.clusters[2].name=both-1",
            "meshsdk.clusters[2].kubeconfig=/k.yaml",
            "meshsdk.clusters[2].in-cluster=true",
            "meshsdk.clusters[3].name=secret-1",
            "meshsdk.clusters[3].secret.namespace=mesh-system",
            "meshsdk.clusters[3].secret.name=secret-1",
            "meshsdk.clusters[4].network=net-without-cluster",
            "meshsdk.clusters[5].name=good-1")
        .run(context -> {
          assertThat(context).hasFailed();
          ValidationException e = rootCause(context.getStartupFailure(), ValidationException.class);
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
          assertThat(e.violations()).extracting(Violation::field).containsExactly(
              "meshsdk.clusters[1].name", "meshsdk.clusters[2].in-cluster", "meshsdk.clusters[4].name",
              "meshsdk.clusters[5].name", "meshsdk.clusters[3].secret");
        });
    assertThat(store.resolve("clusters")).satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(),
        p -> assertThat(Files.list(p)).isEmpty());
  }

  @Test
  @DisplayName("refuses connector options out of range under their property names")
  void invalidConnectorOptions() {
    runner.withPropertyValues("meshsdk.connector.type=kubernetes", "meshsdk.connector.qps=0",
            "meshsdk.connector.request-timeout=0s")
        .run(context -> {
          ValidationException e = rootCause(context.getStartupFailure(), ValidationException.class);
          assertThat(e.violations()).extracting(Violation::field)
              .containsExactlyInAnyOrder("meshsdk.connector.qps", "meshsdk.connector.request-timeout");
        });
  }

  @Test
  @DisplayName("refuses write concurrency out of range under its property names")
  void invalidConcurrency() {
    runner.withPropertyValues("meshsdk.apply-parallelism=0", "meshsdk.writes-per-cluster=65")
        .run(context -> {
          ValidationException e = rootCause(context.getStartupFailure(), ValidationException.class);
          assertThat(e.violations()).extracting(Violation::field)
              .containsExactlyInAnyOrder("meshsdk.apply-parallelism", "meshsdk.writes-per-cluster");
        });
    runner.withPropertyValues("meshsdk.apply-parallelism=2", "meshsdk.writes-per-cluster=3")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class));
  }

  @Test
  @DisplayName("a kubernetes store without the Global Service Cluster names the property to set")
  void kubernetesStoreNeedsGsc() {
    runner.withPropertyValues("meshsdk.store.type=kubernetes")
        .run(context -> {
          ValidationException e = rootCause(context.getStartupFailure(), ValidationException.class);
          assertThat(e.violations()).extracting(Violation::field).containsExactly("meshsdk.gsc.kubeconfig");
        });
  }

  @Test
  @DisplayName("reads topology from the Prometheus of the properties")
  void prometheus() {
    runner.withPropertyValues("meshsdk.prometheus.url=https://prometheus.monitoring:9090",
            "meshsdk.prometheus.token-file=" + dir.resolve("token"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(TelemetrySource.class)).isInstanceOf(PrometheusTelemetrySource.class)
              .hasToString(PrometheusTelemetrySource.builder().baseUrl("https://prometheus.monitoring:9090")
                  .build().toString());
        });
  }

  @Test
  @DisplayName("closes the manager with the application context")
  void closedOnShutdown() {
    MeshManager[] manager = new MeshManager[1];
    runner.withPropertyValues("meshsdk.clusters[0].name=bj-1").run(context -> {
      manager[0] = context.getBean(MeshManager.class);
      assertThat(manager[0].clusters().health("bj-1").status()).isEqualTo(ClusterHealth.Status.REACHABLE);
    });
    ClusterHealth after = manager[0].clusters().health("bj-1");
    assertThat(after.status()).isEqualTo(ClusterHealth.Status.UNREACHABLE);
    assertThat(after.problems()).anySatisfy(p -> assertThat(p).contains("closed"));
  }

  @Nested
  @DisplayName("properties")
  class Properties {
    @Test
    @DisplayName("print no credential")
    void toStringHasNoCredential() {
      MeshSdkProperties properties = new MeshSdkProperties();
      properties.getPrometheus().setUrl("https://admin:pr0m-pa55word@prometheus:9090/api");
      MeshSdkProperties.Cluster cluster = new MeshSdkProperties.Cluster();
      cluster.setName("bj-1");
      cluster.setKubeconfig(Path.of("/etc/bj.yaml"));
      properties.getClusters().add(cluster);
      assertThat(properties.toString()).doesNotContain("pr0m-pa55word").doesNotContain("admin")
          .contains("https://prometheus:9090/api").contains("bj-1");
    }

    @Test
    @DisplayName("refuse a Prometheus URL that holds credentials, without repeating them")
    void prometheusUrlWithCredentials() {
      runner.withPropertyValues("meshsdk.prometheus.url=https://admin:pr0m-pa55word@prometheus:9090")
          .run(context -> {
            ValidationException e = rootCause(context.getStartupFailure(), ValidationException.class);
            assertThat(e.violations()).extracting(Violation::field).containsExactly("meshsdk.prometheus.url");
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain("pr0m-pa55word");
            }
          });
    }
  }

  static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnManager {
    final MeshManager manager = MeshManager.builder().build();

    OwnManager() {
      manager.clusters().register(ClusterSpec.builder().name("own-1").build());
    }

    @Bean
    MeshManager ownMeshManager() {
      return manager;
    }
  }
}
