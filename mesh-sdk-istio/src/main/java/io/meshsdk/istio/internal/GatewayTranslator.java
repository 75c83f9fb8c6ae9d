package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRouteBuilder;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.GatewayRoute;
import io.meshsdk.policy.GatewayServer;
import io.meshsdk.policy.GatewayTlsMode;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates a {@link GatewayPolicy} into a Gateway and, when it has routes, a VirtualService
 * bound to it, both named after the policy in its namespace. The VirtualService serves every
 * host of the gateway; short destination names are qualified in the policy's namespace.
 */
final class GatewayTranslator {
  private final GatewayPolicy policy;
  private final TranslationContext context;

  GatewayTranslator(GatewayPolicy policy, TranslationContext context) {
    this.policy = policy;
    this.context = context;
  }

  List<MeshResource> translate() {
    List<MeshResource> out = new ArrayList<>(2);
    out.add(IstioJson.toResource(new GatewayBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(new LinkedHashMap<>(new TreeMap<>(policy.selector())))
        .withServers(policy.servers().stream().map(GatewayTranslator::server).toList())
        .endSpec()
        .build()));
    if (!policy.routes().isEmpty()) {
      out.add(IstioJson.toResource(virtualService()));
    }
    return out;
  }

  private static Server server(GatewayServer server) {
    ServerTLSSettings tls = null;
    if (server.httpsRedirect()) {
      tls = new ServerTLSSettingsBuilder().withHttpsRedirect(true).build();
    } else if (server.tlsMode().isPresent()) {
      tls = new ServerTLSSettingsBuilder()
          .withMode(ServerTLSSettingsTLSmode.valueOf(server.tlsMode().get().name()))
          .withCredentialName(server.credentialName().orElse(null))
          .build();
    }
    return new ServerBuilder()
        .withPort(new PortBuilder().withNumber((long) server.port()).withName(server.portName())
            .withProtocol(server.protocol().name()).build())
        .withHosts(server.hosts())
        .withTls(tls)
        .build();
  }

  private io.fabric8.istio.api.networking.v1.VirtualService virtualService() {
    List<HTTPRoute> http = new ArrayList<>();
    List<TLSRoute> tls = new ArrayList<>();
    List<Integer> passthroughPorts = policy.servers().stream()
        .filter(s -> s.tlsMode().orElse(null) == GatewayTlsMode.PASSTHROUGH)
        .map(GatewayServer::port).distinct().toList();
    for (GatewayRoute route : policy.routes()) {
      if (route.passthrough()) {
        tls.add(new TLSRouteBuilder()
            .withMatch(new TLSMatchAttributesBuilder()
                .withSniHosts(route.hosts())
                .withPort(passthroughPorts.size() == 1 ? (long) passthroughPorts.get(0) : null)
                .build())
            .withRoute(new RouteDestinationBuilder().withDestination(destination(route)).build())
            .build());
      } else {
        http.add(httpRoute(route));
      }
    }
    return new VirtualServiceBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withHosts(new ArrayList<>(policy.serverHosts()))
        .withGateways(policy.namespace() + "/" + policy.name())
        .withHttp(http)
        .withTls(tls)
        .endSpec()
        .build();
  }

  private HTTPRoute httpRoute(GatewayRoute route) {
    Map<String, StringMatch> headers = new LinkedHashMap<>();
    route.headers().forEach((name, match) -> headers.put(name, stringMatch(match)));
    List<HTTPMatchRequest> matches = new ArrayList<>();
    if (route.uris().isEmpty() && !headers.isEmpty()) {
      matches.add(new HTTPMatchRequestBuilder().withHeaders(headers).build());
    }
    for (io.meshsdk.policy.StringMatch uri : route.uris()) {
      matches.add(new HTTPMatchRequestBuilder().withUri(stringMatch(uri)).withHeaders(headers).build());
    }
    return new HTTPRouteBuilder()
        .withName(route.name().orElse(null))
        .withMatch(matches)
        .withRoute(new HTTPRouteDestinationBuilder().withDestination(destination(route)).build())
        .withTimeout(route.timeout().map(IstioDurations::format).orElse(null))
        .build();
  }

  private io.fabric8.istio.api.api.networking.v1alpha3.Destination destination(GatewayRoute route) {
    return new DestinationBuilder()
        .withHost(Hosts.qualify(route.destination().orElseThrow(), policy.namespace(), context))
        .withSubset(route.subset().orElse(null))
        .withPort(route.port().map(p -> new PortSelector(p.longValue())).orElse(null))
        .build();
  }

  static StringMatch stringMatch(io.meshsdk.policy.StringMatch match) {
    return new StringMatch(switch (match.type()) {
      case EXACT -> new StringMatchExact(match.value());
      case PREFIX -> new StringMatchPrefix(match.value());
      case REGEX -> new StringMatchRegex(match.value());
    });
  }
}
