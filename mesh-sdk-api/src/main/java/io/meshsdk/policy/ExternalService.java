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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * A service outside the cluster made known to the mesh: its hosts, ports and endpoints, how its
 * addresses are resolved, and optionally TLS originated to it and a route out through an egress
 * gateway. A backend turns it into the registry entry (for Istio a ServiceEntry), a
 * DestinationRule for TLS origination, and for the egress gateway a Gateway, a DestinationRule
 * and a VirtualService, as in Istio's egress tasks.
 *
 * <pre>{@code
 * ExternalService cnn = PolicyBuilder.externalService("edition.cnn.com").inNamespace("bookinfo")
 *     .port(80, PortProtocol.HTTP, 443)
 *     .port(443, PortProtocol.HTTPS)
 *     .originateTls(t -> t.port(80))
 *     .build();
 * }</pre>
 *
 * <p>For another registry's instances (a microservice platform bringing its services into the
 * mesh) use {@link ServiceLocation#MESH_INTERNAL} with {@link #workloadSelector()} over
 * {@link ExternalWorkload}s, or with static endpoints.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(ExternalService.KIND)
@JsonSerialize(as = ImmutableExternalService.class)
@JsonDeserialize(as = ImmutableExternalService.class)
public abstract class ExternalService implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "ExternalService";

  ExternalService() {}

  /**
   * Starts an external service; {@link PolicyBuilder#externalService(String)} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String namespace();

  /**
   * The policy's name: the first host with dots as dashes ({@code edition-cnn-com}) unless set.
   *
   * @return a DNS-1123 label
   */
  @Override
  @Value.Default
  public String name() {
    String first = hosts().isEmpty() ? "" : hosts().get(0).replace("*.", "wildcard.");
    String name = first.toLowerCase(Locale.ROOT).replace('.', '-');
    return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
  }

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.EXTERNAL_SERVICE;
  }

  /**
   * The host names clients use.
   *
   * @return the hosts, the first one given to the builder first
   */
  public abstract List<String> hosts();

  /**
   * Virtual IPs or CIDR blocks of the service, for TCP services without host names.
   *
   * @return the addresses
   */
  public abstract List<String> addresses();

  /**
   * The service's ports.
   *
   * @return the ports
   */
  public abstract List<ServicePort> ports();

  /**
   * How the endpoints' addresses are found.
   *
   * @return the resolution; DNS unless set
   */
  @Value.Default
  public ServiceResolution resolution() {
    return ServiceResolution.DNS;
  }

  /**
   * Whether the service is outside or part of the mesh.
   *
   * @return the location; MESH_EXTERNAL unless set
   */
  @Value.Default
  public ServiceLocation location() {
    return ServiceLocation.MESH_EXTERNAL;
  }

  /**
   * Fixed endpoints; with DNS resolution and none, the hosts themselves are resolved.
   *
   * @return the endpoints
   */
  public abstract List<ServiceEndpoint> endpoints();

  /**
   * Labels of the {@link ExternalWorkload}s (and pods) that back the service, instead of
   * endpoints.
   *
   * @return the selector
   */
  public abstract Map<String, String> workloadSelector();

  /**
   * TLS originated by the mesh to the service.
   *
   * @return the TLS origination
   */
  public abstract Optional<TlsOrigination> tlsOrigination();

  /**
   * The egress gateway all traffic to the service goes through.
   *
   * @return the egress gateway
   */
  public abstract Optional<EgressGateway> egressGateway();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    boolean dns = resolution() == ServiceResolution.DNS || resolution() == ServiceResolution.DNS_ROUND_ROBIN;
    if (hosts().isEmpty()) {
      v.add("hosts", "must name at least one host");
    }
    Set<String> seenHosts = new HashSet<>();
    for (int i = 0; i < hosts().size(); i++) {
      String host = hosts().get(i);
      String field = "hosts[" + i + "]";
      if (host.equals("*")) {
        v.add(field, "must not be \"*\", which would capture every host");
        continue;
      }
      MeshRules.host(v, field, host, true);
      if (!seenHosts.add(host)) {
        v.add(field, "repeats host " + Violations.quote(host));
      }
      if (host.startsWith("*.") && dns && endpoints().isEmpty()) {
        v.add(field, "is a wildcard, which cannot be resolved by DNS; use resolution NONE or give endpoints");
      }
    }
    for (int i = 0; i < addresses().size(); i++) {
      String address = addresses().get(i);
      MeshRules.ipBlock(v, "addresses[" + i + "]", address);
      if (address.contains("/") && dns) {
        v.add("addresses[" + i + "]", "is a CIDR block, which Istio allows only with resolution NONE or STATIC");
      }
    }
    checkPorts(v);
    checkEndpoints(v, dns);
    tlsOrigination().ifPresent(t -> checkTlsOrigination(v, t));
    egressGateway().ifPresent(g -> checkEgressGateway(v, g));
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  private void checkPorts(Violations v) {
    if (ports().isEmpty()) {
      v.add("ports", "must declare at least one port");
    }
    Map<Integer, Integer> numbers = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports().size(); i++) {
      ServicePort port = ports().get(i);
      String path = "ports[" + i + "]";
      MeshRules.port(v, path + ".number", port.number());
      MeshRules.portName(v, path + ".name", port.name());
      port.targetPort().ifPresent(t -> MeshRules.port(v, path + ".targetPort", t));
      Integer earlier = numbers.putIfAbsent(port.number(), i);
      if (earlier != null) {
        v.add(path + ".number", "repeats port " + port.number() + " of ports[" + earlier + "]");
      }
      if (!names.add(port.name())) {
        v.add(path + ".name", "repeats port name " + Violations.quote(port.name()));
      }
    }
  }

  private void checkEndpoints(Violations v, boolean dns) {
    if (!endpoints().isEmpty() && !workloadSelector().isEmpty()) {
      v.add("workloadSelector", "must not be set together with endpoints; select workloads or list endpoints");
    }
    if (resolution() == ServiceResolution.NONE && !endpoints().isEmpty()) {
      v.add("endpoints", "must be empty with resolution NONE, which uses the original destination");
    }
    if (resolution() == ServiceResolution.STATIC && endpoints().isEmpty() && workloadSelector().isEmpty()) {
      v.add("endpoints", "must list at least one endpoint, or select workloads, with resolution STATIC");
    }
    if (resolution() == ServiceResolution.DNS_ROUND_ROBIN && endpoints().size() > 1) {
      v.add("endpoints", "must hold at most one endpoint with resolution DNS_ROUND_ROBIN, but holds " + endpoints().size());
    }
    if (!workloadSelector().isEmpty() && location() != ServiceLocation.MESH_INTERNAL) {
      v.add("workloadSelector", "applies only to MESH_INTERNAL services, whose workloads are part of the mesh");
    }
    MeshRules.selector(v, "workloadSelector", workloadSelector());
    Set<String> portNames = new HashSet<>();
    ports().forEach(p -> portNames.add(p.name()));
    for (int i = 0; i < endpoints().size(); i++) {
      ServiceEndpoint endpoint = endpoints().get(i);
      String path = "endpoints[" + i + "]";
      String address = endpoint.address();
      if (resolution() == ServiceResolution.STATIC && !MeshRules.isIpAddress(address)) {
        v.add(path + ".address", "must be an IP address with resolution STATIC, but was " + Violations.quote(address));
      } else if (!MeshRules.isIpAddress(address) && !MeshRules.isDnsName(address)) {
        v.add(path + ".address", "must be an IP address or a host name, but was " + Violations.quote(address));
      }
      endpoint.ports().forEach((name, port) -> {
        if (!portNames.contains(name)) {
          v.add(path + ".ports." + name, "names no port of the service; its ports are " + portNames);
        }
        MeshRules.port(v, path + ".ports." + name, port);
      });
      v.labels(path + ".labels", endpoint.labels());
      endpoint.weight().ifPresent(w -> v.range(path + ".weight", w, 1, Integer.MAX_VALUE));
      endpoint.network().ifPresent(n -> v.dnsSubdomain(path + ".network", n));
    }
  }

  private void checkTlsOrigination(Violations v, TlsOrigination tls) {
    Optional<ServicePort> port = ports().stream().filter(p -> p.number() == tls.port()).findFirst();
    if (port.isEmpty()) {
      v.add("tlsOrigination.port", "must be one of the service's ports, but was " + tls.port());
    } else if (port.get().protocol() != PortProtocol.HTTP) {
      v.add("tlsOrigination.port", "must be an HTTP port, whose plain requests the mesh upgrades to TLS,"
          + " but port " + tls.port() + " is " + port.get().protocol());
    }
    tls.sni().ifPresent(sni -> MeshRules.host(v, "tlsOrigination.sni", sni, false));
    if (tls.sni().isEmpty() && !hosts().isEmpty() && hosts().get(0).startsWith("*")) {
      v.add("tlsOrigination.sni", "must be set when the first host is a wildcard");
    }
    tls.credentialName().ifPresent(c -> v.dnsSubdomain("tlsOrigination.credentialName", c));
    if (hosts().size() > 1) {
      v.add("tlsOrigination", "applies to a service with one host, but it has " + hosts().size()
          + "; declare one external service per host");
    }
  }

  private void checkEgressGateway(Violations v, EgressGateway gateway) {
    MeshRules.host(v, "egressGateway.service", gateway.service(), false);
    if (gateway.selector().isEmpty()) {
      v.add("egressGateway.selector", "must select the egress gateway workloads by at least one label");
    }
    MeshRules.selector(v, "egressGateway.selector", gateway.selector());
    if (location() != ServiceLocation.MESH_EXTERNAL) {
      v.add("egressGateway", "applies only to MESH_EXTERNAL services");
    }
    if (hosts().size() > 1) {
      v.add("egressGateway", "applies to a service with one host, but it has " + hosts().size()
          + "; declare one external service per host");
    }
    v.dnsLabel("name", name() + "-egress-gateway");
    for (int i = 0; i < hosts().size(); i++) {
      if (hosts().get(i).startsWith("*")) {
        v.add("hosts[" + i + "]", "is a wildcard, which an egress gateway cannot route to");
      }
    }
    for (int i = 0; i < ports().size(); i++) {
      PortProtocol protocol = ports().get(i).protocol();
      if (protocol == PortProtocol.TCP) {
        v.add("ports[" + i + "].protocol", "is TCP, which the egress gateway cannot route by host;"
            + " use HTTP, HTTPS or TLS");
      }
    }
  }

  /** Builds an {@link ExternalService}; see {@link PolicyBuilder#externalService(String)}. */
  public static final class Builder extends ImmutableExternalService.Builder {
    Builder() {}

    /**
     * Adds a port named after its protocol and number.
     *
     * <pre>{@code
     * .port(443, PortProtocol.HTTPS)
     * }</pre>
     *
     * @param number the port
     * @param protocol its protocol
     * @return this builder
     */
    public Builder port(int number, PortProtocol protocol) {
      return addPort(ServicePort.of(number, protocol));
    }

    /**
     * Adds a port whose traffic goes to another port of the endpoints.
     *
     * <pre>{@code
     * .port(80, PortProtocol.HTTP, 443)     // with originateTls(t -> t.port(80))
     * }</pre>
     *
     * @param number the port clients use
     * @param protocol its protocol
     * @param targetPort the endpoints' port
     * @return this builder
     */
    public Builder port(int number, PortProtocol protocol, int targetPort) {
      return addPort(ServicePort.of(number, protocol, targetPort));
    }

    /**
     * Adds a port with a name of its own, instead of {@code <protocol>-<number>}: {@code
     * port("https-api", 443, PortProtocol.TLS)}. Keeps the port names of an adopted ServiceEntry.
     *
     * @param name the port's name, checked as Istio checks it
     * @param number the port
     * @param protocol its protocol
     * @return this builder
     * @since 0.2.0
     */
    public Builder port(String name, int number, PortProtocol protocol) {
      return addPort(ServicePort.named(name, number, protocol));
    }

    /**
     * Adds an endpoint.
     *
     * <pre>{@code
     * .endpoint(e -> e.address("10.0.12.7").putLabel("version", "v2"))
     * }</pre>
     *
     * @param endpoint configures the endpoint
     * @return this builder
     */
    public Builder endpoint(Consumer<ServiceEndpoint.Builder> endpoint) {
      ServiceEndpoint.Builder builder = ServiceEndpoint.builder();
      endpoint.accept(builder);
      return addEndpoint(builder.build());
    }

    /**
     * Originates TLS to the service on one of its HTTP ports.
     *
     * <pre>{@code
     * .originateTls(t -> t.port(80))
     * }</pre>
     *
     * @param tls configures the origination
     * @return this builder
     */
    public Builder originateTls(Consumer<TlsOrigination.Builder> tls) {
      TlsOrigination.Builder builder = TlsOrigination.builder();
      tls.accept(builder);
      return tlsOrigination(builder.build());
    }

    /**
     * Sends all traffic to the service through Istio's default egress gateway.
     *
     * <pre>{@code
     * .throughEgressGateway()
     * }</pre>
     *
     * @return this builder
     */
    public Builder throughEgressGateway() {
      return egressGateway(EgressGateway.builder().build());
    }

    /**
     * Sends all traffic to the service through an egress gateway.
     *
     * <pre>{@code
     * .throughEgressGateway(g -> g.service("egress.istio-egress.svc.cluster.local"))
     * }</pre>
     *
     * @param gateway configures the gateway
     * @return this builder
     */
    public Builder throughEgressGateway(Consumer<EgressGateway.Builder> gateway) {
      EgressGateway.Builder builder = EgressGateway.builder();
      gateway.accept(builder);
      return egressGateway(builder.build());
    }

    /**
     * Names the policy explicitly instead of after its first host.
     *
     * <pre>{@code
     * .named("cnn")
     * }</pre>
     *
     * @param name a DNS-1123 label
     * @return this builder
     */
    public Builder named(String name) {
      return name(name);
    }
  }
}
