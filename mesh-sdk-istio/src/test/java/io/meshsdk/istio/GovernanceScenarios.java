package io.meshsdk.istio;

import io.meshsdk.policy.GatewayTlsMode;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.OutboundTrafficMode;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PortProtocol;
import io.meshsdk.policy.ServiceLocation;
import io.meshsdk.policy.ServiceResolution;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The security, ingress, egress, sidecar, workload, telemetry and raw policies whose Istio
 * translation is pinned by golden files, one scenario per situation Istio documents. Each
 * scenario yields at most one object per kind, so {@code golden/<scenario>/<Kind>.yaml} names it.
 */
final class GovernanceScenarios {

  static final String JWKS_URI =
      "https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json";

  /** Mesh-wide strict mTLS: PeerAuthentication "default" in the root namespace. */
  static final Scenario MTLS_MESH_STRICT = new Scenario("mtls-mesh-strict",
      PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build());

  /** Strict for one workload, permissive on a legacy port. */
  static final Scenario MTLS_WORKLOAD_PORTS = new Scenario("mtls-workload-ports",
      PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings"))
          .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE).port(8443, MtlsMode.DISABLE)
          .build());

  /** Istio's HTTP traffic task: GET on productpage from the ingress gateway's identity. */
  static final Scenario AUTHZ_HTTP = new Scenario("authz-http",
      PolicyBuilder.forWorkload("bookinfo", Map.of("app", "productpage"))
          .allow("productpage-viewer")
          .rule(r -> r.from(s -> s.principals("cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"))
              .to(o -> o.methods("GET").paths("/productpage", "/static/*", "/api/v1/products*"))
              .when("request.headers[version]", "v1", "v2"))
          .build());

  /** Deny-all for a namespace: one rule that matches everything. */
  static final Scenario AUTHZ_DENY_ALL = new Scenario("authz-deny-all",
      PolicyBuilder.forNamespace("bookinfo").denyAll().build());

  /** Istio's ingress IP allow-list, on the original client address. */
  static final Scenario AUTHZ_IP_ALLOWLIST = new Scenario("authz-ip-allowlist",
      PolicyBuilder.forWorkload("istio-system", Map.of("app", "istio-ingressgateway"))
          .allow("ingress-policy")
          .rule(r -> r.from(s -> s.remoteIpBlocks("203.0.113.0/24", "2001:db8::/32")
              .notRemoteIpBlocks("203.0.113.13")))
          .build());

  /** External authorization for /headers through the mesh's ext-authz provider. */
  static final Scenario AUTHZ_CUSTOM = new Scenario("authz-custom",
      PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
          .custom("ext-authz", "sample-ext-authz-grpc")
          .rule(r -> r.to(o -> o.paths("/headers")).whenNot("request.headers[x-ext-authz-skip]", "allow"))
          .build());

  /** Istio's JWT task: validate the sample issuer's tokens and require one. */
  static final Scenario JWT_REQUIRED = new Scenario("jwt-required",
      PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
          .jwt("jwt-example")
          .rule(r -> r.issuer("testing@secure.istio.io").jwksUri(JWKS_URI)
              .audiences("httpbin").fromHeader("x-jwt-assertion", "")
              .forwardOriginalToken(true)
              .outputClaimToHeader("x-jwt-group", "group"))
          .requireValidToken("testing@secure.istio.io/testing@secure.istio.io")
          .build());

  /** Istio's secure ingress task: HTTPS with a credential, HTTP redirected, Bookinfo's routes. */
  static final Scenario GATEWAY_TLS = new Scenario("gateway-tls",
      PolicyBuilder.gateway("bookinfo-gateway").inNamespace("bookinfo")
          .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("bookinfo.example.com")
              .tls(GatewayTlsMode.SIMPLE, "bookinfo-credential"))
          .server(s -> s.port(80).hosts("bookinfo.example.com").httpsRedirect(true))
          .route(r -> r.name("productpage").uriExact("/productpage").uriPrefix("/static")
              .uriExact("/login").uriExact("/logout").uriPrefix("/api/v1/products")
              .to("productpage", 9080).timeout(Duration.ofSeconds(10)))
          .build());

  /** Istio's ingress SNI passthrough task: TLS passed to nginx, routed by server name. */
  static final Scenario GATEWAY_PASSTHROUGH = new Scenario("gateway-passthrough",
      PolicyBuilder.gateway("mygateway").inNamespace("default")
          .server(s -> s.port(443).protocol(PortProtocol.TLS).hosts("nginx.example.com")
              .tlsMode(GatewayTlsMode.PASSTHROUGH))
          .route(r -> r.passthrough().hosts("nginx.example.com").to("my-nginx", 443))
          .build());

  /** Istio's egress TLS origination task: plain HTTP on 80 leaves as TLS to 443. */
  static final Scenario EGRESS_TLS_ORIGINATION = new Scenario("egress-tls-origination",
      PolicyBuilder.externalService("edition.cnn.com").inNamespace("default")
          .port(80, PortProtocol.HTTP, 443)
          .port(443, PortProtocol.HTTPS)
          .originateTls(t -> t.port(80))
          .build());

  /** Istio's egress gateway task: HTTP and HTTPS to edition.cnn.com through the egress gateway. */
  static final Scenario EGRESS_GATEWAY = new Scenario("egress-gateway",
      PolicyBuilder.externalService("edition.cnn.com").inNamespace("default")
          .named("cnn")
          .port(80, PortProtocol.HTTP)
          .port(443, PortProtocol.HTTPS)
          .throughEgressGateway()
          .build());

  /** Another registry's instances brought into the mesh: selected external workloads. */
  static final Scenario EXTERNAL_REGISTRY = new Scenario("external-registry",
      PolicyBuilder.externalService("orders.legacy.example.com").inNamespace("shop")
          .named("orders")
          .port(8080, PortProtocol.HTTP)
          .location(ServiceLocation.MESH_INTERNAL)
          .resolution(ServiceResolution.STATIC)
          .putWorkloadSelector("app", "orders")
          .build());

  /** Sidecar scoping with a registry-only outbound policy. */
  static final Scenario SIDECAR_SCOPE = new Scenario("sidecar-scope",
      PolicyBuilder.forNamespace("bookinfo").sidecar()
          .egressHosts("./*", "istio-system/*")
          .outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY)
          .build());

  /** Mesh-wide access logs to Envoy's provider and 10% trace sampling. */
  static final Scenario TELEMETRY_MESH = new Scenario("telemetry-mesh",
      PolicyBuilder.forMesh().telemetry()
          .accessLogProviders("envoy").accessLogFilter("response.code >= 400")
          .tracingSampling(10.0)
          .build());

  /** A VM in the mesh. */
  static final Scenario WORKLOAD_ENTRY = new Scenario("workload-entry",
      PolicyBuilder.externalWorkload("details-vm-1").inNamespace("bookinfo")
          .address("10.0.12.7")
          .putLabel("app", "details").putLabel("version", "v1")
          .putPort("http", 9080)
          .serviceAccount("bookinfo-details")
          .network("vm-network")
          .build());

  /** VMs that register themselves. */
  static final Scenario WORKLOAD_GROUP = new Scenario("workload-group",
      PolicyBuilder.externalWorkloadGroup("ratings-vms").inNamespace("bookinfo")
          .putLabel("app", "ratings").putLabel("class", "vm")
          .putPort("http", 9080)
          .serviceAccount("bookinfo-ratings")
          .network("vm-network")
          .build());

  /** An EnvoyFilter given as YAML: the raw escape hatch. */
  static final Scenario RAW_ENVOY_FILTER = new Scenario("raw-envoy-filter",
      PolicyBuilder.raw("""
          apiVersion: networking.istio.io/v1alpha3
          kind: EnvoyFilter
          metadata:
            name: reviews-lua
            namespace: bookinfo
            resourceVersion: "1234"
          spec:
            workloadSelector:
              labels:
                app: reviews
            configPatches:
            - applyTo: HTTP_FILTER
              match:
                context: SIDECAR_INBOUND
                listener:
                  filterChain:
                    filter:
                      name: envoy.filters.network.http_connection_manager
                      subFilter:
                        name: envoy.filters.http.router
              patch:
                operation: INSERT_BEFORE
                value:
                  name: envoy.lua
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
                    inlineCode: |
                      function envoy_on_request(handle)
                        handle:headers():add("x-from-lua", "1")
                      end
          status: {}
          """).build());

  private GovernanceScenarios() {}

  static Stream<Scenario> all() {
    return Stream.of(MTLS_MESH_STRICT, MTLS_WORKLOAD_PORTS, AUTHZ_HTTP, AUTHZ_DENY_ALL, AUTHZ_IP_ALLOWLIST,
        AUTHZ_CUSTOM, JWT_REQUIRED, GATEWAY_TLS, GATEWAY_PASSTHROUGH, EGRESS_TLS_ORIGINATION, EGRESS_GATEWAY,
        EXTERNAL_REGISTRY, SIDECAR_SCOPE, TELEMETRY_MESH, WORKLOAD_ENTRY, WORKLOAD_GROUP, RAW_ENVOY_FILTER);
  }
}
