package io.meshsdk.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spring.actuate.MeshSdkHealthContributor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@DisplayName("Actuator health of clusters and meshes")
class MeshSdkHealthTest {
  static final String TOKEN = "s3cr3t-b34r3r-t0k3n";

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshSdkAutoConfiguration.class, MeshSdkHealthAutoConfiguration.class,
          HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
      .withPropertyValues("management.endpoint.health.show-details=always");

  @TempDir
  Path dir;

  @Test
  @DisplayName("a reachable cluster is UP with its Kubernetes version, and so is a mesh of reachable clusters")
  void reachableIsUp() {
    InMemoryMeshStore store = new InMemoryMeshStore();
    store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMembers("bj-1").build());
    runner.withBean(MeshStore.class, () -> store)
        .withPropertyValues("meshsdk.clusters[0].name=mcpc-1", "meshsdk.clusters[1].name=bj-1")
        .run(context -> {
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          Health bj = (Health) health.healthForPath("meshSdk", "clusters", "bj-1");
          assertThat(bj.getStatus()).isEqualTo(Status.UP);
          assertThat(bj.getDetails()).containsEntry("clusterStatus", "REACHABLE")
              .containsEntry("kubernetesVersion", InMemoryClusterConnector.SERVER_VERSION);
          Health prod = (Health) health.healthForPath("meshSdk", "meshes", "prod");
          assertThat(prod.getStatus()).isEqualTo(Status.UP);
          assertThat(prod.getDetails()).containsEntry("mode", "HOSTED")
              .containsEntry("clusters", Map.of("mcpc-1", "REACHABLE", "bj-1", "REACHABLE"));
          assertThat(health.healthForPath("meshSdk").getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  @DisplayName("a mesh whose installed control plane is not ready, or whose CA chain does not verify, is OUT_OF_SERVICE")
  void managedParts() {
    InMemoryMeshStore store = new InMemoryMeshStore();
    store.createMesh(MeshSpec.dedicated("dev").cluster("bj-1").istio(IstioInstall.of("1.29.3")).build());
    store.createMesh(MeshSpec.dedicated("test").cluster("sh-1").build());
    runner.withBean(MeshStore.class, () -> store)
        .withPropertyValues("meshsdk.clusters[0].name=bj-1", "meshsdk.clusters[1].name=sh-1")
        .run(context -> {
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          Health dev = (Health) health.healthForPath("meshSdk", "meshes", "dev");
          assertThat(dev.getStatus()).as("no operator reported it ready").isEqualTo(Status.OUT_OF_SERVICE);
          assertThat((Map<String, Object>) dev.getDetails().get("controlPlane")).containsEntry("ready", false)
              .containsEntry("version", "1.29.3").containsEntry("cluster", "bj-1");

          MeshManager meshes = context.getBean(MeshManager.class);
          meshes.get("test").trust().createRoot();
          Health missing = (Health) health.healthForPath("meshSdk", "meshes", "test");
          assertThat(missing.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(missing.getDetails()).containsEntry("trust", Map.of("sh-1", "MISSING"));
          meshes.get("test").trust().plan().apply().orThrow();
          Health verified = (Health) health.healthForPath("meshSdk", "meshes", "test");
          assertThat(verified.getStatus()).isEqualTo(Status.UP);
          assertThat(verified.getDetails()).containsEntry("trust", Map.of("sh-1", "VERIFIED"))
              .doesNotContainKey("controlPlane");
        });
  }

  @Test
  @DisplayName("an unreachable cluster is DOWN, makes its mesh DOWN, and its details hold no credential")
  void unreachableIsDown() throws IOException {
    Path kubeconfig = kubeconfigForClosedPort();
    InMemoryMeshStore store = new InMemoryMeshStore();
    store.createMesh(MeshSpec.dedicated("edge").addMembers("down-1").build());
    runner.withBean(MeshStore.class, () -> store)
        .withPropertyValues(
            "meshsdk.connector.connect-timeout=2s",
            "meshsdk.connector.request-timeout=2s",
            "meshsdk.clusters[0].name=down-1",
            "meshsdk.clusters[0].kubeconfig=" + kubeconfig)
        .run(context -> {
          assertThat(context).hasNotFailed();
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          HealthComponent all = health.healthForPath("meshSdk");
          Health down = (Health) ((CompositeHealth) ((CompositeHealth) all).getComponents().get("clusters"))
              .getComponents().get("down-1");
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          assertThat(down.getDetails()).containsEntry("clusterStatus", "UNREACHABLE");
          assertThat((List<?>) down.getDetails().get("problems")).isNotEmpty();
          Health edge = (Health) ((CompositeHealth) ((CompositeHealth) all).getComponents().get("meshes"))
              .getComponents().get("edge");
          assertThat(edge.getStatus()).isEqualTo(Status.DOWN);
          assertThat(all.getStatus()).isEqualTo(Status.DOWN);
          String json = new ObjectMapper().writeValueAsString(all);
          assertThat(json).contains("UNREACHABLE").doesNotContain(TOKEN);
        });
  }

  @Test
  @DisplayName("a degraded cluster is OUT_OF_SERVICE, and so is its mesh when no cluster is down")
  void degradedIsOutOfService() {
    InMemoryMeshStore store = new InMemoryMeshStore();
    store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMembers("bj-1").build());
    runner.withBean(MeshStore.class, () -> store)
        .withBean(ClusterConnector.class, () -> degrading(new InMemoryClusterConnector(), "bj-1"))
        .withPropertyValues("meshsdk.clusters[0].name=mcpc-1", "meshsdk.clusters[1].name=bj-1")
        .run(context -> {
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          Health bj = (Health) health.healthForPath("meshSdk", "clusters", "bj-1");
          assertThat(bj.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
          assertThat(bj.getDetails()).containsEntry("clusterStatus", "DEGRADED")
              .containsEntry("problems", List.of("istio-system: deployments are forbidden"));
          assertThat(health.healthForPath("meshSdk", "clusters", "mcpc-1").getStatus()).isEqualTo(Status.UP);
          assertThat(health.healthForPath("meshSdk", "meshes", "prod").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
  }

  @Test
  @DisplayName("follows clusters registered after startup")
  void followsTheRegistry() {
    runner.run(context -> {
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("meshSdk", "clusters", "late-1")).isNull();
      context.getBean(MeshManager.class).clusters().register(ClusterSpec.builder().name("late-1").build());
      assertThat(health.healthForPath("meshSdk", "clusters", "late-1").getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  @DisplayName("reports a registry that cannot be read as DOWN, and the rest of the health still answers")
  void unreadableRegistry() {
    InMemoryMeshStore store = new InMemoryMeshStore();
    AtomicBoolean down = new AtomicBoolean();
    MeshStore failing = (MeshStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MeshStore.class}, (proxy, method, args) -> {
          if (down.get()) {
            throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "the store's API server did not answer");
          }
          return invoke(method, store, args);
        });
    runner.withBean(MeshStore.class, () -> failing)
        .withPropertyValues("meshsdk.clusters[0].name=bj-1")
        .run(context -> {
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          assertThat(health.healthForPath("meshSdk", "clusters", "bj-1").getStatus()).isEqualTo(Status.UP);
          down.set(true);
          CompositeHealth all = (CompositeHealth) health.health();
          CompositeHealth clusters = (CompositeHealth) ((CompositeHealth) all.getComponents().get("meshSdk"))
              .getComponents().get("clusters");
          Health registry = (Health) clusters.getComponents().get("registry");
          assertThat(registry.getStatus()).isEqualTo(Status.DOWN);
          assertThat(registry.getDetails().get("problems").toString()).contains("did not answer");
          Health bj = (Health) health.healthForPath("meshSdk", "clusters", "bj-1");
          assertThat(bj.getStatus()).isEqualTo(Status.UNKNOWN);
        });
  }

  @Test
  @DisplayName("is not configured without Actuator on the classpath")
  void withoutActuator() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MeshSdkAutoConfiguration.class, MeshSdkHealthAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(HealthContributor.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class);
          assertThat(context).doesNotHaveBean(MeshSdkHealthContributor.class);
        });
  }

  @Test
  @DisplayName("can be turned off with management.health.meshsdk.enabled=false")
  void turnedOff() {
    runner.withPropertyValues("management.health.meshsdk.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MeshSdkHealthContributor.class));
  }

  /** A kubeconfig with a bearer token whose API server is a port nothing listens on. */
  private Path kubeconfigForClosedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path file = dir.resolve("down.yaml");
    Files.writeString(file, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: down",
        "  cluster:",
        "    server: https://127.0.0.1:" + port,
        "    insecure-skip-tls-verify: true",
        "users:",
        "- name: admin",
        "  user:",
        "    token: " + TOKEN,
        "contexts:",
        "- name: down",
        "  context:",
        "    cluster: down",
        "    user: admin",
        "current-context: down",
        ""));
    return file;
  }

  /** A connector whose connection to one cluster answers that some checks were forbidden. */
  private static ClusterConnector degrading(ClusterConnector delegate, String cluster) {
    return (ClusterConnector) Proxy.newProxyInstance(MeshSdkHealthTest.class.getClassLoader(),
        new Class<?>[] {ClusterConnector.class}, (proxy, method, args) -> {
          Object result = invoke(method, delegate, args);
          if (method.getName().equals("connect") && ((ClusterSpec) args[0]).name().equals(cluster)) {
            ClusterConnection connection = (ClusterConnection) result;
            return Proxy.newProxyInstance(MeshSdkHealthTest.class.getClassLoader(),
                new Class<?>[] {ClusterConnection.class}, (p, m, a) -> m.getName().equals("health")
                    ? ClusterHealth.builder().cluster(cluster).status(ClusterHealth.Status.DEGRADED)
                        .checkedAt(Instant.EPOCH).kubernetesVersion("v1.31.0")
                        .addProblem("istio-system: deployments are forbidden").build()
                    : invoke(m, connection, a));
          }
          return result;
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
