package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * Resilience settings for one port of a service, replacing the service-wide (or subset-wide) ones
 * for connections to that port.
 *
 * <pre>{@code
 * portOverride(9080, p -> p.circuitBreaker(cb -> cb.maxConnections(10)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePortOverride.class)
@JsonDeserialize(as = ImmutablePortOverride.class)
public abstract class PortOverride {

  PortOverride() {}

  /**
   * Starts a port override.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The service port.
   *
   * @return the port, 1 to 65535
   */
  public abstract int port();

  /**
   * Connection limits and outlier ejection for the port.
   *
   * @return the circuit breaker
   */
  public abstract Optional<CircuitBreaker> circuitBreaker();

  /**
   * Load balancing for the port.
   *
   * @return the load-balancer settings
   */
  public abstract Optional<LoadBalancer> loadBalancer();

  /**
   * Upstream TLS for the port.
   *
   * @return the TLS settings
   */
  public abstract Optional<UpstreamTls> tls();

  /** Builds a {@link PortOverride}. */
  public static final class Builder extends ImmutablePortOverride.Builder {
    Builder() {}

    /**
     * Sets the port's circuit breaker: {@code p.circuitBreaker(cb -> cb.maxConnections(10))}.
     *
     * @param circuitBreaker configures it
     * @return this builder
     */
    public Builder circuitBreaker(Consumer<CircuitBreaker.Builder> circuitBreaker) {
      CircuitBreaker.Builder builder = CircuitBreaker.builder();
      circuitBreaker.accept(builder);
      return circuitBreaker(builder.build());
    }

    /**
     * Sets the port's load balancing: {@code p.loadBalancer(lb -> lb.algorithm(Algorithm.RANDOM))}.
     *
     * @param loadBalancer configures it
     * @return this builder
     */
    public Builder loadBalancer(Consumer<LoadBalancer.Builder> loadBalancer) {
      LoadBalancer.Builder builder = LoadBalancer.builder();
      loadBalancer.accept(builder);
      return loadBalancer(builder.build());
    }

    /**
     * Sets the port's upstream TLS: {@code p.tls(t -> t.mode(UpstreamTls.Mode.SIMPLE))}.
     *
     * @param tls configures it
     * @return this builder
     */
    public Builder tls(Consumer<UpstreamTls.Builder> tls) {
      UpstreamTls.Builder builder = UpstreamTls.builder();
      tls.accept(builder);
      return tls(builder.build());
    }
  }
}
