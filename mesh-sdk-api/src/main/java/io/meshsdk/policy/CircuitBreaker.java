package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Limits on connections to a service (Istio's connection pool, TCP and HTTP) and ejection of
 * hosts that keep failing (outlier detection). Unset values keep Istio's defaults.
 *
 * <pre>{@code
 * circuitBreaker(cb -> cb.maxConnections(1).maxPendingRequests(1).maxRequestsPerConnection(1)
 *     .ejectAfter5xx(1).interval(Duration.ofSeconds(1)).baseEjectionTime(Duration.ofMinutes(3))
 *     .maxEjectionPercent(100))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCircuitBreaker.class)
@JsonDeserialize(as = ImmutableCircuitBreaker.class)
public abstract class CircuitBreaker {

  CircuitBreaker() {}

  /**
   * Starts a circuit breaker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The most TCP connections to one destination host.
   *
   * @return the limit
   */
  public abstract Optional<Integer> maxConnections();

  /**
   * The most requests waiting for a connection.
   *
   * @return the limit
   */
  public abstract Optional<Integer> maxPendingRequests();

  /**
   * The most requests over one connection before it is closed; 1 disables keep-alive.
   *
   * @return the limit
   */
  public abstract Optional<Integer> maxRequestsPerConnection();

  /**
   * How long establishing a TCP connection may take.
   *
   * @return the connect timeout
   */
  public abstract Optional<Duration> connectTimeout();

  /**
   * The most requests outstanding to all hosts at once (HTTP/2 and later).
   *
   * @return the limit
   */
  public abstract Optional<Integer> maxRequests();

  /**
   * The most retries outstanding to all hosts at once.
   *
   * @return the limit
   */
  public abstract Optional<Integer> maxRetries();

  /**
   * How long an upstream HTTP connection may stay idle before it is closed.
   *
   * @return the idle timeout
   */
  public abstract Optional<Duration> idleTimeout();

  /**
   * How many consecutive 5xx answers eject a host from the load-balancing pool.
   *
   * @return the threshold
   */
  public abstract Optional<Integer> consecutive5xxErrors();

  /**
   * How often hosts are checked for ejection.
   *
   * @return the interval
   */
  public abstract Optional<Duration> interval();

  /**
   * How long an ejected host stays out, multiplied by the number of times it was ejected.
   *
   * @return the base ejection time
   */
  public abstract Optional<Duration> baseEjectionTime();

  /**
   * How many consecutive gateway errors (502, 503, 504 and connection failures) eject a host.
   *
   * @return the threshold
   */
  public abstract Optional<Integer> consecutiveGatewayErrors();

  /**
   * The largest share of hosts that may be ejected at once, in percent.
   *
   * @return the percentage, 0 to 100
   */
  public abstract Optional<Integer> maxEjectionPercent();

  /**
   * Outlier detection stays on while at least this share of hosts is healthy, in percent.
   *
   * @return the percentage, 0 to 100
   */
  public abstract Optional<Integer> minHealthPercent();

  /**
   * Whether any connection-pool setting is made.
   *
   * @return {@code true} when a connection or request limit or timeout is set
   */
  public final boolean hasConnectionPool() {
    return maxConnections().isPresent() || connectTimeout().isPresent() || maxPendingRequests().isPresent()
        || maxRequests().isPresent() || maxRequestsPerConnection().isPresent() || maxRetries().isPresent()
        || idleTimeout().isPresent();
  }

  /**
   * Whether any outlier-detection setting is made.
   *
   * @return {@code true} when an ejection threshold, interval or bound is set
   */
  public final boolean hasOutlierDetection() {
    return consecutive5xxErrors().isPresent() || consecutiveGatewayErrors().isPresent() || interval().isPresent()
        || baseEjectionTime().isPresent() || maxEjectionPercent().isPresent() || minHealthPercent().isPresent();
  }

  /** Builds a {@link CircuitBreaker}. */
  public static final class Builder extends ImmutableCircuitBreaker.Builder {
    Builder() {}

    /**
     * Ejects a host after this many consecutive 5xx answers: {@code cb.ejectAfter5xx(5)}.
     *
     * @param errors the threshold, at least 1
     * @return this builder
     */
    public Builder ejectAfter5xx(int errors) {
      return consecutive5xxErrors(errors);
    }
  }
}
