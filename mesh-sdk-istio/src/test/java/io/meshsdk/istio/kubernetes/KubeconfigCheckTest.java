package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static io.meshsdk.istio.kubernetes.MockClusters.PLANTED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A cluster's kubeconfig")
class KubeconfigCheckTest {
  @TempDir
  Path dir;

  private KubernetesMockServer gsc;
  private KubernetesMockServer target;
  private Path marker;

  @BeforeEach
  void setUp() {
    gsc = MockClusters.crud();
    target = MockClusters.crud();
    marker = dir.resolve("command-ran");
  }

  @AfterEach
  void tearDown() {
    gsc.destroy();
    target.destroy();
  }

  private String server() {
    return target.url("/").replaceAll("/$", "");
  }

  /** A kubeconfig whose user runs a command that leaves a marker file and prints a token. */
  private String execKubeconfig() {
    return "apiVersion: v1\nkind: Config\ncurrent-context: bj-1\n"
        + "clusters:\n- name: bj-1\n  cluster:\n    server: " + server() + "\n"
        + "contexts:\n- name: bj-1\n  context:\n    cluster: bj-1\n    user: bj-1-admin\n"
        + "users:\n- name: bj-1-admin\n  user:\n    exec:\n"
        + "      apiVersion: client.authentication.k8s.io/v1\n"
        + "      command: /bin/sh\n"
        + "      args:\n      - -c\n"
        + "      - touch '" + marker + "'; echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
        + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + PLANTED_TOKEN + "\"}}'\n"
        + "      interactiveMode: Never\n";
  }

  private ClusterSpec inSecret(String name, String kubeconfig) {
    try (KubernetesClient client = gsc.createClient()) {
      client.secrets().inNamespace("mesh-system").resource(new SecretBuilder()
          .withNewMetadata().withName(name + "-kubeconfig").withNamespace("mesh-system").endMetadata()
          .withData(Map.of("kubeconfig", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))))
          .build()).create();
    }
    return ClusterSpec.builder().name(name)
        .credentials(ClusterCredentials.secret("mesh-system", name + "-kubeconfig")).build();
  }

  private ClusterSpec inFile(String name, String kubeconfig) {
    try {
      Path file = dir.resolve(name + ".kubeconfig");
      Files.writeString(file, kubeconfig);
      return ClusterSpec.builder().name(name).kubeconfig(file).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private KubernetesClusterConnector.Builder connector() {
    return KubernetesClusterConnector.builder()
        .secretsFrom(ClusterSpec.builder().name("gsc").kubeconfig(MockClusters.kubeconfig("gsc", gsc, dir), "gsc").build());
  }

  private static MeshException configurationError(KubernetesClusterConnector connector, ClusterSpec spec) {
    MeshException e = catchThrowableOfType(MeshException.class, () -> connector.connect(spec).close());
    assertThat(e).as("connecting to %s", spec.name()).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("cluster " + spec.name()).doesNotContain(PLANTED_TOKEN);
    return e;
  }

  @Nested
  @DisplayName("read from a Secret of the Global Service Cluster")
  class FromSecret {
    @Test
    @DisplayName("may not run an exec credential plugin: a CONFIGURATION error names the field, the command never runs")
    void execRefused() {
      MeshException e = configurationError(connector().build(), inSecret("bj-1", execKubeconfig()));

      assertThat(e.getMessage()).contains("users['bj-1-admin'].user.exec", "allowSecretKubeconfigCommands");
      assertThat(marker).doesNotExist();
      assertThat(MockClusters.drain(target)).as("requests to the cluster").isEmpty();
    }

    @Test
    @DisplayName("may not name an auth-provider command either")
    void authProviderCommandRefused() {
      String kubeconfig = MockClusters.kubeconfigText("bj-1", target).replace("    token: " + PLANTED_TOKEN + "\n",
          "    auth-provider:\n      name: gcp\n      config:\n        cmd-path: /bin/sh\n        cmd-args: -c 'touch "
              + marker + "'\n");

      MeshException e = configurationError(connector().build(), inSecret("bj-1", kubeconfig));

      assertThat(e.getMessage()).contains("users['bj-1-admin'].user.auth-provider.config.cmd-path");
      assertThat(marker).doesNotExist();
    }

    @Test
    @DisplayName("runs its exec plugin for a cluster where the platform allowed commands")
    void execAllowed() {
      KubernetesClusterConnector connector = connector()
          .cluster("bj-1", o -> o.allowSecretKubeconfigCommands(true)).build();

      try (ClusterConnection connection = connector.connect(inSecret("bj-1", execKubeconfig()))) {
        assertThat(connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of())).isEmpty();
      }
      assertThat(marker).exists();
      assertThat(connector.options("bj-1").allowSecretKubeconfigCommands()).isTrue();
      assertThat(connector.options("sh-1").allowSecretKubeconfigCommands()).isFalse();
    }

    @Test
    @DisplayName("without a server is refused rather than pointed at https://kubernetes.default.svc")
    void noServer() {
      String kubeconfig = MockClusters.kubeconfigText("bj-1", target).replace("    server: " + server() + "\n", "");

      MeshException e = configurationError(connector().build(), inSecret("bj-1", kubeconfig));

      assertThat(e.getMessage()).contains("clusters['bj-1'].cluster.server", "the Secret mesh-system/bj-1-kubeconfig");
    }
  }

  @Nested
  @DisplayName("given as a file")
  class FromFile {
    @Test
    @DisplayName("is the platform's own, so its exec plugin runs")
    void execRuns() {
      try (ClusterConnection connection = connector().build().connect(inFile("mcpc-1", execKubeconfig()))) {
        assertThat(connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of())).isEmpty();
      }
      assertThat(marker).exists();
    }

    @Test
    @DisplayName("without a server is refused, naming the cluster entry and the file")
    void noServer() {
      String kubeconfig = MockClusters.kubeconfigText("mcpc-1", target).replace("    server: " + server() + "\n", "");

      MeshException e = configurationError(connector().build(), inFile("mcpc-1", kubeconfig));

      assertThat(e.getMessage()).contains("clusters['mcpc-1'].cluster.server", "mcpc-1.kubeconfig",
          "kubernetes.default.svc");
    }

    @Test
    @DisplayName("whose context names a cluster it does not define is refused")
    void missingCluster() {
      String kubeconfig = MockClusters.kubeconfigText("mcpc-1", target).replace("    cluster: mcpc-1\n", "    cluster: nowhere\n");

      MeshException e = configurationError(connector().build(), inFile("mcpc-1", kubeconfig));

      assertThat(e.getMessage()).contains("context 'mcpc-1'", "the cluster 'nowhere'");
    }

    @Test
    @DisplayName("whose context names a user it does not define is refused")
    void missingUser() {
      String kubeconfig = MockClusters.kubeconfigText("mcpc-1", target).replace("    user: mcpc-1-admin\n", "    user: nobody\n");

      MeshException e = configurationError(connector().build(), inFile("mcpc-1", kubeconfig));

      assertThat(e.getMessage()).contains("context 'mcpc-1'", "the user 'nobody'");
    }

    @Test
    @DisplayName("without a current context, when registration names none, is refused")
    void noCurrentContext() {
      String kubeconfig = MockClusters.kubeconfigText("mcpc-1", target).replace("current-context: mcpc-1\n", "");

      MeshException e = configurationError(connector().build(), inFile("mcpc-1", kubeconfig));

      assertThat(e.getMessage()).contains("current-context");
    }
  }
}
