package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePortBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.SubsetBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntryBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadSelector;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.istio.api.networking.v1.ServiceEntryBuilder;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.meshsdk.policy.EgressGateway;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.PortProtocol;
import io.meshsdk.policy.ServiceEndpoint;
import io.meshsdk.policy.ServicePort;
import io.meshsdk.policy.TlsOrigination;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates an {@link ExternalService} as Istio's egress tasks do: a ServiceEntry named after
 * the policy; for TLS origination a DestinationRule of the same name with SIMPLE (or MUTUAL) TLS
 * and the SNI on the originating port; for an egress gateway a Gateway {@code <name>-egress}, a
 * DestinationRule {@code <name>-egress-gateway} with a subset for this service, and a
 * VirtualService {@code <name>-egress} that sends the mesh's traffic to the gateway and the
 * gateway's traffic to the service.
 */
final class ExternalServiceTranslator {
  private final ExternalService service;

  ExternalServiceTranslator(ExternalService service) {
    this.service = service;
  }

  List<MeshResource> translate() {
    List<MeshResource> out = new ArrayList<>();
    out.add(IstioJson.toResource(serviceEntry()));
    service.egressGateway().ifPresent(g -> out.add(IstioJson.toResource(egressGatewayServer(g))));
    service.tlsOrigination().ifPresent(t -> out.add(IstioJson.toResource(tlsOrigination(t))));
    service.egressGateway().ifPresent(g -> {
      out.add(IstioJson.toResource(egressGatewaySubset(g)));
      out.add(IstioJson.toResource(egressRoutes(g)));
    });
    return out;
  }

  private io.fabric8.istio.api.networking.v1.ServiceEntry serviceEntry() {
    return new ServiceEntryBuilder()
        .withNewMetadata().withName(service.name()).withNamespace(service.namespace()).endMetadata()
        .withNewSpec()
        .withHosts(service.hosts())
        .withAddresses(service.addresses())
        .withPorts(service.ports().stream().map(ExternalServiceTranslator::port).toList())
        .withLocation(ServiceEntryLocation.valueOf(service.location().name()))
        .withResolution(ServiceEntryResolution.valueOf(service.resolution().name()))
        .withEndpoints(service.endpoints().stream().map(ExternalServiceTranslator::endpoint).toList())
        .withWorkloadSelector(service.workloadSelector().isEmpty() ? null
            : new WorkloadSelector(new LinkedHashMap<>(new TreeMap<>(service.workloadSelector()))))
        .endSpec()
        .build();
  }

  private static io.fabric8.istio.api.api.networking.v1alpha3.ServicePort port(ServicePort port) {
    return new ServicePortBuilder()
        .withNumber((long) port.number())
        .withName(port.name())
        .withProtocol(port.protocol().name())
        .withTargetPort(port.targetPort().map(Integer::longValue).orElse(null))
        .build();
  }

  private static WorkloadEntry endpoint(ServiceEndpoint endpoint) {
    Map<String, Long> ports = new LinkedHashMap<>();
    new TreeMap<>(endpoint.ports()).forEach((name, port) -> ports.put(name, port.longValue()));
    return new WorkloadEntryBuilder()
        .withAddress(endpoint.address())
        .withPorts(ports)
        .withLabels(new LinkedHashMap<>(new TreeMap<>(endpoint.labels())))
        .withNetwork(endpoint.network().orElse(null))
        .withLocality(endpoint.locality().orElse(null))
        .withWeight(endpoint.weight().map(Integer::longValue).orElse(null))
        .build();
  }

  private io.fabric8.istio.api.networking.v1.DestinationRule tlsOrigination(TlsOrigination tls) {
    String host = service.hosts().get(0);
    return new DestinationRuleBuilder()
        .withNewMetadata().withName(service.name()).withNamespace(service.namespace()).endMetadata()
        .withNewSpec()
        .withHost(host)
        .withTrafficPolicy(new TrafficPolicyBuilder()
            .withPortLevelSettings(new TrafficPolicyPortTrafficPolicyBuilder()
                .withPort(new PortSelector((long) tls.port()))
                .withTls(new ClientTLSSettingsBuilder()
                    .withMode(tls.credentialName().isPresent() ? ClientTLSSettingsTLSmode.MUTUAL
                        : ClientTLSSettingsTLSmode.SIMPLE)
                    .withCredentialName(tls.credentialName().orElse(null))
                    .withSni(tls.sni().orElse(host))
                    .build())
                .build())
            .build())
        .endSpec()
        .build();
  }

