package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.istio.schema.CrdSchemaValidator;
import io.meshsdk.istio.schema.IstioData;
import io.meshsdk.policy.GatewayTlsMode;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PortProtocol;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.TranslationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Istio's documented tasks, each built with the SDK: the objects must say what the task's YAML
 * says, and Istio's CRD schemas must accept them.
 */
@DisplayName("Istio's security, ingress and egress tasks built with the SDK")
class IstioSecurityTasksTest {
  private static final MeshBackend BACKEND = new IstioBackendProvider().create();
  private static CrdSchemaValidator schemas;

  private static synchronized List<MeshResource> translate(Policy policy) {
    IstioData.assumePresent();
    if (schemas == null) {
      schemas = CrdSchemaValidator.load(IstioData.crds());
    }
    List<MeshResource> objects = BACKEND.translate(policy, TranslationContext.of("prod"));
    objects.forEach(o -> schemas.assertValid(o.content()));
    return objects;
  }

  private static JsonNode spec(List<MeshResource> objects, String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow()
        .field("spec").orElseThrow();
  }

  @Nested
  @DisplayName("Secure gateways")
  class SecureGateways {
    @Test
    @DisplayName("terminates TLS with a credential and binds the routes to the gateway")
    void ingressWithTls() {
      List<MeshResource> objects = translate(PolicyBuilder.gateway("mygateway").inNamespace("istio-system")
          .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("httpbin.example.com")
              .tls(GatewayTlsMode.SIMPLE, "httpbin-credential"))
          .route(r -> r.uriPrefix("/status").uriPrefix("/delay").to("httpbin.default.svc.cluster.local", 8000))
          .build());

      assertThat(objects).extracting(MeshResource::kind).containsExactly("Gateway", "VirtualService");
      JsonNode server = spec(objects, "Gateway").at("/servers/0");
      assertThat(server.at("/tls/mode").asText()).isEqualTo("SIMPLE");
      assertThat(server.at("/tls/credentialName").asText()).isEqualTo("httpbin-credential");
      assertThat(server.at("/port/protocol").asText()).isEqualTo("HTTPS");
      JsonNode vs = spec(objects, "VirtualService");
      assertThat(vs.at("/gateways/0").asText()).isEqualTo("istio-system/mygateway");
      assertThat(vs.at("/hosts/0").asText()).isEqualTo("httpbin.example.com");
      assertThat(vs.at("/http/0/match/1/uri/prefix").asText()).isEqualTo("/delay");
      assertThat(vs.at("/http/0/route/0/destination/port/number").asInt()).isEqualTo(8000);
    }

    @Test
    @DisplayName("requires client certificates with MUTUAL TLS")
    void mutualTls() {
      JsonNode tls = spec(translate(PolicyBuilder.gateway("mygateway").inNamespace("istio-system")
          .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("httpbin.example.com")
              .tls(GatewayTlsMode.MUTUAL, "httpbin-credential"))
          .build()), "Gateway").at("/servers/0/tls");

