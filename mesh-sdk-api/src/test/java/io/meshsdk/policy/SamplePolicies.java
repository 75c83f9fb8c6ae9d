package io.meshsdk.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One policy of each kind, built as users build them. */
final class SamplePolicies {
  private SamplePolicies() {}

  static TrafficPolicy canary() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)
            .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
        .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
        .build();
  }

  static List<Policy> all() {
    return List.of(
        canary(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings"))
            .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE).build(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "productpage"))
            .allow("productpage-viewer")
            .rule(r -> r.from(s -> s.principals("cluster.local/ns/istio-system/sa/ingress"))
                .to(o -> o.methods("GET").paths("/productpage"))
                .when("request.headers[version]", "v1", "v2"))
            .build(),
        PolicyBuilder.forWorkload("foo", Map.of("app", "httpbin"))
            .jwt("jwt-example")
            .rule(r -> r.issuer("testing@secure.istio.io").jwksUri("https://example.com/jwks.json")
                .audiences("httpbin").forwardOriginalToken(true))
            .requireValidToken("testing@secure.istio.io/testing@secure.istio.io")
            .build(),
        PolicyBuilder.gateway("bookinfo-gateway").inNamespace("bookinfo")
            .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("bookinfo.example.com")
                .tls(GatewayTlsMode.SIMPLE, "bookinfo-credential"))
            .route(r -> r.name("productpage").uriExact("/productpage").to("productpage", 9080)
                .timeout(Duration.ofSeconds(10)))
            .build(),
        PolicyBuilder.externalService("edition.cnn.com").inNamespace("default")
            .port(80, PortProtocol.HTTP, 443).port(443, PortProtocol.HTTPS)
            .originateTls(t -> t.port(80))
            .build(),
        PolicyBuilder.forNamespace("bookinfo").sidecar()
            .egressHosts("./*", "istio-system/*").outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY)
            .build(),
        PolicyBuilder.externalWorkload("details-vm-1").inNamespace("bookinfo")
            .address("10.0.12.7").putLabel("app", "details").putPort("http", 9080)
            .serviceAccount("bookinfo-details").build(),
        PolicyBuilder.externalWorkloadGroup("ratings-vms").inNamespace("bookinfo")
            .putLabel("app", "ratings").putPort("http", 9080).build(),
        PolicyBuilder.forMesh().telemetry().accessLogProviders("envoy").tracingSampling(10.0).build(),
        PolicyBuilder.raw("""
            apiVersion: networking.istio.io/v1alpha3
            kind: EnvoyFilter
            metadata:
              name: reviews-lua
              namespace: bookinfo
            spec:
              workloadSelector:
                labels:
                  app: reviews
            """).build());
  }
}
