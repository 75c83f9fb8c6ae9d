package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How requests are spread over a service's endpoints: a simple algorithm or a consistent hash
 * (session affinity by header, cookie, source IP or query parameter), and how locality is
 * honoured: failover between regions, or an explicit weighted distribution.
 *
 * <pre>{@code
 * loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.LEAST_REQUEST))
 * loadBalancer(lb -> lb.hashCookie("session", Duration.ofHours(1)))
 * loadBalancer(lb -> lb.failover("us-east", "us-west"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableLoadBalancer.class)
@JsonDeserialize(as = ImmutableLoadBalancer.class)
public abstract class LoadBalancer {

  /** A load-balancing algorithm without affinity. */
  public enum Algorithm {
    /** Each endpoint in turn. */
    ROUND_ROBIN,
    /** The endpoint with the fewest outstanding requests of two picked at random; Istio's default. */
    LEAST_REQUEST,
    /** A random endpoint. */
    RANDOM,
    /** The address the client asked for, without load balancing. */
    PASSTHROUGH
  }

  LoadBalancer() {}

  /**
   * Starts load-balancer settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The algorithm, when no consistent hash is set.
   *
   * @return the algorithm; Istio's default when absent
   */
  public abstract Optional<Algorithm> algorithm();

  /**
   * Hashes on this request header, so requests with the same value reach the same endpoint.
   *
   * @return the header's name
   */
  public abstract Optional<String> hashHeader();

  /**
   * Hashes on this cookie; the proxy sets it when absent.
   *
   * @return the cookie's name
   */
  public abstract Optional<String> hashCookie();

  /**
   * The lifetime of the generated hash cookie; zero makes it a session cookie.
   *
   * @return the time to live
   */
  public abstract Optional<Duration> hashCookieTtl();

  /**
   * The path of the generated hash cookie.
   *
   * @return the path
   */
  public abstract Optional<String> hashCookiePath();

  /**
   * Whether to hash on the client's IP address.
   *
   * @return {@code true} to hash on the source IP
   */
  @Value.Default
  public boolean hashSourceIp() {
    return false;
  }

  /**
   * Hashes on this query parameter.
   *
   * @return the parameter's name
   */
  public abstract Optional<String> hashQueryParam();

  /**
   * Whether locality-aware load balancing is on; Istio's mesh-wide setting when absent.
   *
   * @return the setting
   */
  public abstract Optional<Boolean> localityEnabled();

  /**
   * Where traffic goes when every endpoint in a region is unhealthy, region to region. Needs
   * outlier detection on the same settings, without which endpoints never count as unhealthy.
   *
   * @return the failover rules, in order
   */
  public abstract List<LocalityFailover> failover();

  /**
   * Labels ordering failover: endpoints sharing more of them with the client, in this order, are
   * preferred ({@code topology.istio.io/network}, {@code topology.kubernetes.io/region}...).
   *
   * @return the labels, in priority order
   */
  public abstract List<String> failoverPriority();

  /**
   * Explicit weights of traffic from a client locality to endpoint localities; exclusive with
   * {@link #failover()}.
   *
   * @return the distribution rules, in order
   */
  public abstract List<LocalityDistribution> distribute();

  /**
   * Whether a consistent hash is configured.
   *
   * @return {@code true} when some hash key is set
   */
  public final boolean hasConsistentHash() {
    return hashHeader().isPresent() || hashCookie().isPresent() || hashSourceIp() || hashQueryParam().isPresent();
  }

  /**
   * Whether any locality setting is configured.
   *
   * @return {@code true} when failover, distribution or the switch is set
   */
  public final boolean hasLocalitySettings() {
    return localityEnabled().isPresent() || !failover().isEmpty() || !failoverPriority().isEmpty()
        || !distribute().isEmpty();
  }

  /**
   * Region-to-region failover.
   *
   * @since 0.1.0
   */
  @Value.Immutable
  @JsonSerialize(as = ImmutableLocalityFailover.class)
  @JsonDeserialize(as = ImmutableLocalityFailover.class)
  public abstract static class LocalityFailover {
    LocalityFailover() {}

    /**
     * Fails over from one region to another.
     *
     * @param from the region whose endpoints failed
     * @param to the region taking over
     * @return the rule
     */
    public static LocalityFailover of(String from, String to) {
      return ImmutableLocalityFailover.builder().from(from).to(to).build();
    }

    /**
     * The region whose endpoints failed.
     *
     * @return the region
     */
    public abstract String from();

    /**
     * The region taking over.
     *
     * @return the region
     */
    public abstract String to();
  }

  /**
   * The weights with which traffic from one locality reaches endpoint localities.
   *
   * @since 0.1.0
   */
  @Value.Immutable
  @JsonSerialize(as = ImmutableLocalityDistribution.class)
  @JsonDeserialize(as = ImmutableLocalityDistribution.class)
  public abstract static class LocalityDistribution {
    LocalityDistribution() {}

    /**
     * Distributes traffic of a client locality.
     *
     * @param from the client locality, {@code region/zone/subzone} with {@code *} allowed
     * @param to endpoint localities and their weights, adding up to 100
     * @return the rule
     */
    public static LocalityDistribution of(String from, Map<String, Integer> to) {
      return ImmutableLocalityDistribution.builder().from(from).to(to).build();
    }

    /**
     * The client locality.
     *
     * @return {@code region/zone/subzone}, with {@code *} allowed
     */
    public abstract String from();

    /**
     * Endpoint localities and their weights in percent.
     *
     * @return the weights, in insertion order
     */
    public abstract Map<String, Integer> to();
  }

  /** Builds a {@link LoadBalancer}. */
  public static final class Builder extends ImmutableLoadBalancer.Builder {
    Builder() {}

    /**
     * Hashes on a cookie that the proxy generates with a lifetime: {@code
     * lb.hashCookie("session", Duration.ofHours(1))}.
     *
     * @param name the cookie's name
     * @param ttl its lifetime; zero for a session cookie
     * @return this builder
     */
    public Builder hashCookie(String name, Duration ttl) {
      return hashCookie(name).hashCookieTtl(ttl);
    }

    /**
     * Fails over from one region to another: {@code lb.failover("us-east", "us-west")}.
     *
     * @param from the region whose endpoints failed
     * @param to the region taking over
     * @return this builder
     */
    public Builder failover(String from, String to) {
      return addFailover(LocalityFailover.of(from, to));
    }

    /**
     * Distributes a client locality's traffic: {@code lb.distribute("us-west/zone1/*",
     * Map.of("us-west/zone1/*", 80, "us-west/zone2/*", 20))}.
     *
     * @param from the client locality
     * @param to endpoint localities and weights adding up to 100
     * @return this builder
     */
    public Builder distribute(String from, Map<String, Integer> to) {
      return addDistribute(LocalityDistribution.of(from, to));
    }
  }
}
