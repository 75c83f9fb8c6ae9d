package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static io.meshsdk.istio.kubernetes.MockClusters.PLANTED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
    MockClusters.destroy(gsc);
    MockClusters.destroy(target);
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

  private static String printCredential(String token, String expiry) {
    return "printf '%s' '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        + "\"status\":{\"token\":\"'\"" + token + "\"'\""
        + (expiry == null ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"") + "}}'\n";
  }

  /** A kubeconfig for cluster mcpc-1 whose user runs {@code plugin.sh}, next to it, with these lines. */
  private String pluginKubeconfig(String script, String... args) {
    try {
      Path plugin = dir.resolve("plugin.sh");
      Files.writeString(plugin, "#!/bin/sh\n" + script);
      plugin.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder argList = new StringBuilder();
    for (String arg : args) {
      argList.append("      - '").append(arg.replace("'", "''")).append("'\n");
    }
    return "apiVersion: v1\nkind: Config\ncurrent-context: mcpc-1\n"
        + "clusters:\n- name: mcpc-1\n  cluster:\n    server: " + server() + "\n"
        + "contexts:\n- name: mcpc-1\n  context:\n    cluster: mcpc-1\n    user: mcpc-1-admin\n"
        + "users:\n- name: mcpc-1-admin\n  user:\n    exec:\n"
        + "      apiVersion: client.authentication.k8s.io/v1\n"
        + "      command: ./plugin.sh\n"
        + (args.length == 0 ? "" : "      args:\n" + argList)
        + "      interactiveMode: Never\n";
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
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
    @DisplayName("hands its exec plugin the arguments as they are, never through a shell")
    void execWithoutShell() throws IOException {
      Path args = dir.resolve("args");
      String kubeconfig = pluginKubeconfig("printf '%s\\n' \"$@\" > '" + args + "'\n" + printCredential(PLANTED_TOKEN, null),
          "$(touch " + marker + ")", "two words");

      try (ClusterConnection connection = connector().build().connect(inFile("mcpc-1", kubeconfig))) {
        assertThat(connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of())).isEmpty();
      }
      assertThat(Files.readAllLines(args)).containsExactly("$(touch " + marker + ")", "two words");
      assertThat(marker).doesNotExist();
      assertThat(MockClusters.drain(target)).extracting(r -> r.getHeader("Authorization"))
          .containsOnly("Bearer " + PLANTED_TOKEN);
    }

    @Test
    @DisplayName("whose exec plugin fails is refused, and what the plugin printed reaches no log")
    void failingPluginOutputIsNotLogged() {
      LogCapture capture = new LogCapture();
      capture.start();
      ClusterSpec spec = inFile("mcpc-1", pluginKubeconfig(printCredential(PLANTED_TOKEN, null) + "exit 3\n"));
      try {
        catchThrowable(() -> connector().build().connect(spec).close());
      } finally {
        capture.stop();
      }

      assertThat(capture.lines()).noneMatch(l -> l.contains(PLANTED_TOKEN));
      MeshException e = configurationError(connector().build(), spec);
      assertThat(e.getMessage()).contains("users['mcpc-1-admin'].user.exec", "exited with status 3");
    }

    @Test
    @DisplayName("whose exec plugin prints a bare token is refused without quoting it anywhere")
    void bareTokenIsNotQuoted() {
      LogCapture capture = new LogCapture();
      capture.start();
      ClusterSpec spec = inFile("mcpc-1", pluginKubeconfig("echo " + PLANTED_TOKEN + "\n"));
      try {
        catchThrowable(() -> connector().build().connect(spec).close());
      } finally {
        capture.stop();
      }

      assertThat(capture.lines()).noneMatch(l -> l.contains(PLANTED_TOKEN));
      MeshException e = configurationError(connector().build(), spec);
      assertThat(e.getMessage()).contains("did not print an ExecCredential");
    }

    @Test
    @DisplayName("asks its exec plugin again once the token expires, by the connector's clock")
    void tokenRenewedAtExpiry() {
      Path runs = dir.resolve("runs");
      String script = "echo run >> '" + runs + "'\n"
          + "n=$(wc -l < '" + runs + "' | tr -d ' ')\n"
          + printCredential("exec-token-$n", "2026-12-06T01:10:00Z");
      MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
      KubernetesClusterConnector connector = connector().clock(clock).build();

      try (ClusterConnection connection = connector.connect(inFile("mcpc-1", pluginKubeconfig(script)))) {
        connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of());
        clock.set(Instant.parse("2026-12-06T01:09:59Z"));
        connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of());
        clock.set(Instant.parse("2026-12-06T01:10:00Z"));
        connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of());
      }

      assertThat(MockClusters.drain(target)).extracting(r -> r.getHeader("Authorization"))
          .containsExactly("Bearer exec-token-1", "Bearer exec-token-1", "Bearer exec-token-2");
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
    @DisplayName("that is empty is refused as unusable")
    void empty() {
      MeshException e = configurationError(connector().build(), inFile("mcpc-1", ""));

      assertThat(e.getMessage()).contains("is not a usable kubeconfig");
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
