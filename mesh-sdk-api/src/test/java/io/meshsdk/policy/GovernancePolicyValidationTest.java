package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The governance policies")
class GovernancePolicyValidationTest {
  private static final Map<String, String> PRODUCTPAGE = Map.of("app", "productpage");

  private static AuthorizationPolicy.Builder viewer() {
    return PolicyBuilder.forWorkload("bookinfo", PRODUCTPAGE).allow("viewer");
  }

  private static GatewayPolicy.Builder gateway() {
    return PolicyBuilder.gateway("gw").inNamespace("bookinfo");
  }

  private static ExternalService.Builder cnn() {
    return PolicyBuilder.externalService("edition.cnn.com").inNamespace("default");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("a principal without the /ns/.../sa/... form", "rules[0].from[0].principals[0]",
            () -> viewer().rule(r -> r.from(s -> s.principals("bookinfo/productpage"))).build()),
        mistake("a principal with the spiffe:// scheme", "rules[0].from[0].principals[0]",
            () -> viewer().rule(r -> r.from(s -> s.principals("spiffe://cluster.local/ns/a/sa/b"))).build()),
        mistake("a principal with a wildcard in the middle", "rules[0].from[0].notPrincipals[0]",
            () -> viewer().rule(r -> r.from(s -> s.notPrincipals("cluster.local/ns/*/sa/b"))).build()),
        mistake("a namespace that is not a DNS label", "rules[0].from[0].namespaces[0]",
            () -> viewer().rule(r -> r.from(s -> s.namespaces("Book_Info"))).build()),
        mistake("an IPv4 block with a prefix over 32", "rules[0].from[0].ipBlocks[0]",
            () -> viewer().rule(r -> r.from(s -> s.ipBlocks("10.0.0.0/33"))).build()),
        mistake("an IPv4 address with an octet over 255", "rules[0].from[0].remoteIpBlocks[0]",
            () -> viewer().rule(r -> r.from(s -> s.remoteIpBlocks("10.0.300.1"))).build()),
        mistake("an IPv6 block with a prefix over 128", "rules[0].from[0].notRemoteIpBlocks[0]",
            () -> viewer().rule(r -> r.from(s -> s.notRemoteIpBlocks("2001:db8::/129"))).build()),
        mistake("an IPv6 address with two ::", "rules[0].from[0].notIpBlocks[0]",
            () -> viewer().rule(r -> r.from(s -> s.notIpBlocks("2001::db8::1"))).build()),
        mistake("a source that sets nothing", "rules[0].from[0]",
            () -> viewer().rule(r -> r.from(s -> { })).build()),
        mistake("an operation that sets nothing", "rules[0].to[0]",
            () -> viewer().rule(r -> r.to(o -> { })).build()),
        mistake("a lower-case method", "rules[0].to[0].methods[0]",
            () -> viewer().rule(r -> r.to(o -> o.methods("get"))).build()),
        mistake("a relative path", "rules[0].to[0].paths[0]",
            () -> viewer().rule(r -> r.to(o -> o.paths("api/v1"))).build()),
        mistake("a port over 65535", "rules[0].to[0].ports[0]",
            () -> viewer().rule(r -> r.to(o -> o.ports("70000"))).build()),
        mistake("a host with a wildcard in the middle", "rules[0].to[0].hosts[0]",
            () -> viewer().rule(r -> r.to(o -> o.hosts("api.*.example.com"))).build()),
        mistake("a condition key Istio does not define", "rules[0].when[0].key",
            () -> viewer().rule(r -> r.when("request.header[x-user]", "alice")).build()),
        mistake("a source.ip condition that is not an IP", "rules[0].when[0].values[0]",
            () -> viewer().rule(r -> r.when("source.ip", "localhost")).build()),
        mistake("a destination.port condition that is not a port", "rules[0].when[0].values[0]",
            () -> viewer().rule(r -> r.when("destination.port", "http")).build()),
        mistake("a condition without values", "rules[0].when[0].values",
            () -> viewer().rule(r -> r.addWhen(RequestCondition.builder().key("source.namespace").build())).build()),
        mistake("a CUSTOM policy without a provider", "provider",
            () -> PolicyBuilder.forNamespace("foo").allow("x").action(AuthorizationAction.CUSTOM)
                .rule(r -> r.to(o -> o.paths("/x"))).build()),
        mistake("a CUSTOM policy matching the source namespace", "rules[0].when[0].key",
            () -> PolicyBuilder.forNamespace("foo").custom("x", "opa")
                .rule(r -> r.to(o -> o.paths("/x")).whenNot("source.namespace", "istio-system")).build()),
        mistake("a CUSTOM policy matching request principals", "rules[0].from[0].requestPrincipals",
            () -> PolicyBuilder.forNamespace("foo").custom("x", "opa")
                .rule(r -> r.from(f -> f.requestPrincipals("*"))).build()),
        mistake("a DENY policy with a provider", "provider",
            () -> PolicyBuilder.forNamespace("foo").deny("x").provider("opa")
                .rule(r -> r.to(o -> o.paths("/x"))).build()),
        mistake("a selector value with a wildcard", "selector.app",
            () -> PolicyBuilder.forWorkload("bookinfo", Map.of("app", "product*")).allow("x").build()),
        mistake("a selector label value with a space", "selector.app",
            () -> PolicyBuilder.forWorkload("bookinfo", Map.of("app", "product page")).mtls(MtlsMode.STRICT).build()),
        mistake("port-level mTLS without a selector", "portModes",
            () -> PolicyBuilder.forNamespace("bookinfo").mtls(MtlsMode.STRICT).port(9000, MtlsMode.DISABLE).build()),
        mistake("a port-level mTLS port of 0", "portModes.0",
            () -> PolicyBuilder.forWorkload("bookinfo", PRODUCTPAGE).mtls(MtlsMode.STRICT).port(0, MtlsMode.DISABLE).build()),
        mistake("a JWT rule with both jwksUri and jwks", "rules[0].jwks",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i")
                .jwksUri("https://example.com/jwks.json").jwks("{\"keys\":[]}")).build()),
        mistake("a JWKS URI without http(s)", "rules[0].jwksUri",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i").jwksUri("ftp://example.com/k")).build()),
        mistake("inline JWKS that is not a key set", "rules[0].jwks",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i").jwks("{\"kty\":\"RSA\"}")).build()),
        mistake("a JWT header name with a space", "rules[0].fromHeaders[0].name",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i").fromHeader("x token", "")).build()),
        mistake("a repeated JWT issuer", "rules[1].issuer",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i")).rule(r -> r.issuer("i")).build()),
        mistake("a gateway server on port 0", "servers[0].port",
            () -> gateway().server(s -> s.hosts("a.example.com")).build()),
        mistake("an HTTPS server without a TLS mode", "servers[0].tlsMode",
            () -> gateway().server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("a.example.com")).build()),
        mistake("a SIMPLE TLS server without a credential", "servers[0].credentialName",
            () -> gateway().server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("a.example.com")
                .tlsMode(GatewayTlsMode.SIMPLE)).build()),
        mistake("a PASSTHROUGH server with a credential", "servers[0].credentialName",
            () -> gateway().server(s -> s.port(443).protocol(PortProtocol.TLS).hosts("a.example.com")
                .tls(GatewayTlsMode.PASSTHROUGH, "cred")).build()),
        mistake("an HTTPS redirect on an HTTPS server", "servers[0].httpsRedirect",
            () -> gateway().server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("a.example.com")
                .tls(GatewayTlsMode.SIMPLE, "cred").httpsRedirect(true)).build()),
        mistake("a gateway host with an inner wildcard", "servers[0].hosts[0]",
            () -> gateway().server(s -> s.port(80).hosts("a.*.example.com")).build()),
        mistake("a route without a destination", "routes[0].destination",
            () -> gateway().server(s -> s.port(80).hosts("a.example.com")).route(r -> r.uriPrefix("/")).build()),
        mistake("a passthrough route to a host the gateway does not serve", "routes[0].hosts[0]",
            () -> gateway().server(s -> s.port(443).protocol(PortProtocol.TLS).hosts("a.example.com")
                .tlsMode(GatewayTlsMode.PASSTHROUGH))
                .route(r -> r.passthrough().hosts("b.example.com").to("nginx", 443)).build()),
        mistake("an external service without ports", "ports",
            () -> cnn().build()),
        mistake("an external service host of *", "hosts[1]",
            () -> cnn().port(80, PortProtocol.HTTP).addHost("*").build()),
        mistake("two external service ports with one number", "ports[1].number",
            () -> cnn().port(80, PortProtocol.HTTP).port(80, PortProtocol.HTTP2).build()),
        mistake("a CIDR address with DNS resolution", "addresses[0]",
            () -> cnn().port(80, PortProtocol.HTTP).addAddress("10.0.0.0/24").build()),
        mistake("a STATIC endpoint that is a host name", "endpoints[0].address",
            () -> cnn().port(80, PortProtocol.HTTP).resolution(ServiceResolution.STATIC)
                .endpoint(e -> e.address("cnn.example.com")).build()),
        mistake("TLS origination on an HTTPS port", "tlsOrigination.port",
            () -> cnn().port(443, PortProtocol.HTTPS).originateTls(t -> t.port(443)).build()),
        mistake("a TCP port through an egress gateway", "ports[0].protocol",
            () -> cnn().port(5432, PortProtocol.TCP).throughEgressGateway().build()),
        mistake("a sidecar egress host without a namespace", "egressHosts[0]",
            () -> PolicyBuilder.forNamespace("bookinfo").sidecar().egressHosts("reviews.bookinfo.svc.cluster.local").build()),
        mistake("a tracing sampling over 100%", "tracingSampling",
            () -> PolicyBuilder.forMesh().telemetry().tracingSampling(150.0).build()),
        mistake("an external workload address that is neither IP nor host", "address",
            () -> PolicyBuilder.externalWorkload("vm").inNamespace("bookinfo").address("10.0.0.1:80").build()),
        mistake("an external workload port name with an underscore", "ports.http_web",
            () -> PolicyBuilder.externalWorkload("vm").inNamespace("bookinfo").address("10.0.0.1")
                .putPort("http_web", 80).build()),
        mistake("a raw object without a namespace", "resources[0].metadata.namespace",
            () -> PolicyBuilder.raw("apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\n"
                + "metadata:\n  name: f\nspec: {}\n").build()),
        mistake("a raw object carrying mesh-sdk's own label", "resources[0].metadata.labels.mesh.meshsdk.io/policy",
            () -> PolicyBuilder.raw("apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\n"
                + "metadata:\n  name: f\n  namespace: bookinfo\n  labels:\n    mesh.meshsdk.io/policy: x\nspec: {}\n")
                .build()),
        mistake("raw text that is not YAML", "documents[0]",
            () -> PolicyBuilder.raw("kind: [unclosed").build()),
        mistake("an mTLS policy for a workload selector without labels", "selector",
            () -> PolicyBuilder.forWorkload("bookinfo", Map.of()).mtls(MtlsMode.STRICT).build()),
        mistake("an authorization policy for a workload selector without labels", "selector",
            () -> PolicyBuilder.forWorkload("bookinfo", Map.of()).denyAll().build()),
        mistake("a JWT policy for a workload selector without labels", "selector",
            () -> PolicyBuilder.forWorkload("bookinfo", Map.of()).jwt("jwt").rule(r -> r.issuer("i")).build()),
        mistake("a raw object with a repeated key", "documents[0].spec",
            () -> PolicyBuilder.raw(RAW_HEAD + "spec:\n  workloadSelector:\n    labels:\n      app: reviews\n"
                + "spec:\n  configPatches: []\n").build()),
        mistake("a raw object with a repeated label", "documents[0].metadata.labels.app",
            () -> PolicyBuilder.raw("apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n"
                + "  name: f\n  namespace: bookinfo\n  labels:\n    app: a\n    app: b\nspec: {}\n").build()),
        mistake("a raw object with an alias to an undefined anchor", "documents[0].spec.workloadSelector",
            () -> PolicyBuilder.raw(RAW_HEAD + "spec:\n  workloadSelector: *selector\n").build()),
        mistake("a raw object with an invalid label key", "resources[0].metadata.labels.my app",
            () -> PolicyBuilder.raw(RAW_HEAD.replace("namespace: bookinfo\n", "namespace: bookinfo\n  labels:\n"
                + "    my app: x\n") + "spec: {}\n").build()),
        mistake("a raw object with a label value over 63 characters", "resources[0].metadata.labels.app",
            () -> PolicyBuilder.raw(RAW_HEAD.replace("namespace: bookinfo\n", "namespace: bookinfo\n  labels:\n"
                + "    app: " + "a".repeat(64) + "\n") + "spec: {}\n").build()),
        mistake("a raw object with a label value that is a number", "resources[0].metadata.labels.version",
            () -> PolicyBuilder.raw(RAW_HEAD.replace("namespace: bookinfo\n", "namespace: bookinfo\n  labels:\n"
                + "    version: 2\n") + "spec: {}\n").build()),
        mistake("a raw object with an invalid annotation key", "resources[0].metadata.annotations.Example.com/a",
            () -> PolicyBuilder.raw(RAW_HEAD.replace("namespace: bookinfo\n", "namespace: bookinfo\n  annotations:\n"
                + "    Example.com/a: x\n") + "spec: {}\n").build()),
        mistake("a raw object with annotations over 256 KiB", "resources[0].metadata.annotations",
            () -> PolicyBuilder.raw(RAW_HEAD.replace("namespace: bookinfo\n", "namespace: bookinfo\n  annotations:\n"
                + "    example.com/blob: " + "a".repeat(270_000) + "\n") + "spec: {}\n").build()),
        mistake("a gateway route matching a header value with CR LF", "routes[0].headers.x-user",
            () -> gateway().server(s -> s.port(80).hosts("a.example.com"))
                .route(r -> r.uriPrefix("/").headerExact("x-user", "a\r\nx-admin: 1").to("productpage", 9080)).build()),
        mistake("a gateway route timeout longer than Istio accepts", "routes[0].timeout",
            () -> gateway().server(s -> s.port(80).hosts("a.example.com"))
                .route(r -> r.uriPrefix("/").to("productpage", 9080).timeout(Duration.ofDays(365L * 500))).build()),
        mistake("a JWT header prefix with CR LF", "rules[0].fromHeaders[0].prefix",
            () -> PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("i")
                .fromHeader("authorization", "Bearer\r\n")).build()),
        mistake("a request header condition value with LF", "rules[0].when[0].values[0]",
            () -> viewer().rule(r -> r.when("request.headers[x-tenant]", "acme\n")).build()),
        mistake("a path with NUL", "rules[0].to[0].paths[0]",
            () -> viewer().rule(r -> r.to(o -> o.paths("/api\u0000"))).build()),
        mistake("an authorization policy too large for its intent annotation", "intent",
            () -> viewer().rule(r -> r.from(s -> s.principals(IntStream.range(0, 12_000)
                .mapToObj(i -> "cluster.local/ns/bookinfo/sa/service-account-" + i).toArray(String[]::new)))).build()));
  }

  private static final String RAW_HEAD =
      "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: f\n  namespace: bookinfo\n";

  private static Arguments mistake(String what, String field, Supplier<Policy> build) {
    return Arguments.of(what, field, build);
  }

  @ParameterizedTest(name = "{0} is reported at {1}")
  @MethodSource("mistakes")
  void reportsMistake(String what, String field, Supplier<Policy> build) {
    assertThatThrownBy(build::get)
        .isInstanceOfSatisfying(PolicyValidationException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).contains(field));
  }

  @Test
  @DisplayName("reports every mistake of an authorization policy at once, each with its path")
  void reportsEveryViolationAtOnce() {
    assertThatThrownBy(() -> PolicyBuilder.forNamespace("foo").deny("x").provider("opa")
            .rule(r -> r.from(s -> s.principals("nobody").ipBlocks("1.2.3.4/40"))
                .to(o -> o.methods("FETCH").ports("0"))
                .when("source.ip", "not-an-ip"))
            .build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
              "provider", "rules[0].from[0].principals[0]", "rules[0].from[0].ipBlocks[0]",
              "rules[0].to[0].methods[0]", "rules[0].to[0].ports[0]", "rules[0].when[0].values[0]");
          assertThat(e.getMessage()).contains("`provider` may be set only with action CUSTOM, but the action is DENY")
              .contains("AuthorizationPolicy foo/x");
        });
  }

  @Test
  @DisplayName("accepts Istio's documented forms: wildcards at the ends, IPv6, claims and header keys")
  void acceptsDocumentedForms() {
    AuthorizationPolicy policy = viewer()
        .rule(r -> r.from(s -> s.principals("*", "cluster.local/ns/bookinfo/*", "*/sa/productpage")
                .namespaces("bookinfo", "*-prod").ipBlocks("10.0.0.0/8", "::1", "2001:db8::/32", "192.168.1.7")
                .requestPrincipals("issuer.example.com/*"))
            .to(o -> o.hosts("*.example.com", "bookinfo.example.com:8080").methods("GET", "*")
                .paths("/api/*", "*.html", "/exact").ports("1", "65535"))
            .when("request.auth.claims[iss]", "https://issuer.example.com")
            .when("request.headers[x-tenant]", "acme")
            .when("experimental.envoy.filters.network.mysql_proxy[db.table]", "[update]")
            .when("destination.port", "9080")
            .when("connection.sni", "*.example.com"))
        .build();

    assertThat(policy.rules()).hasSize(1);
  }

  @Test
  @DisplayName("names policies after their scope: default for a namespace, the app label for a workload")
  void derivesNames() {
    assertThat(PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build().ref())
        .isEqualTo(PolicyRef.of("MtlsPolicy", "istio-system", "default"));
    assertThat(PolicyBuilder.forWorkload("bookinfo", PRODUCTPAGE).mtls(MtlsMode.STRICT).build().name())
        .isEqualTo("productpage");
    assertThat(PolicyBuilder.forMesh().telemetry().tracingSampling(1.0).build().name()).isEqualTo("mesh-default");
    assertThat(cnn().port(80, PortProtocol.HTTP).build().name()).isEqualTo("edition-cnn-com");
    assertThat(PolicyBuilder.forNamespace("bookinfo").denyAll().build().rules())
        .singleElement().satisfies(r -> assertThat(r.matchesEverything()).isTrue());
    assertThat(PolicyBuilder.forNamespace("bookinfo").allowNothing().build().rules()).isEmpty();
  }
}
