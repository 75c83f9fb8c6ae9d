package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.istio.internal.kubernetes.KubernetesConnection;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The client-side rate limit and the server's Priority and Fairness")
class ServerFlowControlTest {
  private static final String PATH = ServerSideApplyTest.PATH;
  private static final String STORED = KubernetesConnectionCrudTest.virtualService("bookinfo", "reviews", Map.of())
      .withResourceVersion("4").toJson();
  private static final String THROTTLED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"Too many requests, please try again later.\","
      + "\"reason\":\"TooManyRequests\",\"details\":{\"retryAfterSeconds\":2},\"code\":429}";

  private KubernetesMockServer server;
  private ClusterConnection connection;
  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    server = MockClusters.expectations();
  }

  @AfterEach
  void close() {
    if (connection != null) {
      connection.close();
    }
    MockClusters.destroy(server);
  }

  private KubernetesConnection connect(Consumer<ClusterOptions.Builder> options) {
    connection = KubernetesClusterConnector.builder().defaults(options).build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
    return (KubernetesConnection) connection;
  }

  @Test
  @DisplayName("defaults to kubectl's 50 requests per second and burst of 300, lifted when the server runs Priority and Fairness")
  void defaults() {
    ClusterOptions options = ClusterOptions.defaults();

    assertThat(options.qps()).isEqualTo(50);
    assertThat(options.burst()).isEqualTo(300);
    assertThat(options.deferToServerFlowControl()).isTrue();
    assertThat(ClusterOptions.builder().qps(20).build().deferToServerFlowControl()).isFalse();
    assertThat(ClusterOptions.builder().burst(20).build().deferToServerFlowControl()).isFalse();
    assertThat(ClusterOptions.builder().qps(20).deferToServerFlowControl(true).build().deferToServerFlowControl()).isTrue();
  }

  @Test
  @DisplayName("lifts the default limit once an answer names the server's flow schema")
  void liftedByFlowControlHeaders() {
    server.expect().get().withPath(PATH).andReturn(200, STORED)
        .withHeader("X-Kubernetes-PF-FlowSchema-UID", "7f0a1e6c-flow")
        .withHeader("X-Kubernetes-PF-PriorityLevel-UID", "2b9c4d1e-level").once();
    KubernetesConnection kubernetes = connect(o -> { });
    assertThat(kubernetes.rateLimitLifted()).isFalse();

    kubernetes.get(VIRTUAL_SERVICE, "bookinfo", "reviews");

    assertThat(kubernetes.rateLimitLifted()).isTrue();
  }

  @Test
  @DisplayName("keeps the limit for a server whose answers do not show Priority and Fairness")
  void keptWithoutFlowControl() {
    server.expect().get().withPath(PATH).andReturn(200, STORED).once();
    KubernetesConnection kubernetes = connect(o -> { });

    kubernetes.get(VIRTUAL_SERVICE, "bookinfo", "reviews");

    assertThat(kubernetes.rateLimitLifted()).isFalse();
  }

  @Test
  @DisplayName("keeps a rate the platform chose even on a server with Priority and Fairness")
  void keptWhenChosen() {
    server.expect().get().withPath(PATH).andReturn(200, STORED)
        .withHeader("X-Kubernetes-PF-FlowSchema-UID", "7f0a1e6c-flow").once();
    KubernetesConnection kubernetes = connect(o -> o.qps(100).burst(200));

    kubernetes.get(VIRTUAL_SERVICE, "bookinfo", "reviews");

    assertThat(kubernetes.rateLimitLifted()).isFalse();
  }

  @Test
  @DisplayName("still reports the server's 429 as retryable with its Retry-After once the limit is lifted")
  void throttledAfterLifting() {
    server.expect().get().withPath(PATH).andReturn(429, THROTTLED)
        .withHeader("X-Kubernetes-PF-FlowSchema-UID", "7f0a1e6c-flow").withHeader("Retry-After", "2").always();
    KubernetesConnection kubernetes = connect(o -> o.requestTimeout(Duration.ofSeconds(5)));

    assertThatThrownBy(() -> kubernetes.get(VIRTUAL_SERVICE, "bookinfo", "reviews")).isInstanceOfSatisfying(MeshBackendException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
      assertThat(e.retryable()).isTrue();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    });
    assertThat(kubernetes.rateLimitLifted()).isTrue();
  }
}
