package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.immutables.value.Value;

/**
 * What should be true of one service's HTTP traffic: its subsets, its ordered routes and its
 * circuit breaker. A backend turns it into the service's routing objects (for Istio one
 * VirtualService and one DestinationRule). Start from {@link PolicyBuilder#forService(String)}.
 *
 * <p>{@code build()} checks every rule at once and throws one {@link
 * io.meshsdk.PolicyValidationException} naming each offending field: weights that do not add up
 * to 100, routes to undeclared subsets, durations under 1ms, unreachable routes and so on.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(TrafficPolicy.KIND)
@JsonSerialize(as = ImmutableTrafficPolicy.class)
@JsonDeserialize(as = ImmutableTrafficPolicy.class)
public abstract class TrafficPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "TrafficPolicy";

  TrafficPolicy() {}

  /**
   * Starts a traffic policy; {@link PolicyBuilder#forService(String)} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The service the policy is about: a short name, resolved in the policy's namespace, or a
   * fully qualified name.
   *
   * @return the host
   */
  public abstract String host();

  @Override
  public abstract String namespace();

  /**
   * The policy's name; the host's first label unless set.
   *
   * @return the name
   */
  @Override
  @Value.Default
  public String name() {
    int dot = host().indexOf('.');
    return dot < 0 ? host() : host().substring(0, dot);
  }

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final io.meshsdk.spi.BackendCapability capability() {
    return io.meshsdk.spi.BackendCapability.TRAFFIC_POLICY;
  }

  /**
   * The named subsets of the service's workloads.
   *
   * @return the subsets, in order
   */
  public abstract List<Subset> subsets();

  /**
   * The HTTP routes, tried in order.
   *
   * @return the routes
   */
  public abstract List<HttpRoute> routes();

  /**
   * Connection limits and outlier ejection for the service.
   *
   * @return the circuit breaker
   */
  public abstract Optional<CircuitBreaker> circuitBreaker();

  @Value.Check
  void check() {
    Violations v = new Violations();
    if (host().isEmpty()) {
      v.add("host", "must not be empty");
    } else {
      v.dnsSubdomain("host", host());
      v.dnsLabel("name", name());
    }
    v.dnsLabel("namespace", namespace());
    if (subsets().isEmpty() && routes().isEmpty() && circuitBreaker().isEmpty()) {
      v.add("routes", "a traffic policy must declare at least one route, subset or circuit breaker");
    }
    Set<String> subsetNames = new HashSet<>();
    for (int i = 0; i < subsets().size(); i++) {
      Subset subset = subsets().get(i);
      String path = "subsets[" + i + "]";
      v.dnsLabel(path + ".name", subset.name());
      if (!subsetNames.add(subset.name())) {
        v.add(path + ".name", "repeats subset \"" + subset.name() + "\"");
      }
      if (subset.labels().isEmpty()) {
        v.add(path + ".labels", "must select workloads by at least one label");
      }
      v.labels(path + ".labels", subset.labels());
    }
    for (int i = 0; i < routes().size(); i++) {
      checkRoute(v, "routes[" + i + "]", routes().get(i), subsetNames);
      if (i < routes().size() - 1 && routes().get(i).matchesEverything()) {
        v.add(
            "routes[" + (i + 1) + "]",
            "is unreachable: routes[" + i + "] has no condition and takes every request");
      }
    }
    circuitBreaker().ifPresent(cb -> checkCircuitBreaker(v, cb));
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  private void checkRoute(Violations v, String path, HttpRoute route, Set<String> subsetNames) {
    route.name().ifPresent(n -> {
      if (n.isBlank()) {
        v.add(path + ".name", "must not be blank");
      }
    });
    for (int m = 0; m < route.matches().size(); m++) {
      HttpMatch match = route.matches().get(m);
      String matchPath = path + ".matches[" + m + "]";
      match.uri().ifPresent(uri -> checkStringMatch(v, matchPath + ".uri", uri));
      for (Map.Entry<String, StringMatch> header : match.headers().entrySet()) {
        String headerPath = matchPath + ".headers." + header.getKey();
        if (header.getKey().isEmpty()) {
          v.add(matchPath + ".headers", "must not contain an empty header name");
        } else if (!header.getKey().equals(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
          v.add(headerPath, "header names must be lower case, but was \"" + header.getKey() + "\"");
        }
        checkStringMatch(v, headerPath, header.getValue());
      }
    }
    if (route.destinations().isEmpty()) {
      v.add(path + ".destinations", "must name at least one destination");
    }
    int sum = 0;
    for (int d = 0; d < route.destinations().size(); d++) {
      RouteDestination destination = route.destinations().get(d);
      String destinationPath = path + ".destinations[" + d + "]";
      v.range(destinationPath + ".weight", destination.weight(), 0, 100);
      sum += destination.weight();
      boolean ownHost = destination.host().map(h -> h.equals(host())).orElse(true);
      destination.host().ifPresent(h -> v.dnsSubdomain(destinationPath + ".host", h));
      destination.port().ifPresent(p -> v.range(destinationPath + ".port", p, 1, 65535));
      destination.subset().ifPresent(s -> {
        if (ownHost && !subsetNames.contains(s)) {
          v.add(
              destinationPath + ".subset",
              "refers to subset \"" + s + "\", which the policy does not declare");
        }
      });
    }
    if (route.destinations().size() == 1 && sum != 100) {
      v.add(path + ".destinations[0].weight",
          "must be 100 (or unset) for a route's only destination, which takes all its requests, but was " + sum);
    }
    if (route.destinations().size() > 1 && sum != 100) {
      v.add(path + ".destinations", "weights must add up to 100, but add up to " + sum);
    }
    route.timeout().ifPresent(t -> v.duration(path + ".timeout", t));
    route.retries().ifPresent(r -> {
      v.range(path + ".retries.attempts", r.attempts(), 0, Integer.MAX_VALUE);
      r.perTryTimeout().ifPresent(t -> v.duration(path + ".retries.perTryTimeout", t));
      r.retryOn().ifPresent(on -> {
        if (on.isBlank()) {
          v.add(path + ".retries.retryOn", "must not be blank");
        }
      });
      if (route.timeout().isPresent() && r.perTryTimeout().isPresent()
          && r.perTryTimeout().get().compareTo(route.timeout().get()) > 0) {
        v.add(path + ".retries.perTryTimeout",
            "must not exceed the route's timeout of " + route.timeout().get()
                + ", but was " + r.perTryTimeout().get());
      }
    });
  }

  private static void checkStringMatch(Violations v, String path, StringMatch match) {
    switch (match.type()) {
      case PREFIX:
        if (match.value().isEmpty()) {
          v.add(path, "prefix must not be empty; leave the condition out to match everything");
        }
        break;
      case REGEX:
        try {
          Pattern.compile(match.value());
        } catch (PatternSyntaxException e) {
          v.add(path, "is not a valid regular expression: " + e.getDescription());
        }
        break;
      default:
        break;
    }
  }

  private static void checkCircuitBreaker(Violations v, CircuitBreaker cb) {
    cb.maxConnections().ifPresent(n -> v.range("circuitBreaker.maxConnections", n, 1, Integer.MAX_VALUE));
    cb.maxPendingRequests().ifPresent(n -> v.range("circuitBreaker.maxPendingRequests", n, 1, Integer.MAX_VALUE));
    cb.maxRequestsPerConnection().ifPresent(n -> v.range("circuitBreaker.maxRequestsPerConnection", n, 1, Integer.MAX_VALUE));
    cb.consecutive5xxErrors().ifPresent(n -> v.range("circuitBreaker.consecutive5xxErrors", n, 1, Integer.MAX_VALUE));
    cb.interval().ifPresent(d -> v.duration("circuitBreaker.interval", d));
    cb.baseEjectionTime().ifPresent(d -> v.duration("circuitBreaker.baseEjectionTime", d));
  }

  /** Builds a {@link TrafficPolicy}; see {@link PolicyBuilder}. */
  public static final class Builder extends ImmutableTrafficPolicy.Builder {
    Builder() {}

    /**
     * Declares a subset of the service's workloads.
     *
     * @param name the subset's name, for example {@code v2}
     * @param labels the pod labels selecting it
     * @return this builder
     */
    public Builder subset(String name, Map<String, String> labels) {
      return addSubset(Subset.of(name, labels));
    }

    /**
     * Appends a route; routes are tried in the order they are added.
     *
     * @param route configures the route
     * @return this builder
     */
    public Builder route(Consumer<HttpRoute.Builder> route) {
      HttpRoute.Builder builder = HttpRoute.builder();
      route.accept(builder);
      return addRoute(builder.build());
    }

    /**
     * Sets the circuit breaker.
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
     * Names the policy explicitly instead of after its host.
     *
     * @param name a DNS-1123 label
     * @return this builder
     */
    public Builder named(String name) {
      return name(name);
    }
  }
}
