package io.meshsdk.istio.prometheus;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.istio.internal.topology.PrometheusResponses;
import io.meshsdk.spi.TelemetrySource;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TelemetrySource} reading Istio's standard metrics from Prometheus' HTTP API ({@code
 * POST /api/v1/query}) with the JDK's {@link HttpClient}. Thread-safe; build one per Prometheus
 * and share it.
 *
 * <pre>{@code
 * TelemetrySource prometheus = PrometheusTelemetrySource.builder()
 *     .baseUrl("https://prometheus.monitoring.example.com")
 *     .bearerTokenFile(Path.of("/var/run/secrets/prometheus/token"))
 *     .requestTimeout(Duration.ofSeconds(10))
 *     .build();
 * MeshManager meshes = MeshManager.builder().telemetry(prometheus).build();
 * }</pre>
 *
 * <p>Failures map to {@link MeshException}s: an unreachable server to {@link
 * ErrorCode#CLUSTER_UNREACHABLE}, a server slower than the request timeout to {@link
 * ErrorCode#TIMEOUT} (both retryable), Prometheus' error answers to a {@link
 * io.meshsdk.MeshBackendException} with the HTTP status and Prometheus' {@code errorType}
 * ({@code bad_data} 400 and {@code execution} 422 are not retryable; {@code unavailable}, {@code
 * timeout} and 503 are), and an answer that is not Prometheus' JSON to a non-retryable {@link
 * ErrorCode#BACKEND_ERROR}. The bearer token never appears in a message, a log line or {@link
 * #toString()}.
 *
 * @since 0.1.0
 */
