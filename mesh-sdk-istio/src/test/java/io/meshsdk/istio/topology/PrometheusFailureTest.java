package io.meshsdk.istio.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.istio.internal.IstioBackend;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading topology from a Prometheus that misbehaves")
class PrometheusFailureTest {
  static final Instant END = Instant.parse("2026-01-01T12:00:00Z");
  static final String ONE_EDGE = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
      + "{\"metric\":{\"source_cluster\":\"east\",\"source_workload_namespace\":\"bookinfo\","
      + "\"source_workload\":\"productpage-v1\",\"destination_cluster\":\"east\","
      + "\"destination_workload_namespace\":\"bookinfo\",\"destination_workload\":\"details-v1\","
      + "\"destination_service_namespace\":\"bookinfo\",\"destination_service_name\":\"details\","
      + "\"request_protocol\":\"http\",\"response_code\":\"200\"},\"value\":[1767268800,\"12.5\"]}]}}";

  static TopologyGraph read(TelemetrySource source) {
    return new IstioBackend().topology(source, TopologyQuery.lastMinutes(5).endingAt(END),
        TranslationContext.of("prod"), MeshClusterReader.none());
  }

  static PrometheusTelemetrySource source(String baseUrl) {
    return PrometheusTelemetrySource.builder().baseUrl(baseUrl)
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofMillis(500)).build();
  }

  static MeshException readFrom(Function<String, StubPrometheus.Answer> answers) throws Exception {
    try (StubPrometheus stub = new StubPrometheus(answers)) {
      return catchThrowableOfType(MeshException.class, () -> read(source(stub.baseUrl())));
    }
  }

  @Nested
  @DisplayName("fails with a clear exception")
  class Failures {

    @Test
    @DisplayName("when nothing listens: unreachable, retryable, naming the server")
    void down() throws Exception {
      int port = PrometheusServer.freePort();
      MeshException e = catchThrowableOfType(MeshException.class,
          () -> read(source("http://127.0.0.1:" + port)));
      assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNREACHABLE);
      assertThat(e.retryable()).isTrue();
      assertThat(e).hasMessageContaining("Prometheus at http://127.0.0.1:" + port + " could not be reached");
    }

    @Test
    @DisplayName("when the answer takes longer than the request timeout: a retryable timeout")
    void slow() throws Exception {
      try (StubPrometheus stub = new StubPrometheus(q -> StubPrometheus.Answer.json(200, ONE_EDGE), true)) {
        MeshException e = catchThrowableOfType(MeshException.class, () -> read(source(stub.baseUrl())));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageContaining("did not answer within the request timeout of PT0.5S");
      }
    }

    @Test
    @DisplayName("when Prometheus rejects the query as bad data: not retryable, with Prometheus' reason")
    void badData() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(400,
          "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:12: parse error: unclosed left parenthesis\"}"));
      assertThat(e).isInstanceOf(MeshBackendException.class)
          .hasMessageContaining("rejected the query (bad_data): 1:12: parse error: unclosed left parenthesis")
          .hasMessageContaining("HTTP 400");
      assertThat(((MeshBackendException) e).status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_ERROR);
      assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("when the query cannot be executed (422): not retryable")
    void execution() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(422,
          "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples\"}"));
      assertThat(e).isInstanceOf(MeshBackendException.class).hasMessageContaining("too many samples");
      assertThat(((MeshBackendException) e).status()).isEqualTo(422);
      assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("when Prometheus is unavailable (503): retryable")
    void unavailable() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(503,
          "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"Service Unavailable\"}"));
      assertThat(((MeshBackendException) e).status()).isEqualTo(503);
      assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNREACHABLE);
      assertThat(e.retryable()).isTrue();
    }

    @Test
    @DisplayName("when the evaluation times out on the server: a retryable timeout")
    void serverTimeout() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(503,
          "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"));
      assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(e.retryable()).isTrue();
    }

    @Test
    @DisplayName("when a proxy answers with an HTML error page: retryable for 502, naming the content type")
    void proxyPage() throws Exception {
      MeshException e = readFrom(q -> new StubPrometheus.Answer(502, "text/html", "<html>Bad Gateway</html>"));
      assertThat(e).hasMessageContaining("answered with text/html instead of JSON").hasMessageContaining("HTTP 502");
      assertThat(e.retryable()).isTrue();
    }

    @Test
    @DisplayName("when the JSON is malformed: not retryable, never an empty graph")
    void malformed() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(200,
          "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{"));
      assertThat(e).isInstanceOf(MeshBackendException.class).hasMessageContaining("malformed JSON");
      assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("when the JSON is well-formed but not a query result")
    void notAResult() throws Exception {
      MeshException e = readFrom(q -> StubPrometheus.Answer.json(200, "{\"status\":\"success\",\"data\":{}}"));
      assertThat(e).hasMessageContaining("answered without a result");
      MeshException matrix = readFrom(q -> StubPrometheus.Answer.json(200,
          "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
      assertThat(matrix).hasMessageContaining("the result type is matrix");
    }
  }

  @Nested
  @DisplayName("returns a partial graph")
  class Partial {

    @Test
    @DisplayName("when the request rates came but the latency query failed, saying so")
    void latencyFails() throws Exception {
      try (StubPrometheus stub = new StubPrometheus(q -> q.contains("histogram_quantile")
          ? StubPrometheus.Answer.json(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\"}")
          : q.contains("istio_requests_total") ? StubPrometheus.Answer.json(200, ONE_EDGE)
          : StubPrometheus.Answer.json(200, StubPrometheus.EMPTY_VECTOR))) {
        TopologyGraph graph = read(source(stub.baseUrl()));
        assertThat(graph.partial()).isTrue();
        assertThat(graph.partialReasons()).singleElement().asString()
            .startsWith("latency percentiles could not be read").contains("too many samples");
        assertThat(graph.edges()).singleElement().satisfies(e -> {
          assertThat(e.metrics().requestsPerSecond()).isEqualTo(12.5);
          assertThat(e.metrics().latency()).isEmpty();
        });
        assertThat(graph.toDot()).contains("(partial)");
        assertThat(graph.toCytoscapeJson()).contains("\"partial\":true");
      }
    }

    @Test
    @DisplayName("when the TCP query times out")
    void tcpTimesOut() throws Exception {
      try (StubPrometheus stub = new StubPrometheus(q -> q.contains("istio_tcp_sent_bytes_total")
          ? StubPrometheus.Answer.json(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"timed out\"}")
          : q.contains("histogram_quantile") ? StubPrometheus.Answer.json(200, StubPrometheus.EMPTY_VECTOR)
          : StubPrometheus.Answer.json(200, ONE_EDGE))) {
        TopologyGraph graph = read(source(stub.baseUrl()));
        assertThat(graph.partialReasons()).singleElement().asString().startsWith("TCP throughput could not be read");
        assertThat(graph.edges()).extracting(TopologyEdge::id).hasSize(1);
      }
    }
  }

  @Nested
  @DisplayName("keeps its credentials")
  class Credentials {

    @Test
    @DisplayName("sends the bearer token from a file, read again for each query, and never shows it")
    void tokenFile(@TempDir Path dir) throws Exception {
      Path token = Files.writeString(dir.resolve("token"), "s3cr3t-one\n");
      try (StubPrometheus stub = new StubPrometheus(q -> StubPrometheus.Answer.json(400,
          "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}"))) {
        PrometheusTelemetrySource source = PrometheusTelemetrySource.builder().baseUrl(stub.baseUrl() + "/")
            .bearerTokenFile(token).build();
        assertThatThrownBy(() -> source.query("up", END)).isInstanceOf(MeshBackendException.class)
            .message().doesNotContain("s3cr3t");
        Files.writeString(token, "s3cr3t-two");
        assertThatThrownBy(() -> source.query("up", END)).isInstanceOf(MeshBackendException.class);
        assertThat(stub.received).extracting(StubPrometheus.Received::authorization)
            .containsExactly("Bearer s3cr3t-one", "Bearer s3cr3t-two");
        assertThat(source.toString()).isEqualTo("PrometheusTelemetrySource[" + stub.baseUrl() + "]");
      }
    }

    @Test
    @DisplayName("refuses a URL with credentials in it, and every other bad setting, at once")
    void validation() {
      ValidationException e = catchThrowableOfType(ValidationException.class, () ->
          PrometheusTelemetrySource.builder().baseUrl("http://admin:hunter2@prometheus:9090")
              .connectTimeout(Duration.ZERO).requestTimeout(Duration.ofSeconds(-1)).build());
      assertThat(e.violations()).extracting(Violation::field)
          .containsExactly("baseUrl", "connectTimeout", "requestTimeout");
      assertThat(e).message().doesNotContain("hunter2");
      assertThatThrownBy(() -> PrometheusTelemetrySource.builder().baseUrl("ftp://prometheus").build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be an http or https URL");
      assertThatThrownBy(() -> PrometheusTelemetrySource.builder().build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("baseUrl");
      assertThatThrownBy(() -> PrometheusTelemetrySource.builder().baseUrl("http://prometheus:9090")
          .httpClient(java.net.http.HttpClient.newHttpClient()).connectTimeout(Duration.ofSeconds(1)).build())
          .isInstanceOf(ValidationException.class).hasMessageContaining("`httpClient` comes with its own");
    }
  }

  @Test
  @DisplayName("keeps a path prefix of the base URL, for Prometheus behind a reverse proxy")
  void pathPrefix() throws Exception {
    try (StubPrometheus stub = new StubPrometheus(q -> StubPrometheus.Answer.json(200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1767268800,\"+Inf\"]}}"))) {
      var samples = PrometheusTelemetrySource.builder().baseUrl(stub.baseUrl() + "/prometheus").build()
          .query("vector(1)", END);
      assertThat(samples).singleElement().satisfies(s -> assertThat(s.value()).isInfinite());
      assertThat(stub.received).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/prometheus/api/v1/query");
        assertThat(r.query()).isEqualTo("vector(1)");
      });
    }
  }
}
