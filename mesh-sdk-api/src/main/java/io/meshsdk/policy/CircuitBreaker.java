package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Limits on connections to a service and ejection of hosts that keep failing. Unset values keep
 * Istio's defaults.
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

  /** Builds a {@link CircuitBreaker}. */
  public static final class Builder extends ImmutableCircuitBreaker.Builder {
    Builder() {}

    /**
     * Ejects a host after this many consecutive 5xx answers.
     *
     * @param errors the threshold, at least 1
     * @return this builder
     */
    public Builder ejectAfter5xx(int errors) {
      return consecutive5xxErrors(errors);
    }
  }
}
