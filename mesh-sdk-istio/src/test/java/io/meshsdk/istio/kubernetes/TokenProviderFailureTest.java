package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static io.meshsdk.istio.kubernetes.MockClusters.PLANTED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A token provider that throws")
class TokenProviderFailureTest {
  private KubernetesMockServer server;

  @BeforeEach
  void start() {
    server = MockClusters.crud();
  }

  @AfterEach
  void stop() {
    MockClusters.destroy(server);
  }

  private MeshException listFails(Supplier<char[]> provider) {
    KubernetesClusterConnector connector = KubernetesClusterConnector.builder()
        .credentialProvider("vault", provider).build();
    ClusterSpec spec = ClusterSpec.builder().name("sh-1").credentials(ClusterCredentials.builder()
        .source(ClusterCredentials.Source.TOKEN).server(server.url("/")).tokenProvider("vault").build()).build();
    try (ClusterConnection connection = connector.connect(spec)) {
      return catchThrowableOfType(MeshException.class, () -> connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of()));
    }
  }

  private static String printed(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  @DisplayName("is a CONFIGURATION error naming the cluster and the provider, with the provider's exception as cause")
  void configurationError() {
    IllegalStateException sealed = new IllegalStateException("vault is sealed");

    MeshException e = listFails(() -> {
      throw sealed;
    });

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("cluster sh-1", "token provider 'vault'");
    assertThat(e).hasRootCause(sealed);
    assertThat(MockClusters.drain(server)).as("requests sent without a token").isEmpty();
  }

  @Test
  @DisplayName("is retryable when the provider's own failure is")
  void retryableWhenTheProviderSaysSo() {
    MeshException timeout = new MeshException(ErrorCode.TIMEOUT, "vault did not answer in time");

    MeshException e = listFails(() -> {
      throw timeout;
    });

    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("cluster sh-1", "token provider 'vault'", "TIMEOUT");
    assertThat(e).hasRootCause(timeout);
  }

  @Test
  @DisplayName("never shows a token it supplied before")
  void neverShowsTheToken() {
    AtomicInteger calls = new AtomicInteger();
    KubernetesClusterConnector connector = KubernetesClusterConnector.builder()
        .credentialProvider("vault", () -> {
          if (calls.getAndIncrement() == 0) {
            return PLANTED_TOKEN.toCharArray();
          }
          throw new IllegalStateException("lease expired");
        }).build();
    ClusterSpec spec = ClusterSpec.builder().name("sh-1").credentials(ClusterCredentials.builder()
        .source(ClusterCredentials.Source.TOKEN).server(server.url("/")).tokenProvider("vault").build()).build();

    try (ClusterConnection connection = connector.connect(spec)) {
      assertThat(connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of())).isEmpty();
      MeshException e = catchThrowableOfType(MeshException.class,
          () -> connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of()));

      assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
      assertThat(printed(e)).contains("lease expired").doesNotContain(PLANTED_TOKEN);
    }
  }
}
