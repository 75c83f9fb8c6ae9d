package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static io.meshsdk.istio.kubernetes.MockClusters.PLANTED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A token planted in a cluster's credentials")
class CredentialRedactionTest {
  private static final Path LOG = Path.of("target", "mesh-sdk-istio-tests.log");

  private final List<String> seen = new ArrayList<>();

  private void see(Object value) {
    seen.add(String.valueOf(value));
  }

  private void see(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    seen.add(trace.toString());
  }

  @Test
  @DisplayName("never appears in a log line, an exception, its causes, or a toString(), whatever happens")
  void neverLeaks(@TempDir Path dir) throws Exception {
    KubernetesMockServer server = MockClusters.crud();
    KubernetesMockServer gsc = MockClusters.crud();
    try {
      try (KubernetesClient client = gsc.createClient()) {
        client.secrets().inNamespace("mesh-system").resource(new SecretBuilder()
            .withNewMetadata().withName("bj-1-kubeconfig").withNamespace("mesh-system").endMetadata()
            .withData(Map.of("kubeconfig", Base64.getEncoder().encodeToString(
                MockClusters.kubeconfigText("bj-1", server).getBytes(StandardCharsets.UTF_8))))
            .build()).create();
      }
      Files.writeString(dir.resolve("token"), PLANTED_TOKEN + "\n");
      Files.writeString(dir.resolve("broken.kubeconfig"),
          "apiVersion: v1\nusers:\n- name: x\n  user:\n    token: " + PLANTED_TOKEN + "\n  : [unbalanced\n");

      KubernetesClusterConnector connector = KubernetesClusterConnector.builder()
          .secretsFrom(ClusterSpec.builder().name("gsc").kubeconfig(MockClusters.kubeconfig("gsc", gsc, dir)).build())
          .credentialProvider("vault", PLANTED_TOKEN::toCharArray)
          .defaults(o -> o.qps(1000).burst(1000))
          .build();
      see(connector);

      List<ClusterSpec> specs = List.of(
          MockClusters.cluster("mcpc-1", server, dir),
          ClusterSpec.builder().name("bj-1").credentials(ClusterCredentials.secret("mesh-system", "bj-1-kubeconfig")).build(),
          ClusterSpec.builder().name("sh-1").credentials(ClusterCredentials.builder()
              .source(ClusterCredentials.Source.TOKEN).server(server.url("/")).tokenProvider("vault").build()).build(),
          ClusterSpec.builder().name("gz-1").credentials(ClusterCredentials.builder()
              .source(ClusterCredentials.Source.TOKEN).server(server.url("/"))
              .tokenFile(dir.resolve("token").toString()).build()).build());
      for (ClusterSpec spec : specs) {
        see(spec);
        try (ClusterConnection connection = connector.connect(spec)) {
          see(connection);
          see(connection.list(VIRTUAL_SERVICE, null, Map.of()));
          see(connection.apply(VIRTUAL_SERVICE,
              KubernetesConnectionCrudTest.virtualService("bookinfo", spec.name(), Map.of()), ApplyOptions.builder().build()));
          see(connection.health());
        }
      }

      Throwable broken = catchThrowable(() -> connector.connect(ClusterSpec.builder().name("broken")
          .kubeconfig(dir.resolve("broken.kubeconfig")).build()));
      assertThat(broken).isInstanceOf(MeshException.class);
      assertThat(((MeshException) broken).code()).isEqualTo(ErrorCode.CONFIGURATION);
      see(broken);

      Throwable noContext = catchThrowable(() -> connector.connect(ClusterSpec.builder().name("mcpc-2")
          .kubeconfig(MockClusters.kubeconfig("mcpc-2", server, dir), "no-such-context").build()));
      assertThat(noContext).hasMessageContaining("no context 'no-such-context'");
      see(noContext);

      ClusterConnection down = connector.connect(MockClusters.cluster("down-1", server, dir));
      MockClusters.destroy(server);
      see(catchThrowable(() -> down.get(VIRTUAL_SERVICE, "bookinfo", "reviews")));
      ClusterHealth health = down.health();
      assertThat(health.reachable()).isFalse();
      see(health);
      down.close();
    } finally {
      MockClusters.destroy(server);
      MockClusters.destroy(gsc);
    }

    assertThat(seen).isNotEmpty().noneMatch(s -> s.contains(PLANTED_TOKEN));
    assertThat(LOG).exists();
    List<String> lines = Files.readAllLines(LOG);
    assertThat(lines).as("the captured log has content").isNotEmpty()
        .anyMatch(l -> l.contains("connecting to cluster mcpc-1"));
    assertThat(lines).noneMatch(l -> l.contains(PLANTED_TOKEN));
  }
}
