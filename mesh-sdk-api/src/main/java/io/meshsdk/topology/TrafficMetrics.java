package io.meshsdk.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What flowed over an edge, or into or out of a node, averaged over the window: request rate,
 * response codes, errors, latency, TCP throughput and the share protected by mutual TLS.
 *
 * <p>A request is an error when its HTTP status is 5xx or 0 (no response, for example a reset
 * connection), or, for gRPC, when its gRPC status is not {@code 0} (OK).
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTrafficMetrics.class)
@JsonDeserialize(as = ImmutableTrafficMetrics.class)
public abstract class TrafficMetrics {
  private static final TrafficMetrics NONE = builder().build();

  TrafficMetrics() {}

  /**
   * Starts metrics; the assembler of a graph builds them, tests and renderers may too.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * No traffic at all.
   *
   * @return empty metrics
   */
  public static TrafficMetrics none() {
    return NONE;
  }

  /**
   * Requests per second.
   *
   * @return 0 for TCP-only traffic or none
   */
  @Value.Default
  public double requestsPerSecond() {
    return 0;
  }

  /**
   * Failed requests per second.
   *
   * @return at most {@link #requestsPerSecond()}
   */
  @Value.Default
  public double errorsPerSecond() {
    return 0;
  }

  /**
   * Requests per second by HTTP status code, such as {@code "200"} or {@code "503"}.
   *
   * @return the rates, ordered by code
   */
  public abstract Map<String, Double> responseCodes();

  /**
   * gRPC calls per second by gRPC status code, such as {@code "0"} (OK) or {@code "14"}
   * (UNAVAILABLE). Empty for plain HTTP.
   *
   * @return the rates, ordered by code
   */
  public abstract Map<String, Double> grpcStatuses();

  /**
   * Request duration percentiles.
   *
   * @return the latency; absent without requests, or when it could not be read
   */
  public abstract Optional<Latency> latency();

  /**
   * Bytes per second sent by the TCP connections' callers.
   *
   * @return bytes per second
   */
  @Value.Default
  public double tcpSentBytesPerSecond() {
    return 0;
  }

  /**
   * Bytes per second the TCP connections' callers received.
   *
   * @return bytes per second
   */
  @Value.Default
  public double tcpReceivedBytesPerSecond() {
    return 0;
  }

  /**
   * The share of the traffic that used Istio mutual TLS: of requests for HTTP and gRPC, of bytes
   * for TCP.
   *
   * @return 0 to 1; 0 without traffic
   */
  @Value.Default
  public double mtlsRatio() {
    return 0;
  }

  /**
   * The share of requests that failed.
   *
   * @return 0 to 1; 0 without requests
   */
  @JsonIgnore
  public final double errorRatio() {
    return requestsPerSecond() > 0 ? errorsPerSecond() / requestsPerSecond() : 0;
  }

  /**
   * Whether anything flowed.
   *
   * @return {@code true} for requests or bytes above zero
   */
  @JsonIgnore
  public final boolean hasTraffic() {
    return requestsPerSecond() > 0 || tcpSentBytesPerSecond() > 0 || tcpReceivedBytesPerSecond() > 0;
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    Latency.nonNegative(v, "requestsPerSecond", requestsPerSecond());
    Latency.nonNegative(v, "errorsPerSecond", errorsPerSecond());
    Latency.nonNegative(v, "tcpSentBytesPerSecond", tcpSentBytesPerSecond());
    Latency.nonNegative(v, "tcpReceivedBytesPerSecond", tcpReceivedBytesPerSecond());
    if (!(mtlsRatio() >= 0 && mtlsRatio() <= 1)) {
      v.add("mtlsRatio", "must be between 0 and 1, but was " + mtlsRatio());
    }
    // rates are sums of floating-point samples; allow their rounding
    if (errorsPerSecond() > requestsPerSecond() * (1 + 1e-9) + 1e-12) {
      v.add("errorsPerSecond", "must not exceed requestsPerSecond " + requestsPerSecond()
          + ", but was " + errorsPerSecond());
    }
    v.throwIfAny("TrafficMetrics");
  }

  /** Builds {@link TrafficMetrics}. */
  public static final class Builder extends ImmutableTrafficMetrics.Builder {
    Builder() {}
  }
}
