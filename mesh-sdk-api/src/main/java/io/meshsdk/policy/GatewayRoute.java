package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A route of a {@link GatewayPolicy}: requests (or, for PASSTHROUGH servers, TLS connections by
 * server name) arriving at the gateway for some hosts, sent to one service in the mesh. Routes
 * are tried in order.
 *
 * <pre>{@code
 * route(r -> r.uriExact("/productpage").uriPrefix("/static").to("productpage", 9080))
 * route(r -> r.passthrough().hosts("nginx.example.com").to("my-nginx", 443))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGatewayRoute.class)
@JsonDeserialize(as = ImmutableGatewayRoute.class)
public abstract class GatewayRoute {

  GatewayRoute() {}

  /**
   * Starts a route.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The route's name, shown in Envoy's statistics.
   *
   * @return the name
   */
  public abstract Optional<String> name();

  /**
   * Whether the route is for TLS connections passed through by SNI rather than HTTP requests.
   *
   * @return {@code true} for a passthrough route
   */
  @Value.Default
  public boolean passthrough() {
    return false;
  }

  /**
   * The SNI hosts of a passthrough route, each one of the gateway's hosts. HTTP routes leave it
   * empty: they serve every host of the gateway.
   *
   * @return the hosts
   */
  public abstract List<String> hosts();

  /**
   * Path conditions of an HTTP route, of which any one must hold; none matches every path.
   *
   * @return the URI matches
   */
  public abstract List<StringMatch> uris();

  /**
   * Header conditions of an HTTP route, all of which must hold, by lower-case name.
   *
   * @return the header matches
   */
  public abstract Map<String, StringMatch> headers();

  /**
   * The service the route sends to: a short name in the gateway's namespace or a fully qualified
   * name.
   *
   * @return the destination host
   */
  public abstract Optional<String> destination();

  /**
   * The destination's port, needed when it exposes several.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * A subset of the destination, declared by its traffic policy.
   *
   * @return the subset
   */
  public abstract Optional<String> subset();

  /**
   * How long a request may take, for HTTP routes.
   *
   * @return the timeout
   */
  public abstract Optional<Duration> timeout();

  /** Builds a {@link GatewayRoute}. */
  public static final class Builder extends ImmutableGatewayRoute.Builder {
    Builder() {}

    /**
     * Makes this a TLS passthrough route, matched by SNI.
     *
     * <pre>{@code
     * r.passthrough().hosts("nginx.example.com").to("my-nginx", 443)
     * }</pre>
     *
     * @return this builder
     */
    public Builder passthrough() {
      return passthrough(true);
    }

    /**
     * Sets the hosts, replacing earlier ones.
     *
     * <pre>{@code
     * r.hosts("bookinfo.example.com")
     * }</pre>
     *
     * @param hosts the hosts
     * @return this builder
     */
    public Builder hosts(String... hosts) {
      return hosts(List.of(hosts));
    }

    /**
     * Adds the alternative that the path equals a value.
     *
     * <pre>{@code
     * r.uriExact("/login")
     * }</pre>
     *
     * @param path the path
     * @return this builder
     */
    public Builder uriExact(String path) {
      return addUri(StringMatch.exact(path));
    }

    /**
     * Adds the alternative that the path starts with a prefix.
     *
     * <pre>{@code
     * r.uriPrefix("/static")
     * }</pre>
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder uriPrefix(String prefix) {
      return addUri(StringMatch.prefix(prefix));
    }

    /**
     * Adds the condition that a header equals a value.
     *
     * <pre>{@code
     * r.headerExact("x-tenant", "acme")
     * }</pre>
     *
     * @param name the header's lower-case name
     * @param value the value
     * @return this builder
     */
    public Builder headerExact(String name, String value) {
      return putHeader(name, StringMatch.exact(value));
    }

    /**
     * Sends to a service's only port.
     *
     * <pre>{@code
     * r.to("productpage")
     * }</pre>
     *
     * @param host the service
     * @return this builder
     */
    public Builder to(String host) {
      return destination(host);
    }

    /**
     * Sends to a service's port.
     *
     * <pre>{@code
     * r.to("productpage", 9080)
     * }</pre>
     *
     * @param host the service
     * @param port its port
     * @return this builder
     */
    public Builder to(String host, int port) {
      return destination(host).port(port);
    }
  }
}
