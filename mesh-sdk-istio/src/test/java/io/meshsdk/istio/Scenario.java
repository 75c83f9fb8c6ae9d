package io.meshsdk.istio;

import io.meshsdk.policy.HttpRoute;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.RouteDestination;
import io.meshsdk.policy.StringMatch;
import io.meshsdk.policy.TrafficPolicy;
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

  static Stream<Scenario> all() {
    return Stream.of(CANARY, HEADER_ROUTING, SUBSETS_ONLY, FQDN_HOST, ROUTES_ONLY);
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
