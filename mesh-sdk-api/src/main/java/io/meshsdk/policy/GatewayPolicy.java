package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.immutables.value.Value;

/**
 * An ingress gateway: the ports, hosts and TLS settings of the gateway workloads a selector picks,
 * and the routes that take the traffic arriving there to services of the mesh. A backend turns it
 * into the gateway object and one route object bound to it, both named after the policy (for
 * Istio a Gateway and a VirtualService).
 *
 * <pre>{@code
 * GatewayPolicy bookinfo = PolicyBuilder.gateway("bookinfo-gateway").inNamespace("bookinfo")
 *     .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("bookinfo.example.com")
 *                   .tls(GatewayTlsMode.SIMPLE, "bookinfo-credential"))
 *     .server(s -> s.port(80).hosts("bookinfo.example.com").httpsRedirect(true))
 *     .route(r -> r.uriExact("/productpage").uriPrefix("/static").to("productpage", 9080))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(GatewayPolicy.KIND)
@JsonSerialize(as = ImmutableGatewayPolicy.class)
@JsonDeserialize(as = ImmutableGatewayPolicy.class)
public abstract class GatewayPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "GatewayPolicy";

  GatewayPolicy() {}

  /**
   * Starts a gateway; {@link PolicyBuilder#gateway(String)} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String name();

  @Override
  public abstract String namespace();

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.GATEWAY_POLICY;
  }

  /**
   * The labels of the gateway workloads that serve this gateway.
   *
   * @return the selector; {@code istio: ingressgateway} unless set
   */
  @Value.Default
  public Map<String, String> selector() {
    return Map.of("istio", "ingressgateway");
  }

  /**
   * The listeners.
   *
   * @return the servers, in order
   */
  public abstract List<GatewayServer> servers();

  /**
   * The routes to services, tried in order.
   *
   * @return the routes
   */
  public abstract List<GatewayRoute> routes();

  /**
   * Every host the gateway's servers serve, without namespace prefixes, in order.
   *
   * @return the hosts
   */
  @JsonIgnore
  public final Set<String> serverHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    for (GatewayServer server : servers()) {
      for (String host : server.hosts()) {
        hosts.add(host.contains("/") ? host.substring(host.indexOf('/') + 1) : host);
      }
    }
    return hosts;
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    if (selector().isEmpty()) {
      v.add("selector", "must select the gateway workloads by at least one label");
    }
    MeshRules.selector(v, "selector", selector());
    if (servers().isEmpty()) {
      v.add("servers", "must declare at least one server");
    }
    Map<Integer, Integer> portOwners = new HashMap<>();
    Set<String> portNames = new HashSet<>();
    boolean anyPassthrough = false;
    boolean anyHttp = false;
    for (int i = 0; i < servers().size(); i++) {
      GatewayServer server = servers().get(i);
      String path = "servers[" + i + "]";
      checkServer(v, path, server);
      Integer earlier = portOwners.putIfAbsent(server.port(), i);
      if (earlier != null && servers().get(earlier).protocol() != server.protocol()) {
        v.add(path + ".port", "repeats port " + server.port() + " of servers[" + earlier + "] with another protocol");
      }
      if (!portNames.add(server.portName())) {
        v.add(path + ".portName", "repeats port name " + Violations.quote(server.portName()));
      }
      anyPassthrough |= server.tlsMode().orElse(null) == GatewayTlsMode.PASSTHROUGH;
      anyHttp |= server.protocol().isHttp() && server.tlsMode().orElse(null) != GatewayTlsMode.PASSTHROUGH;
    }
    Set<String> hosts = serverHosts();
    for (int i = 0; i < routes().size(); i++) {
      checkRoute(v, "routes[" + i + "]", routes().get(i), hosts, anyHttp, anyPassthrough);
    }
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  private static void checkServer(Violations v, String path, GatewayServer server) {
    MeshRules.port(v, path + ".port", server.port());
    MeshRules.portName(v, path + ".portName", server.portName());
    if (server.hosts().isEmpty()) {
      v.add(path + ".hosts", "must name at least one host");
    }
    for (int h = 0; h < server.hosts().size(); h++) {
      String host = server.hosts().get(h);
      String field = path + ".hosts[" + h + "]";
      int slash = host.indexOf('/');
      if (slash >= 0) {
        String ns = host.substring(0, slash);
        if (!ns.equals(".") && !ns.equals("*")) {
          v.dnsLabel(field, ns);
        }
        host = host.substring(slash + 1);
      }
      MeshRules.host(v, field, host, true);
    }
    GatewayTlsMode mode = server.tlsMode().orElse(null);
    PortProtocol protocol = server.protocol();
    if ((protocol == PortProtocol.HTTPS || protocol == PortProtocol.TLS) && mode == null) {
      v.add(path + ".tlsMode", "must be set for a " + protocol + " server");
    }
    if (mode != null && protocol != PortProtocol.HTTPS && protocol != PortProtocol.TLS) {
      v.add(path + ".tlsMode", "applies only to HTTPS and TLS servers, but the protocol is " + protocol);
    }
    if (mode == GatewayTlsMode.PASSTHROUGH && protocol != PortProtocol.TLS) {
      v.add(path + ".protocol", "must be TLS for a PASSTHROUGH server, which routes by SNI, but was " + protocol);
    }
    boolean terminates = mode == GatewayTlsMode.SIMPLE || mode == GatewayTlsMode.MUTUAL;
    if (terminates && server.credentialName().isEmpty()) {
      v.add(path + ".credentialName", "must name the Secret with the server certificate for TLS mode " + mode);
    }
    if (!terminates && server.credentialName().isPresent()) {
      v.add(path + ".credentialName", "applies only to SIMPLE and MUTUAL TLS, but the TLS mode is "
          + (mode == null ? "unset" : mode));
    }
    server.credentialName().ifPresent(c -> {
      if (terminates) {
        v.dnsSubdomain(path + ".credentialName", c);
      }
    });
    if (server.httpsRedirect() && protocol != PortProtocol.HTTP) {
      v.add(path + ".httpsRedirect", "applies only to HTTP servers, but the protocol is " + protocol);
    }
  }

  private static void checkRoute(Violations v, String path, GatewayRoute route, Set<String> hosts,
      boolean anyHttp, boolean anyPassthrough) {
    route.name().ifPresent(n -> {
      if (n.isBlank()) {
        v.add(path + ".name", "must not be blank");
      }
    });
    if (route.destination().isEmpty()) {
      v.add(path + ".destination", "must name the service to send to");
    } else {
      MeshRules.host(v, path + ".destination", route.destination().get(), false);
    }
    route.port().ifPresent(p -> MeshRules.port(v, path + ".port", p));
    route.subset().ifPresent(s -> v.dnsLabel(path + ".subset", s));
    for (int h = 0; h < route.hosts().size(); h++) {
      String host = route.hosts().get(h);
      if (!covered(host, hosts)) {
        v.add(path + ".hosts[" + h + "]", "must be one of the gateway's hosts " + hosts + ", but was " + Violations.quote(host));
      }
    }
    if (route.passthrough()) {
      if (!anyPassthrough) {
        v.add(path + ".passthrough", "needs a server with TLS mode PASSTHROUGH");
      }
      if (route.hosts().isEmpty()) {
        v.add(path + ".hosts", "must name the SNI hosts of a passthrough route");
      }
      if (!route.uris().isEmpty() || !route.headers().isEmpty() || route.timeout().isPresent()) {
        v.add(path, "is a passthrough route, which sees no URI, header or timeout; leave them out");
      }
      if (route.port().isEmpty()) {
        v.add(path + ".port", "must be set for a passthrough route");
      }
    } else {
      if (!anyHttp) {
        v.add(path, "is an HTTP route, but the gateway has no server that terminates HTTP");
      }
      if (!route.hosts().isEmpty()) {
        v.add(path + ".hosts", "apply to passthrough routes only; an HTTP route serves every host of the gateway");
      }
    }
    for (int u = 0; u < route.uris().size(); u++) {
      checkMatch(v, path + ".uris[" + u + "]", route.uris().get(u));
    }
    route.headers().forEach((name, match) -> {
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        v.add(path + ".headers." + name, "header names must be lower case, but was " + Violations.quote(name));
      }
      MeshRules.headerName(v, path + ".headers." + name, name);
      checkMatch(v, path + ".headers." + name, match);
    });
    route.timeout().ifPresent(t -> v.duration(path + ".timeout", t));
  }

  private static boolean covered(String host, Set<String> hosts) {
    for (String served : hosts) {
      if (served.equals("*") || served.equals(host)
          || (served.startsWith("*.") && host.endsWith(served.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  private static void checkMatch(Violations v, String field, StringMatch match) {
    MeshRules.headerValue(v, field, match.value());
    if (match.type() == StringMatch.Type.REGEX) {
      try {
        Pattern.compile(match.value());
      } catch (PatternSyntaxException e) {
        v.add(field, "is not a valid regular expression: " + e.getDescription());
      }
    } else if (match.value().isEmpty()) {
      v.add(field, "must not be empty");
    }
  }

  /** Builds a {@link GatewayPolicy}; see {@link PolicyBuilder#gateway(String)}. */
  public static final class Builder extends ImmutableGatewayPolicy.Builder {
    Builder() {}

    /**
     * Adds a listener.
     *
     * <pre>{@code
     * .server(s -> s.port(80).hosts("bookinfo.example.com"))
     * }</pre>
     *
     * @param server configures the server
     * @return this builder
     */
    public Builder server(Consumer<GatewayServer.Builder> server) {
      GatewayServer.Builder builder = GatewayServer.builder();
      server.accept(builder);
      return addServer(builder.build());
    }

    /**
     * Appends a route; routes are tried in the order they are added.
     *
     * <pre>{@code
     * .route(r -> r.uriPrefix("/api/v1/products").to("productpage", 9080))
     * }</pre>
     *
     * @param route configures the route
     * @return this builder
     */
    public Builder route(Consumer<GatewayRoute.Builder> route) {
      GatewayRoute.Builder builder = GatewayRoute.builder();
      route.accept(builder);
      return addRoute(builder.build());
    }

    /**
     * Serves the gateway with other gateway workloads than {@code istio: ingressgateway}.
     *
     * <pre>{@code
     * .onWorkloads(Map.of("istio", "internal-gateway"))
     * }</pre>
     *
     * @param labels the gateway workloads' labels
     * @return this builder
     */
    public Builder onWorkloads(Map<String, String> labels) {
      return selector(labels);
    }
  }
}
