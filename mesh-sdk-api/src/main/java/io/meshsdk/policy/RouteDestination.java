package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where a route sends its share of requests: a subset of the policy's service, or another host,
 * with a weight in percent.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRouteDestination.class)
@JsonDeserialize(as = ImmutableRouteDestination.class)
public abstract class RouteDestination {

  RouteDestination() {}

  /**
   * Starts a destination.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends to a subset of the policy's own service.
   *
   * @param subset the subset's name
   * @param weight the share in percent, 0 to 100
   * @return the destination
   */
  public static RouteDestination subset(String subset, int weight) {
    return builder().subset(subset).weight(weight).build();
  }

  /**
   * Another host to send to; the policy's own service when absent.
   *
   * @return the host, short or fully qualified
   */
  public abstract Optional<String> host();

  /**
   * The subset of the destination host.
   *
   * @return the subset's name
   */
  public abstract Optional<String> subset();

  /**
   * The destination port, needed only when the host exposes several.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * The share of the route's requests, in percent. The weights of a route's destinations add up
   * to 100; a route with a single destination sends it everything.
   *
   * @return the weight; 100 unless set
   */
  @Value.Default
  public int weight() {
    return 100;
  }

  /** Builds a {@link RouteDestination}. */
  public static final class Builder extends ImmutableRouteDestination.Builder {
    Builder() {}
  }
}
