package io.meshsdk.istio;

import io.meshsdk.policy.HttpRoute;
import io.meshsdk.policy.LoadBalancer;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.RouteDestination;
import io.meshsdk.policy.StringMatch;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.policy.UpstreamTls;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A named policy whose Istio translation is pinned by golden files under {@code
 * golden/<name>/<kind>.yaml}.
 */
record Scenario(String name, Policy policy) {

  /** The canary of DESIGN.md section 5. */
  static final Scenario CANARY = new Scenario("canary",
      PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
          .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)
              .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
          .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
          .build());

  /** Named routes with several match blocks, every kind of string match and another host. */
  static final Scenario HEADER_ROUTING = new Scenario("header-routing",
      PolicyBuilder.forService("ratings").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.name("mobile-or-canary")
              .match(m -> m.uriPrefix("/ratings").putHeader("user-agent", StringMatch.regex(".*Mobile.*")))
              .match(m -> m.headerExact("x-canary", "true"))
              .toSubset("v2"))
          .route(r -> r.name("tenant-login")
              .whenUriExact("/login")
              .whenHeader("x-tenant").prefix("acme-")
              .addDestination(RouteDestination.builder().host("auth").port(9080).build()))
          .route(r -> r.name("default").toSubset("v1"))
          .build());

  /** Subsets without routes: a DestinationRule only. */
  static final Scenario SUBSETS_ONLY = new Scenario("subsets-only",
      PolicyBuilder.forService("details").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2", "track", "stable"))
          .build());

  /** A fully qualified host, and every circuit-breaker setting. */
  static final Scenario FQDN_HOST = new Scenario("fqdn-host",
      PolicyBuilder.forService("ratings.prod.svc.cluster.local").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .route(r -> r.whenUriPrefix("/v2")
              .addDestination(RouteDestination.builder()
                  .host("ratings-v2.prod.svc.cluster.local").port(8080).build()))
          .route(r -> r.toSubset("v1").timeout(Duration.ofMillis(1500)))
          .circuitBreaker(cb -> cb.maxConnections(50).maxPendingRequests(10)
              .maxRequestsPerConnection(1).ejectAfter5xx(3)
              .interval(Duration.ofSeconds(10)).baseEjectionTime(Duration.ofSeconds(90)))
          .build());

  /** Routes without subsets or circuit breaker: a VirtualService only. */
  static final Scenario ROUTES_ONLY = new Scenario("routes-only",
      PolicyBuilder.forService("productpage").inNamespace("bookinfo")
          .route(r -> r.whenHeader("x-debug").exact("1")
              .addDestination(RouteDestination.builder().host("productpage-debug").build()))
          .route(Scenario::weightedToNextRelease)
          .build());

  /**
   * Every HTTP feature: each kind of match condition, fault injection, mirroring, rewrites, a
   * redirect, a direct response, CORS and header changes, and a route bound to a gateway.
   */
  static final Scenario HTTP_FEATURES = new Scenario("http-features",
      PolicyBuilder.forService("productpage").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.name("legacy-redirect").whenUriPrefix("/v1/")
              .redirect(d -> d.uri("/v2/").authority("shop.example.com").port(8443).scheme("https").code(308)))
          .route(r -> r.name("maintenance").whenUriExact("/admin").whenMethod("POST")
              .respond(503, "{\"error\":\"maintenance\"}"))
          .route(r -> r.name("api").whenUriRegex("/api/v[0-9]+/.*")
              .whenQueryParam("debug").exact("1")
              .whenAuthority().prefix("api.")
              .whenPort(9080)
              .whenSourceLabels(Map.of("app", "gateway"))
              .whenSourceNamespace("edge")
              .toSubset("v2")
              .rewriteUri("/").rewriteAuthority("productpage-internal")
              .fault(f -> f.delay(Duration.ofMillis(1500), 12.5).abort(503, 0.1))
              .mirror(m -> m.subset("v1").percent(25.0))
              .cors(c -> c.addAllowOrigin(StringMatch.exact("https://shop.example.com"))
                  .addAllowOrigin(StringMatch.regex("https://.*\\.example\\.com"))
                  .addAllowMethod("GET").addAllowMethod("POST")
                  .addAllowHeader("x-user").addExposeHeader("x-served-by")
                  .maxAge(Duration.ofHours(24)).allowCredentials(true))
              .setRequestHeader("x-env", "prod").addRequestHeader("x-trace", "on").removeRequestHeader("cookie")
              .setResponseHeader("cache-control", "no-store").removeResponseHeader("server"))
          .route(r -> r.name("public").whenGateway("istio-system/public-gateway").whenUriPrefix("/")
              .toSubset("v1", 75).toHost("productpage-next", 9080, 25))
          .route(r -> r.name("default").toSubset("v1"))
          .build());

  /** TCP routes: traffic shifting by weight, and a port- and client-specific route first. */
  static final Scenario TCP_SHIFTING = new Scenario("tcp-shifting",
      PolicyBuilder.forService("tcp-echo").inNamespace("istio-io-tcp-traffic-shifting")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .tcpRoute(t -> t.whenPort(31401).whenSourceLabels(Map.of("app", "sleep"))
              .match(m -> m.addDestinationSubnets("10.1.0.0/16"))
              .toSubset("v2"))
          .tcpRoute(t -> t.whenPort(31400).toSubset("v1", 80).toSubset("v2", 20))
          .build());

  /** TLS passthrough by SNI to an external host under a wildcard, with SIMPLE upstream TLS. */
  static final Scenario TLS_PASSTHROUGH = new Scenario("tls-passthrough",
      PolicyBuilder.forService("*.example.com").inNamespace("egress")
          .named("example-com")
          .tlsRoute(t -> t.whenSni("api.example.com").whenPort(443).toHost("api.example.com", 443))
          .tlsRoute(t -> t.whenSni("*.example.com").toHost("egress-proxy.egress.svc.cluster.local", 8443))
          .tls(t -> t.mode(UpstreamTls.Mode.SIMPLE).sni("api.example.com"))
          .build());

  /**
   * Every resilience setting: the full connection pool and outlier detection, consistent hashing
   * by cookie, locality failover, mutual TLS with a credential, and subset and port overrides.
   */
  static final Scenario RESILIENCE = new Scenario("resilience",
      PolicyBuilder.forService("ratings").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"), s -> s
              .loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.ROUND_ROBIN))
              .circuitBreaker(cb -> cb.maxConnections(10))
              .portOverride(9443, p -> p.tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL))))
          .circuitBreaker(cb -> cb.maxConnections(100).connectTimeout(Duration.ofMillis(250))
              .maxPendingRequests(10).maxRequests(1000).maxRequestsPerConnection(10).maxRetries(3)
              .idleTimeout(Duration.ofMinutes(5))
              .ejectAfter5xx(5).consecutiveGatewayErrors(3).interval(Duration.ofSeconds(10))
              .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionPercent(50).minHealthPercent(20))
          .loadBalancer(lb -> lb.hashCookie("session", Duration.ofHours(1)).hashCookiePath("/")
              .localityEnabled(true).failover("us-east", "us-west").addFailoverPriority("topology.istio.io/network"))
          .tls(t -> t.mode(UpstreamTls.Mode.MUTUAL).credentialName("ratings-client")
              .sni("ratings.example.com").addSubjectAltName("spiffe://cluster.local/ns/bookinfo/sa/ratings"))
          .portOverride(9080, p -> p.loadBalancer(lb -> lb.hashHeader("x-user"))
              .circuitBreaker(cb -> cb.maxPendingRequests(5)))
          .build());

  /** Weighted locality distribution and consistent hashing by source IP and query parameter. */
  static final Scenario LOCALITY_DISTRIBUTION = new Scenario("locality-distribution",
      PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"), s -> s.loadBalancer(lb -> lb.hashQueryParam("user")))
          .loadBalancer(lb -> lb.hashSourceIp(true)
              .distribute("us-west/zone1/*", Map.of("us-west/zone1/*", 100))
              .distribute("us-west/zone2/*", Map.of("us-west/zone1/*", 20, "us-west/zone2/*", 80)))
          .build());

  static Stream<Scenario> all() {
    return Stream.of(CANARY, HEADER_ROUTING, SUBSETS_ONLY, FQDN_HOST, ROUTES_ONLY,
        HTTP_FEATURES, TCP_SHIFTING, TLS_PASSTHROUGH, RESILIENCE, LOCALITY_DISTRIBUTION);
  }

  private static void weightedToNextRelease(HttpRoute.Builder r) {
    r.addDestination(RouteDestination.builder().weight(80).build())
        .addDestination(RouteDestination.builder().host("productpage-next").weight(20).build())
        .timeout(Duration.ofMinutes(5))
        .retries(2, Duration.ofMillis(250));
  }

  @Override
  public String toString() {
    return name;
  }
}
