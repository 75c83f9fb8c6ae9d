package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.Violations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * What should be true of one service's traffic: its subsets, its ordered HTTP, TCP and TLS
 * routes, and its resilience (circuit breaker, load balancing, upstream TLS, per-subset and
 * per-port overrides). A backend turns it into the service's routing objects (for Istio one
 * VirtualService and one DestinationRule). Start from {@link PolicyBuilder#forService(String)}.
 *
 * <pre>{@code
 * TrafficPolicy reviews = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
 *     .subset("v1", Map.of("version", "v1"))
 *     .subset("v3", Map.of("version", "v3"))
 *     .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v3")
 *         .fault(f -> f.delay(Duration.ofSeconds(7), 100)))
 *     .route(r -> r.toSubset("v1", 50).toSubset("v3", 50).timeout(Duration.ofSeconds(10)))
 *     .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
 *     .loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.LEAST_REQUEST))
 *     .build();
 * }</pre>
 *
 * <p>{@code build()} checks every rule at once, as strictly as Istio does, and throws one {@link
 * io.meshsdk.PolicyValidationException} naming each offending field: weights that do not add up
 * to 100, routes to undeclared subsets, durations under 1ms or longer than Istio accepts, header
 * values with control characters, regular expressions that do not
 * compile, ports out of range, a route that both forwards and redirects, unreachable routes and
 * so on.
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

  /**
   * The name of the VirtualService the policy's routes go to, when it is not the policy's name:
   * set it to keep the name of a VirtualService the policy adopts.
   *
   * @return a DNS-1123 subdomain name; empty for the policy's name
   * @since 0.2.0
   */
  public abstract Optional<String> virtualServiceName();

  /**
   * The name of the DestinationRule the policy's destination settings go to, when it is not the
   * policy's name: set it to keep the name of a DestinationRule the policy adopts.
   *
   * @return a DNS-1123 subdomain name; empty for the policy's name
   * @since 0.2.0
   */
  public abstract Optional<String> destinationRuleName();

  /**
   * Whether a host names the policy's own service, however it is written: a Kubernetes service
   * {@code reviews} in namespace {@code bookinfo} is {@code reviews}, {@code reviews.bookinfo},
   * {@code reviews.bookinfo.svc} and {@code reviews.bookinfo.svc.cluster.local} (or the FQDN under
   * another cluster domain) alike. Routes to such a host reach the subsets this policy declares.
   * Wildcard hosts match only when written the same way.
   *
   * <pre>{@code
   * policy.isOwnService("reviews.bookinfo.svc.cluster.local")   // true for forService("reviews").inNamespace("bookinfo")
   * }</pre>
   *
   * @param otherHost a host as a route or mirror names it
   * @return {@code true} when it denotes the service this policy is about
   * @since 0.2.0
   */
  public final boolean isOwnService(String otherHost) {
    if (otherHost.equals(host())) {
      return true;
    }
    if (otherHost.contains("*") || host().contains("*")) {
      return false;
    }
    String own = serviceOf(host(), namespace());
    return own != null && own.equals(serviceOf(otherHost, namespace()));
  }

  /**
   * The {@code name.namespace} of the Kubernetes service a host names, or {@code null} for a host
   * outside the cluster's service domain.
   */
  private static String serviceOf(String host, String namespace) {
    String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] labels = bare.split("\\.", -1);
    if (labels.length == 1) {
      return labels[0] + "." + namespace;
    }
    if (labels.length == 2 || (labels.length >= 3 && labels[2].equals("svc"))) {
      return labels[0] + "." + labels[1];
    }
    return null;
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

  /**
   * The TCP routes, tried in order.
   *
   * @return the routes
   */
  public abstract List<TcpRoute> tcpRoutes();

  /**
   * The TLS (SNI passthrough) routes, tried in order.
   *
   * @return the routes
   */
  public abstract List<TlsRoute> tlsRoutes();

  /**
   * How requests are spread over the service's endpoints.
   *
   * @return the load-balancer settings
   */
  public abstract Optional<LoadBalancer> loadBalancer();

  /**
   * How callers speak TLS to the service.
   *
   * @return the upstream TLS settings
   */
  public abstract Optional<UpstreamTls> tls();

  /**
   * Settings for single ports of the service.
   *
   * @return the overrides, in order
   */
  public abstract List<PortOverride> portOverrides();

  /**
   * Whether the policy says anything about how callers connect (subsets, circuit breaker, load
   * balancing, TLS, port overrides), as opposed to only routing.
   *
   * @return {@code true} when any destination setting is made
   */
  @JsonIgnore
  public final boolean hasDestinationSettings() {
    return !subsets().isEmpty() || circuitBreaker().isPresent() || loadBalancer().isPresent() || tls().isPresent()
        || !portOverrides().isEmpty();
  }

  /**
   * Whether the policy routes any traffic (HTTP, TCP or TLS).
   *
   * @return {@code true} when any route is declared
   */
  @JsonIgnore
  public final boolean hasRoutes() {
    return !routes().isEmpty() || !tcpRoutes().isEmpty() || !tlsRoutes().isEmpty();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    new TrafficPolicyRules(this, v).check();
    virtualServiceName().ifPresent(n -> v.dnsSubdomain("virtualServiceName", n));
    destinationRuleName().ifPresent(n -> v.dnsSubdomain("destinationRuleName", n));
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Builds a {@link TrafficPolicy}; see {@link PolicyBuilder}. */
  public static final class Builder extends ImmutableTrafficPolicy.Builder {
    Builder() {}

    /**
     * Declares a subset of the service's workloads: {@code subset("v2", Map.of("version", "v2"))}.
     *
     * @param name the subset's name, for example {@code v2}
     * @param labels the pod labels selecting it
     * @return this builder
     */
    public Builder subset(String name, Map<String, String> labels) {
      return addSubset(Subset.of(name, labels));
    }

    /**
     * Declares a subset with resilience settings of its own: {@code subset("v2", Map.of("version",
     * "v2"), s -> s.circuitBreaker(cb -> cb.maxConnections(10)))}.
     *
     * @param name the subset's name
     * @param labels the pod labels selecting it
     * @param settings configures the subset's settings
     * @return this builder
     */
    public Builder subset(String name, Map<String, String> labels, Consumer<Subset.Builder> settings) {
      Subset.Builder builder = Subset.builder();
      builder.name(name).labels(labels);
      settings.accept(builder);
      return addSubset(builder.build());
    }

    /**
     * Appends a TCP route: {@code tcpRoute(t -> t.whenPort(31400).toSubset("v1", 80).toSubset("v2", 20))}.
     *
     * @param route configures the route
     * @return this builder
     */
    public Builder tcpRoute(Consumer<TcpRoute.Builder> route) {
      TcpRoute.Builder builder = TcpRoute.builder();
      route.accept(builder);
      return addTcpRoute(builder.build());
    }

    /**
     * Appends a TLS route: {@code tlsRoute(t -> t.whenSni("api.example.com").toHost("api.example.com", 443))}.
     *
     * @param route configures the route
     * @return this builder
     */
    public Builder tlsRoute(Consumer<TlsRoute.Builder> route) {
      TlsRoute.Builder builder = TlsRoute.builder();
      route.accept(builder);
      return addTlsRoute(builder.build());
    }

    /**
     * Sets load balancing: {@code loadBalancer(lb -> lb.hashHeader("x-user"))}.
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
     * Sets upstream TLS: {@code tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL))}.
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
     * Adds settings for one port: {@code portOverride(9080, p -> p.circuitBreaker(cb -> cb.maxConnections(10)))}.
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

    /**
     * Appends an HTTP route; routes are tried in the order they are added: {@code route(r ->
     * r.whenUriPrefix("/api").toSubset("v2"))}.
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
     * Sets the circuit breaker: {@code circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))}.
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
     * Names the policy explicitly instead of after its host: {@code named("reviews-canary")}.
     * Needed for a wildcard host.
     *
     * @param name a DNS-1123 label
     * @return this builder
     */
    public Builder named(String name) {
      return name(name);
    }
  }
}