public final class PrometheusTelemetrySource implements TelemetrySource {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusTelemetrySource.class);

  private final URI queryUri;
  private final String displayUrl;
  private final Supplier<String> bearerToken;
  private final Duration requestTimeout;
  private final Clock clock;
  private final HttpClient http;

  private PrometheusTelemetrySource(Builder builder, URI base) {
    this.displayUrl = display(base);
    this.queryUri = base.resolve("api/v1/query");
    this.bearerToken = builder.bearerToken;
    this.requestTimeout = builder.requestTimeout;
    this.clock = builder.clock;
    if (builder.httpClient != null) {
      this.http = builder.httpClient;
    } else {
      HttpClient.Builder http = HttpClient.newBuilder()
          .connectTimeout(builder.connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER);
      if (builder.sslContext != null) {
        http.sslContext(builder.sslContext);
      }
      this.http = http.build();
    }
  }

  /**
   * Starts a source; the base URL is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Sample> query(String expression, Instant at) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(at, "at");
    String form = "query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)
        + "&time=" + seconds(at)
        + "&timeout=" + Math.max(1, requestTimeout.toMillis()) + "ms";
    HttpRequest.Builder request = HttpRequest.newBuilder(queryUri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (bearerToken != null) {
      String token = bearerToken.get();
      if (token == null || token.isBlank()) {
        throw new MeshException(ErrorCode.CONFIGURATION,
            "the bearer token for Prometheus at " + displayUrl + " is empty");
      }
      request.header("Authorization", "Bearer " + token.strip());
    }
    Instant started = clock.instant();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE,
          "Prometheus at " + displayUrl + " could not be reached: connecting timed out", e);
    } catch (HttpTimeoutException e) {
      throw new MeshException(ErrorCode.TIMEOUT, "Prometheus at " + displayUrl
          + " did not answer within the request timeout of " + requestTimeout, e);
    } catch (ConnectException e) {
      throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "Prometheus at " + displayUrl
          + " could not be reached: " + describe(e), e);
    } catch (IOException e) {
      throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "the connection to Prometheus at "
          + displayUrl + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException(ErrorCode.INTERRUPTED,
          "interrupted while querying Prometheus at " + displayUrl, e);
    }
    try (InputStream body = response.body()) {
      List<Sample> samples = PrometheusResponses.parse(body, response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), displayUrl);
      if (LOG.isDebugEnabled()) {
        LOG.debug("Prometheus at {} returned {} series in {} ms", displayUrl, samples.size(),
            Duration.between(started, clock.instant()).toMillis());
      }
      return samples;
    } catch (HttpTimeoutException e) {
      throw new MeshException(ErrorCode.TIMEOUT, "Prometheus at " + displayUrl
          + " did not finish its answer within the request timeout of " + requestTimeout, e);
    } catch (IOException e) {
      throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "reading the answer of Prometheus at "
          + displayUrl + " failed: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String seconds(Instant at) {
    long millis = at.toEpochMilli();
    return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
  }

  /** The URL without user information, for messages. */
  private static String display(URI base) {
    String text = base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
        + (base.getRawPath() == null ? "" : base.getRawPath());
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** Returns the base URL only; never the bearer token. */
  @Override
  public String toString() {
    return "PrometheusTelemetrySource[" + displayUrl + "]";
  }

  /** Builds a {@link PrometheusTelemetrySource}. */
  public static final class Builder {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private String baseUrl;
    private Supplier<String> bearerToken;
    private SSLContext sslContext;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;

    private Builder() {}

    /**
     * Where Prometheus' HTTP API is: scheme, host, port and any path prefix, for example {@code
     * http://prometheus.istio-system:9090} or {@code https://example.com/prometheus}.
     *
     * @param baseUrl the URL; {@code http} or {@code https}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sends a bearer token with every query, asking the supplier each time so that rotated tokens
     * are picked up. For Prometheus behind an authenticating proxy.
     *
     * @param token supplies the token
     * @return this builder
     */
    public Builder bearerToken(Supplier<String> token) {
      this.bearerToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * Sends the bearer token held in a file, read again for every query so that rotated
     * tokens (such as projected service-account tokens) are picked up.
     *
     * @param file the file holding the token
     * @return this builder
     */
    public Builder bearerTokenFile(Path file) {
      Objects.requireNonNull(file, "file");
      this.bearerToken = () -> {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new MeshException(ErrorCode.CONFIGURATION,
              "the bearer token file " + file + " could not be read: " + e.getMessage(), e);
        }
      };
      return this;
    }

    /**
     * Uses this TLS context for {@code https}, for a private certificate authority or client
     * certificates. The JDK's default trust store when not set.
     *
     * @param sslContext the context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * How long to wait for a connection; 5 s by default.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How long one query may take, end to end; 30 s by default. Also sent to Prometheus as the
     * query's evaluation timeout. Lower it for interactive views; raise it for large meshes
     * whose queries touch many series.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sends the queries with this client instead of one the source builds: to share a client
     * (and its connection pool and executor) with the application, or to go through a proxy.
     * The client's own connect timeout, TLS context and redirect policy then apply, so {@link
     * #connectTimeout(Duration)} and {@link #sslContext(SSLContext)} cannot be set as well; the
     * request timeout still applies to every query.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Uses this clock to time queries.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the source.
     *
     * @return the source
     * @throws ValidationException naming every invalid setting
     */
    public PrometheusTelemetrySource build() {
      List<Violation> violations = new ArrayList<>();
      URI base = null;
      if (baseUrl == null) {
        violations.add(Violation.of("baseUrl", "is required"));
      } else {
        try {
          URI parsed = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
          if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
            violations.add(Violation.of("baseUrl", "must be an http or https URL, but was " + baseUrl));
          } else if (parsed.getHost() == null) {
            violations.add(Violation.of("baseUrl", "must name a host, but was " + baseUrl));
          } else if (parsed.getRawUserInfo() != null) {
            violations.add(Violation.of("baseUrl",
                "must not hold credentials; pass a bearer token with bearerToken(...) instead"));
          } else if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            violations.add(Violation.of("baseUrl", "must not have a query or fragment, but was " + baseUrl));
          } else {
            base = parsed;
          }
        } catch (IllegalArgumentException e) {
          violations.add(Violation.of("baseUrl", "must be a URL, but was " + baseUrl));
        }
      }
      positive(violations, "connectTimeout", connectTimeout);
      if (httpClient != null && (sslContext != null || !connectTimeout.equals(DEFAULT_CONNECT_TIMEOUT))) {
        violations.add(Violation.of("httpClient",
            "comes with its own connect timeout and TLS context; set them on the client instead"));
      }
      positive(violations, "requestTimeout", requestTimeout);
      if (!violations.isEmpty()) {
        throw new ValidationException("PrometheusTelemetrySource", violations);
      }
      return new PrometheusTelemetrySource(this, base);
    }

    private static void positive(List<Violation> violations, String field, Duration value) {
      if (value.isNegative() || value.isZero()) {
        violations.add(Violation.of(field, "must be positive, but was " + value));
      }
    }
  }
}
