package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * A named group of a service's workloads, selected by pod labels (typically a version), with
 * optional resilience settings that replace the service-wide ones for traffic to the subset.
 *
 * <pre>{@code
 * subset("v2", Map.of("version", "v2"), s -> s.loadBalancer(lb -> lb.algorithm(Algorithm.RANDOM)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableSubset.class)
@JsonDeserialize(as = ImmutableSubset.class)
public abstract class Subset {

  Subset() {}

  /**
   * Creates a subset.
   *
   * @param name the subset's name, for example {@code v2}
   * @param labels the pod labels that select its workloads
   * @return the subset
   */
  public static Subset of(String name, Map<String, String> labels) {
    return builder().name(name).labels(labels).build();
  }

  /**
   * Starts a subset, for when it has settings of its own.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The subset's name, referred to by routes.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The pod labels selecting the subset's workloads.
   *
   * @return the labels, in insertion order
   */
  public abstract Map<String, String> labels();

  /**
   * Connection limits and outlier ejection for the subset.
   *
   * @return the circuit breaker
   */
  public abstract Optional<CircuitBreaker> circuitBreaker();

  /**
   * Load balancing for the subset.
   *
   * @return the load-balancer settings
   */
  public abstract Optional<LoadBalancer> loadBalancer();

  /**
   * Upstream TLS for the subset.
   *
   * @return the TLS settings
   */
  public abstract Optional<UpstreamTls> tls();

  /**
   * Settings for single ports of the subset.
   *
   * @return the overrides, in order
   */
  public abstract List<PortOverride> portOverrides();

  /**
   * Whether the subset has resilience settings of its own.
   *
   * @return {@code true} when any setting is made
   */
  public final boolean hasSettings() {
    return circuitBreaker().isPresent() || loadBalancer().isPresent() || tls().isPresent()
        || !portOverrides().isEmpty();
  }

  /** Builds a {@link Subset}. */
  public static final class Builder extends ImmutableSubset.Builder {
    Builder() {}

    /**
     * Sets the subset's circuit breaker: {@code s.circuitBreaker(cb -> cb.maxConnections(10))}.
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
     * Sets the subset's load balancing: {@code s.loadBalancer(lb -> lb.hashHeader("x-user"))}.
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
     * Sets the subset's upstream TLS: {@code s.tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL))}.
     *
     * @param tls configures it
     * @return this builder
     */
    public Builder tls(Consumer<UpstreamTls.Builder> tls) {
      UpstreamTls.Builder builder = UpstreamTls.builder();
      tls.accept(builder);
      return tls(builder.build());
    }

    /**
     * Adds settings for one port of the subset: {@code s.portOverride(9080, p -> p.tls(...))}.
     *
     * @param port the service port
     * @param override configures the port's settings
     * @return this builder
     */
    public Builder portOverride(int port, Consumer<PortOverride.Builder> override) {
      PortOverride.Builder builder = PortOverride.builder();
      builder.port(port);
      override.accept(builder);
      return addPortOverride(builder.build());
    }
  }
}