  private String gatewayName() {
    return service.name() + "-egress";
  }

  private io.fabric8.istio.api.networking.v1.Gateway egressGatewayServer(EgressGateway gateway) {
    List<Server> servers = new ArrayList<>();
    for (ServicePort port : service.ports()) {
      boolean http = port.protocol() == PortProtocol.HTTP || port.protocol() == PortProtocol.HTTP2
          || port.protocol() == PortProtocol.GRPC;
      servers.add(new ServerBuilder()
          .withPort(new PortBuilder().withNumber((long) port.number()).withName(port.name())
              .withProtocol(http ? port.protocol().name() : PortProtocol.TLS.name()).build())
          .withHosts(service.hosts())
          .withTls(http ? null : new ServerTLSSettingsBuilder().withMode(ServerTLSSettingsTLSmode.PASSTHROUGH).build())
          .build());
    }
    return new GatewayBuilder()
        .withNewMetadata().withName(gatewayName()).withNamespace(service.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(new LinkedHashMap<>(new TreeMap<>(gateway.selector())))
        .withServers(servers)
        .endSpec()
        .build();
  }

  private io.fabric8.istio.api.networking.v1.DestinationRule egressGatewaySubset(EgressGateway gateway) {
    return new DestinationRuleBuilder()
        .withNewMetadata().withName(service.name() + "-egress-gateway").withNamespace(service.namespace()).endMetadata()
        .withNewSpec()
        .withHost(gateway.service())
        .withSubsets(new SubsetBuilder().withName(service.name()).build())
        .endSpec()
        .build();
  }

  private io.fabric8.istio.api.networking.v1.VirtualService egressRoutes(EgressGateway gateway) {
    String gatewayRef = service.namespace() + "/" + gatewayName();
    String host = service.hosts().get(0);
    List<HTTPRoute> http = new ArrayList<>();
    List<TLSRoute> tls = new ArrayList<>();
    for (ServicePort port : service.ports()) {
      long number = port.number();
      Destination toGateway = new DestinationBuilder().withHost(gateway.service()).withSubset(service.name())
          .withPort(new PortSelector(number)).build();
      Destination toService = new DestinationBuilder().withHost(host).withPort(new PortSelector(number)).build();
      if (port.protocol() == PortProtocol.HTTPS || port.protocol() == PortProtocol.TLS) {
        tls.add(tlsRoute("mesh", number, toGateway));
        tls.add(tlsRoute(gatewayRef, number, toService));
      } else {
        http.add(httpRoute("mesh", number, toGateway));
        http.add(httpRoute(gatewayRef, number, toService));
      }
    }
    return new VirtualServiceBuilder()
        .withNewMetadata().withName(gatewayName()).withNamespace(service.namespace()).endMetadata()
        .withNewSpec()
        .withHosts(service.hosts())
        .withGateways(gatewayRef, "mesh")
        .withHttp(http)
        .withTls(tls)
        .endSpec()
        .build();
  }

  private static HTTPRoute httpRoute(String gateway, long port, Destination destination) {
    return new HTTPRouteBuilder()
        .withMatch(new HTTPMatchRequestBuilder().withGateways(gateway).withPort(port).build())
        .withRoute(new HTTPRouteDestinationBuilder().withDestination(destination).build())
        .build();
  }

  private TLSRoute tlsRoute(String gateway, long port, Destination destination) {
    return new TLSRouteBuilder()
        .withMatch(new TLSMatchAttributesBuilder().withGateways(gateway).withPort(port)
            .withSniHosts(service.hosts()).build())
        .withRoute(new RouteDestinationBuilder().withDestination(destination).build())
        .build();
  }
}
