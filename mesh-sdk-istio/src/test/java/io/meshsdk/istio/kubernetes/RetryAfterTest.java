package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static io.meshsdk.istio.kubernetes.ServerSideApplyTest.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Retry-After header on an answer whose Status body names no wait")
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

  private KubernetesMockServer server;
  private ClusterConnection connection;

  @BeforeEach
  void connect(@TempDir Path dir) {
    server = MockClusters.expectations();
    connection = KubernetesClusterConnector.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
  }

  @AfterEach
  void close() {
    connection.close();
    MockClusters.destroy(server);
  }

  private static String status(int code, String reason, String details) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"slow down\","
        + "\"reason\":\"" + reason + "\"" + (details == null ? "" : ",\"details\":" + details) + ",\"code\":" + code + "}";
  }

  private static MeshResource reviews() {
    return KubernetesConnectionCrudTest.virtualService("bookinfo", "reviews", Map.of("app.kubernetes.io/managed-by", "mesh-sdk"));
  }

  private MeshBackendException applyFails() {
    return catchThrowableOfType(MeshBackendException.class,
        () -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build()));
  }

  @Test
  @DisplayName("in seconds on a 429 to server-side apply is the wait the engine is told to honour")
  void secondsOn429() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk")
        .andReturn(429, status(429, "TooManyRequests", null)).withHeader("Retry-After", "3").once();

    MeshBackendException e = applyFails();

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("as an HTTP date on a 503 to a read is counted from the connector's clock")
  void dateOn503() {
    server.expect().get().withPath(PATH)
        .andReturn(503, status(503, "ServiceUnavailable", null))
        .withHeader("Retry-After", "Sun, 06 Dec 2026 01:00:12 GMT").once();

    MeshBackendException e = catchThrowableOfType(MeshBackendException.class,
        () -> connection.get(VIRTUAL_SERVICE, "bookinfo", "reviews"));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
  }

  @Test
  @DisplayName("yields to the Status body's retryAfterSeconds, and is never carried over to a later answer")
  void bodyWinsAndNothingIsCarriedOver() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk")
        .andReturn(429, status(429, "TooManyRequests", "{\"retryAfterSeconds\":7}")).withHeader("Retry-After", "30").once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk")
        .andReturn(429, status(429, "TooManyRequests", null)).withHeader("Retry-After", "5").once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk")
        .andReturn(429, status(429, "TooManyRequests", null)).once();

    assertThat(applyFails().retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(applyFails().retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(applyFails().retryAfter()).isEmpty();
  }
}