      assertThat(tls.path("mode").asText()).isEqualTo("MUTUAL");
    }
  }

  @Nested
  @DisplayName("Egress")
  class Egress {
    @Test
    @DisplayName("originates TLS for plain HTTP on port 80, sending it to 443 with the host as SNI")
    void tlsOrigination() {
      List<MeshResource> objects = translate(GovernanceScenarios.EGRESS_TLS_ORIGINATION.policy());

      JsonNode entry = spec(objects, "ServiceEntry");
      assertThat(entry.at("/ports/0/targetPort").asInt()).isEqualTo(443);
      assertThat(entry.path("resolution").asText()).isEqualTo("DNS");
      JsonNode setting = spec(objects, "DestinationRule").at("/trafficPolicy/portLevelSettings/0");
      assertThat(setting.at("/port/number").asInt()).isEqualTo(80);
      assertThat(setting.at("/tls/mode").asText()).isEqualTo("SIMPLE");
      assertThat(setting.at("/tls/sni").asText()).isEqualTo("edition.cnn.com");
    }

    @Test
    @DisplayName("routes through the egress gateway and originates TLS there, as in the combined task")
    void egressGatewayWithTlsOrigination() {
      List<MeshResource> objects = translate(PolicyBuilder.externalService("edition.cnn.com")
          .inNamespace("default").named("cnn")
          .port(80, PortProtocol.HTTP, 443)
          .originateTls(t -> t.port(80))
          .throughEgressGateway()
          .build());

      assertThat(objects).extracting(MeshResource::kind)
          .containsExactly("ServiceEntry", "Gateway", "DestinationRule", "DestinationRule", "VirtualService");
      assertThat(objects).filteredOn(o -> o.kind().equals("DestinationRule")).extracting(MeshResource::name)
          .containsExactly("cnn", "cnn-egress-gateway");
      JsonNode http = spec(objects, "VirtualService").path("http");
      assertThat(http.at("/0/match/0/gateways/0").asText()).isEqualTo("mesh");
      assertThat(http.at("/0/route/0/destination/host").asText())
          .isEqualTo("istio-egressgateway.istio-system.svc.cluster.local");
      assertThat(http.at("/0/route/0/destination/subset").asText()).isEqualTo("cnn");
      assertThat(http.at("/1/match/0/gateways/0").asText()).isEqualTo("default/cnn-egress");
      assertThat(http.at("/1/route/0/destination/host").asText()).isEqualTo("edition.cnn.com");
    }

    @Test
    @DisplayName("makes unknown hosts unreachable mesh-wide with REGISTRY_ONLY")
    void registryOnly() {
      List<MeshResource> objects = translate(
          PolicyBuilder.forMesh().outboundTraffic(io.meshsdk.policy.OutboundTrafficMode.REGISTRY_ONLY).build());

      assertThat(objects).singleElement().satisfies(o -> {
        assertThat(o.namespace()).contains("istio-system");
        assertThat(o.name()).isEqualTo("default");
      });
      JsonNode sidecar = spec(objects, "Sidecar");
      assertThat(sidecar.at("/outboundTrafficPolicy/mode").asText()).isEqualTo("REGISTRY_ONLY");
      assertThat(sidecar.at("/egress/0/hosts/0").asText()).isEqualTo("*/*");
    }
  }

  @Nested
  @DisplayName("Mutual TLS migration")
  class MtlsMigration {
    @Test
    @DisplayName("starts PERMISSIVE and ends STRICT in the same PeerAuthentication")
    void permissiveThenStrict() {
      MeshResource permissive = translate(PolicyBuilder.forNamespace("foo").mtls(MtlsMode.PERMISSIVE).build()).get(0);
      MeshResource strict = translate(PolicyBuilder.forNamespace("foo").mtls(MtlsMode.STRICT).build()).get(0);

      assertThat(strict.ref()).isEqualTo(permissive.ref());
      assertThat(permissive.field("spec").orElseThrow().at("/mtls/mode").asText()).isEqualTo("PERMISSIVE");
      assertThat(strict.field("spec").orElseThrow().at("/mtls/mode").asText()).isEqualTo("STRICT");
      assertThat(strict.field("spec").orElseThrow().has("selector")).isFalse();
    }
  }

  @Nested
  @DisplayName("Authorization")
  class Authorization {
    @Test
    @DisplayName("allows TCP traffic to tcp-echo on ports 9000 and 9001 only")
    void tcpTraffic() {
      JsonNode spec = spec(translate(PolicyBuilder.forWorkload("foo", Map.of("app", "tcp-echo"))
          .allow("tcp-policy").rule(r -> r.to(o -> o.onPorts(9000, 9001))).build()), "AuthorizationPolicy");

      assertThat(spec.path("action").asText()).isEqualTo("ALLOW");
      assertThat(spec.at("/rules/0/to/0/operation/ports").toString()).isEqualTo("[\"9000\",\"9001\"]");
      assertThat(spec.at("/selector/matchLabels/app").asText()).isEqualTo("tcp-echo");
    }

    @Test
    @DisplayName("allows GET for a JWT claim, as in the JWT authorization task")
    void jwtClaims() {
      List<MeshResource> objects = translate(PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
          .allow("require-jwt")
          .rule(r -> r.from(s -> s.requestPrincipals("testing@secure.istio.io/testing@secure.istio.io"))
              .when("request.auth.claims[groups]", "group1"))
          .build());

      JsonNode rule = spec(objects, "AuthorizationPolicy").at("/rules/0");
      assertThat(rule.at("/from/0/source/requestPrincipals/0").asText())
          .isEqualTo("testing@secure.istio.io/testing@secure.istio.io");
      assertThat(rule.at("/when/0/key").asText()).isEqualTo("request.auth.claims[groups]");
      assertThat(rule.at("/when/0/values/0").asText()).isEqualTo("group1");
    }

    @Test
    @DisplayName("requires a valid token with a DENY of requests without request principals")
    void requireValidToken() {
      List<MeshResource> objects = translate(PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
          .jwt("jwt-example").rule(r -> r.issuer("testing@secure.istio.io").jwksUri(GovernanceScenarios.JWKS_URI))
          .requireValidToken().build());

      assertThat(objects).extracting(MeshResource::kind, MeshResource::name).containsExactly(
          org.assertj.core.groups.Tuple.tuple("RequestAuthentication", "jwt-example"),
          org.assertj.core.groups.Tuple.tuple("AuthorizationPolicy", "jwt-example-require-jwt"));
      JsonNode deny = spec(objects, "AuthorizationPolicy");
      assertThat(deny.path("action").asText()).isEqualTo("DENY");
      assertThat(deny.at("/rules/0/from/0/source/notRequestPrincipals/0").asText()).isEqualTo("*");
    }

    @Test
    @DisplayName("denies GET unless the x-token header is admin, as in the explicit deny task")
    void explicitDeny() {
      JsonNode rule = spec(translate(PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
          .deny("deny-method-get")
          .rule(r -> r.to(o -> o.methods("GET")).whenNot("request.headers[x-token]", "admin"))
          .build()), "AuthorizationPolicy").at("/rules/0");

      assertThat(rule.at("/to/0/operation/methods/0").asText()).isEqualTo("GET");
      assertThat(rule.at("/when/0/notValues/0").asText()).isEqualTo("admin");
    }

    @Test
    @DisplayName("allow-lists client IPs at the ingress gateway")
    void ipAllowList() {
      JsonNode spec = spec(translate(GovernanceScenarios.AUTHZ_IP_ALLOWLIST.policy()), "AuthorizationPolicy");

      assertThat(spec.at("/rules/0/from/0/source/remoteIpBlocks").toString())
          .isEqualTo("[\"203.0.113.0/24\",\"2001:db8::/32\"]");
      assertThat(spec.at("/selector/matchLabels/app").asText()).isEqualTo("istio-ingressgateway");
    }

    @Test
    @DisplayName("writes allow-nothing as an ALLOW policy without rules")
    void allowNothing() {
      JsonNode spec = spec(translate(PolicyBuilder.forNamespace("foo").allowNothing().build()), "AuthorizationPolicy");

      assertThat(spec.path("action").asText()).isEqualTo("ALLOW");
      assertThat(spec.has("rules")).isFalse();
    }
  }
}
