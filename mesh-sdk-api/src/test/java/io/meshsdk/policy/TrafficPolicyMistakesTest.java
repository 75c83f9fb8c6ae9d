package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One mistake per case, across every TrafficPolicy feature: each fails {@code build()} with a
 * violation at the offending field's path, and with no other violation, so a policy that is
 * wrong never reaches a backend or a connector.
 */
@DisplayName("A TrafficPolicy with one mistake")
class TrafficPolicyMistakesTest {

  /** A valid base: a service with subsets v1 and v2. */
  private static TrafficPolicy.Builder reviews() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"));
  }

  private static Arguments mistake(String description, String field, String message,
      Consumer<TrafficPolicy.Builder> change) {
    return Arguments.of(description, field, message, change);
  }

  private static Consumer<TrafficPolicy.Builder> route(Consumer<HttpRoute.Builder> route) {
    return p -> p.route(route);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        // identity and subsets
        mistake("a bare wildcard host", "host", "bare wildcard",
            p -> p.host("*").named("all").route(r -> r.toHost("reviews"))),
        mistake("a malformed wildcard host", "host", "wildcard of the form",
            p -> p.host("*example.com").named("example").route(r -> r.toHost("reviews"))),
        mistake("a wildcard host without a name", "name", "named(...)",
            p -> p.host("*.example.com").route(r -> r.toHost("api.example.com"))),
        mistake("an upper-case host", "host", "DNS-1123 subdomain",
            p -> p.host("Reviews").named("reviews").route(r -> r.toSubset("v1"))),
        mistake("a repeated subset", "subsets[2].name", "repeats subset",
            p -> p.subset("v1", Map.of("version", "v1b"))),
        mistake("a subset label with a bad value", "subsets[2].labels.version", "valid label value",
            p -> p.subset("v3", Map.of("version", "v3!"))),
        mistake("a subset without labels", "subsets[2].labels", "at least one label",
            p -> p.subset("v3", Map.of())),
        // HTTP matches
        mistake("a URI regex that does not compile", "routes[0].matches[0].uri", "not a valid regular expression",
            route(r -> r.whenUriRegex("/api/(v1").toSubset("v1"))),
        mistake("a URI regex with lookahead, which RE2 lacks", "routes[0].matches[0].uri", "RE2",
            route(r -> r.whenUriRegex("/api/(?!internal).*").toSubset("v1"))),
        mistake("an empty URI prefix", "routes[0].matches[0].uri", "prefix must not be empty",
            route(r -> r.whenUriPrefix("").toSubset("v1"))),
        mistake("an upper-case header name", "routes[0].matches[0].headers.End-User", "lower case",
            route(r -> r.whenHeader("End-User").exact("jason").toSubset("v1"))),
        mistake("a header regex that does not compile", "routes[0].matches[0].headers.x-id", "regular expression",
            route(r -> r.whenHeader("x-id").regex("[0-9").toSubset("v1"))),
        mistake("a query parameter matched by prefix", "routes[0].matches[0].queryParams.debug", "not by prefix",
            route(r -> r.whenQueryParam("debug").prefix("1").toSubset("v1"))),
        mistake("a method that is not HTTP", "routes[0].matches[0].method", "HTTP method",
            route(r -> r.whenMethod("FETCH").toSubset("v1"))),
        mistake("a match port out of range", "routes[0].matches[0].port", "between 1 and 65535",
            route(r -> r.whenPort(70000).toSubset("v1"))),
        mistake("a source label key with a space", "routes[0].matches[0].sourceLabels.my app", "label key",
            route(r -> r.whenSourceLabels(Map.of("my app", "x")).toSubset("v1"))),
        mistake("a source namespace with upper case", "routes[0].matches[0].sourceNamespace", "DNS-1123 label",
            route(r -> r.whenSourceNamespace("Frontend").toSubset("v1"))),
        mistake("a gateway name with a slash too many", "routes[0].matches[0].gateways[0]", "mesh",
            route(r -> r.whenGateway("a/b/c").toSubset("v1"))),
        mistake("a header match value with CR LF", "routes[0].matches[0].headers.end-user", "control characters",
            route(r -> r.whenHeader("end-user").exact("jason\r\nx-admin: true").toSubset("v1"))),
        mistake("a header match prefix with NUL", "routes[0].matches[0].headers.x-id", "U+0000",
            route(r -> r.whenHeader("x-id").prefix("a\u0000").toSubset("v1"))),
        mistake("a query parameter value with LF", "routes[0].matches[0].queryParams.user", "control characters",
            route(r -> r.whenQueryParam("user").exact("a\nb").toSubset("v1"))),
        mistake("a URI prefix with a vertical tab", "routes[0].matches[0].uri", "U+000B",
            route(r -> r.whenUriPrefix("/api\u000b").toSubset("v1"))),
        mistake("an authority match with DEL", "routes[0].matches[0].authority", "U+007F",
            route(r -> r.whenAuthority().exact("reviews\u007f").toSubset("v1"))),
        // destinations and route actions
        mistake("weights adding up to 110", "routes[0].destinations", "add up to 100, but add up to 110",
            route(r -> r.toSubset("v1", 90).toSubset("v2", 20))),
        mistake("a weight of 60 on a route's only destination", "routes[0].destinations[0].weight",
            "must be 100 (or unset)", route(r -> r.toSubset("v1", 60))),
        mistake("a route to an undeclared subset", "routes[0].destinations[0].subset", "does not declare",
            route(r -> r.toSubset("v9"))),
        mistake("a destination port out of range", "routes[0].destinations[0].port", "between 1 and 65535",
            route(r -> r.toHost("ratings", 0, 100))),
        mistake("a destination to a wildcard host", "routes[0].destinations[0].host", "not the wildcard",
            route(r -> r.toHost("*.example.com"))),
        mistake("a route without destination, redirect or response", "routes[0].destinations", "at least one destination",
            route(r -> r.whenUriPrefix("/x"))),
        mistake("a route that forwards and redirects", "routes[0]", "forward and redirect",
            route(r -> r.toSubset("v1").redirect(d -> d.uri("/new")))),
        mistake("a route that redirects and responds", "routes[0]", "redirect and respond directly",
            route(r -> r.redirect(d -> d.uri("/new")).respond(200, "ok"))),
        mistake("a redirect that replaces nothing", "routes[0].redirect", "at least one of",
            route(r -> r.redirect(d -> { }))),
        mistake("a redirect code that is no redirect", "routes[0].redirect.code", "between 300 and 399",
            route(r -> r.redirect(d -> d.uri("/new").code(200)))),
        mistake("a redirect to a scheme other than http(s)", "routes[0].redirect.scheme", "http or https",
            route(r -> r.redirect(d -> d.scheme("ftp")))),
        mistake("a direct response with status 700", "routes[0].directResponse.status", "between 200 and 599",
            route(r -> r.respond(700, "?"))),
        mistake("a rewrite on a redirecting route", "routes[0].rewriteUri", "forwards to destinations",
            route(r -> r.redirect(d -> d.uri("/new")).rewriteUri("/x"))),
        mistake("a rewrite URI without a leading slash", "routes[0].rewriteUri", "start with \"/\"",
            route(r -> r.toSubset("v1").rewriteUri("api"))),
        mistake("a timeout under 1ms", "routes[0].timeout", "at least 1ms",
            route(r -> r.toSubset("v1").timeout(Duration.ofNanos(500_000)))),
        mistake("a timeout on a direct response", "routes[0].timeout", "forwards to destinations",
            route(r -> r.respond(200, "ok").timeout(Duration.ofSeconds(1)))),
        mistake("negative retry attempts", "routes[0].retries.attempts", "between 0 and",
            route(r -> r.toSubset("v1").retries(-1, Duration.ofSeconds(1)))),
        mistake("a per-try timeout longer than the route's", "routes[0].retries.perTryTimeout", "must not exceed",
            route(r -> r.toSubset("v1").timeout(Duration.ofSeconds(1)).retries(2, Duration.ofSeconds(2)))),
        mistake("a per-try timeout with 0 attempts", "routes[0].retries", "with 0 attempts",
            route(r -> r.toSubset("v1").retries(0, Duration.ofMillis(500)))),
        mistake("retry conditions with 0 attempts", "routes[0].retries", "with 0 attempts",
            route(r -> r.toSubset("v1").retries(x -> x.attempts(0).retryOn("5xx")))),
        mistake("a retry condition Envoy does not know", "routes[0].retries.retryOn", "not a retry condition",
            route(r -> r.toSubset("v1").retries(x -> x.attempts(2).retryOn("5xx,sometimes")))),
        mistake("a fault that neither delays nor aborts", "routes[0].fault", "delay or abort",
            route(r -> r.toSubset("v1").fault(f -> { }))),
        mistake("a fault delay percentage over 100", "routes[0].fault.delayPercent", "between 0 and 100",
            route(r -> r.toSubset("v1").fault(f -> f.delay(Duration.ofSeconds(1), 150)))),
        mistake("a fault abort with status 99", "routes[0].fault.abortStatus", "between 200 and 599",
            route(r -> r.toSubset("v1").fault(f -> f.abort(99, 10)))),
        mistake("a fault delay under 1ms", "routes[0].fault.delay", "at least 1ms",
            route(r -> r.toSubset("v1").fault(f -> f.delay(Duration.ZERO, 10)))),
        mistake("a mirror to an undeclared subset", "routes[0].mirror.subset", "does not declare",
            route(r -> r.toSubset("v1").mirror(m -> m.subset("v9")))),
        mistake("a mirror percentage below 0", "routes[0].mirror.percent", "between 0 and 100",
            route(r -> r.toSubset("v1").mirror(m -> m.subset("v2").percent(-5.0)))),
        mistake("CORS without an allowed origin", "routes[0].cors.allowOrigins", "at least one origin",
            route(r -> r.toSubset("v1").cors(c -> c.addAllowMethod("GET")))),
        mistake("a CORS method in lower case", "routes[0].cors.allowMethods[0]", "HTTP method",
            route(r -> r.toSubset("v1").cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.io")).addAllowMethod("get")))),
        mistake("a CORS max age in milliseconds", "routes[0].cors.maxAge", "whole number of seconds",
            route(r -> r.toSubset("v1").cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.io"))
                .maxAge(Duration.ofMillis(1500))))),
        mistake("setting the host header", "routes[0].requestHeaders.set.host", "rewriteAuthority",
            route(r -> r.toSubset("v1").setRequestHeader("host", "x"))),
        mistake("a set request header value with CR LF", "routes[0].requestHeaders.set.x-env", "control characters",
            route(r -> r.toSubset("v1").setRequestHeader("x-env", "prod\r\nx-admin: true"))),
        mistake("an added response header value with LF", "routes[0].responseHeaders.add.set-cookie", "U+000A",
            route(r -> r.toSubset("v1").addResponseHeader("set-cookie", "a=1\nb=2"))),
        mistake("a set response header value with NUL", "routes[0].responseHeaders.set.x-b", "U+0000",
            route(r -> r.toSubset("v1").setResponseHeader("x-b", "\u0000"))),
        mistake("a CORS origin with CR LF", "routes[0].cors.allowOrigins[0]", "control characters",
            route(r -> r.toSubset("v1").cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.io\r\nx: y"))))),
        mistake("a redirect URI with CR LF", "routes[0].redirect.uri", "control characters",
            route(r -> r.redirect(d -> d.uri("/new\r\nset-cookie: a=b")))),
        mistake("a rewrite URI with LF", "routes[0].rewriteUri", "control characters",
            route(r -> r.toSubset("v1").rewriteUri("/v1\n"))),
        mistake("a timeout longer than Istio accepts", "routes[0].timeout", "at most",
            route(r -> r.toSubset("v1").timeout(Duration.ofDays(365L * 300)))),
        mistake("a per-try timeout longer than Istio accepts", "routes[0].retries.perTryTimeout", "at most",
            route(r -> r.toSubset("v1").retries(2, Duration.ofSeconds(315_576_000_000L)))),
        mistake("a fault delay longer than Istio accepts", "routes[0].fault.delay", "at most",
            route(r -> r.toSubset("v1").fault(f -> f.delay(Duration.ofSeconds(Long.MAX_VALUE), 10)))),
        mistake("a route to an undeclared subset of the service's fully qualified name",
            "routes[0].destinations[0].subset", "does not declare",
            route(r -> r.addDestination(RouteDestination.builder()
                .host("reviews.bookinfo.svc.cluster.local").subset("v9").build()))),
        mistake("a route to an undeclared subset of name.namespace", "routes[0].destinations[0].subset",
            "does not declare",
            route(r -> r.addDestination(RouteDestination.builder().host("reviews.bookinfo").subset("v9").build()))),
        mistake("a mirror to an undeclared subset of name.namespace.svc", "routes[0].mirror.subset", "does not declare",
            route(r -> r.toSubset("v1").mirror(m -> m.host("reviews.bookinfo.svc").subset("v9")))),
        mistake("a TCP route to an undeclared subset of the fully qualified name", "tcpRoutes[0].destinations[0].subset",
            "does not declare",
            p -> p.tcpRoute(t -> t.addDestination(RouteDestination.builder()
                .host("reviews.bookinfo.svc.cluster.local").subset("v9").build()))),
        mistake("removing a pseudo-header", "routes[0].responseHeaders.remove[0]", "pseudo-header",
            route(r -> r.toSubset("v1").removeResponseHeader(":status"))),
        mistake("a route after a catch-all route", "routes[1]", "unreachable",
            p -> p.route(r -> r.toSubset("v1")).route(r -> r.whenUriPrefix("/x").toSubset("v2"))),
        // TCP and TLS routes
        mistake("TCP weights adding up to 90", "tcpRoutes[0].destinations", "add up to 100",
            p -> p.tcpRoute(t -> t.toSubset("v1", 80).toSubset("v2", 10))),
        mistake("a TCP route without destination", "tcpRoutes[0].destinations", "at least one destination",
            p -> p.tcpRoute(t -> t.whenPort(31400))),
        mistake("a TCP route matching SNI", "tcpRoutes[0].matches[0].sniHosts", "tlsRoute",
            p -> p.tcpRoute(t -> t.match(m -> m.addSniHosts("reviews")).toSubset("v1"))),
        mistake("a destination subnet that is no CIDR", "tcpRoutes[0].matches[0].destinationSubnets[0]", "CIDR",
            p -> p.tcpRoute(t -> t.match(m -> m.addDestinationSubnets("10.0.0.0/33")).toSubset("v1"))),
        mistake("a TLS route without SNI", "tlsRoutes[0].matches", "at least one SNI host",
            p -> p.tlsRoute(t -> t.toSubset("v1"))),
        mistake("a TLS route for an SNI host of another service", "tlsRoutes[0].matches[0].sniHosts[0]", "not covered",
            p -> p.tlsRoute(t -> t.whenSni("ratings.bookinfo.svc.cluster.local").toSubset("v1"))),
        // resilience
        mistake("zero max connections", "circuitBreaker.maxConnections", "between 1 and",
            p -> p.circuitBreaker(cb -> cb.maxConnections(0))),
        mistake("an outlier interval under 1ms", "circuitBreaker.interval", "at least 1ms",
            p -> p.circuitBreaker(cb -> cb.ejectAfter5xx(5).interval(Duration.ZERO))),
        mistake("a max ejection percentage of 150", "circuitBreaker.maxEjectionPercent", "between 0 and 100",
            p -> p.circuitBreaker(cb -> cb.maxEjectionPercent(150))),
        mistake("a connect timeout under 1ms", "circuitBreaker.connectTimeout", "at least 1ms",
            p -> p.circuitBreaker(cb -> cb.connectTimeout(Duration.ofNanos(10)))),
        mistake("an idle timeout longer than Istio accepts", "circuitBreaker.idleTimeout", "at most",
            p -> p.circuitBreaker(cb -> cb.idleTimeout(Duration.ofDays(200_000)))),
        mistake("an ejection time longer than Istio accepts", "subsets[2].circuitBreaker.baseEjectionTime", "at most",
            p -> p.subset("v3", Map.of("version", "v3"),
                s -> s.circuitBreaker(cb -> cb.ejectAfter5xx(5).baseEjectionTime(Duration.ofSeconds(9_223_372_037L))))),
        mistake("a hash cookie TTL longer than Istio accepts", "loadBalancer.hashCookieTtl", "at most",
            p -> p.loadBalancer(lb -> lb.hashCookie("session", Duration.ofDays(365L * 1000)))),
        mistake("a hash cookie name with CR LF", "loadBalancer.hashCookie", "control characters",
            p -> p.loadBalancer(lb -> lb.hashCookie("session\r\nx", Duration.ZERO))),
        mistake("two consistent-hash keys", "loadBalancer", "one key only",
            p -> p.loadBalancer(lb -> lb.hashHeader("x-user").hashSourceIp(true))),
        mistake("an algorithm with a consistent hash", "loadBalancer.algorithm", "consistent hash",
            p -> p.loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.RANDOM).hashQueryParam("u"))),
        mistake("a cookie TTL without a cookie", "loadBalancer.hashCookieTtl", "without a hash cookie",
            p -> p.loadBalancer(lb -> lb.hashCookieTtl(Duration.ofHours(1)))),
        mistake("failover and distribute together", "loadBalancer", "both failover and distribute",
            p -> p.circuitBreaker(cb -> cb.ejectAfter5xx(3))
                .loadBalancer(lb -> lb.failover("us-east", "us-west").distribute("us-east/*", Map.of("us-east/*", 100)))),
        mistake("failover without outlier detection", "loadBalancer.failover", "outlier detection",
            p -> p.loadBalancer(lb -> lb.failover("us-east", "us-west"))),
        mistake("failover to the same region", "loadBalancer.failover[0].to", "must differ",
            p -> p.circuitBreaker(cb -> cb.ejectAfter5xx(3)).loadBalancer(lb -> lb.failover("us-east", "us-east"))),
        mistake("failover naming a zone", "loadBalancer.failover[0].from", "without zone",
            p -> p.circuitBreaker(cb -> cb.ejectAfter5xx(3)).loadBalancer(lb -> lb.failover("us-east/zone1", "us-west"))),
        mistake("a distribution adding up to 90", "loadBalancer.distribute[0].to", "add up to 100",
            p -> p.loadBalancer(lb -> lb.distribute("us-west/*", Map.of("us-west/zone1/*", 90)))),
        mistake("a locality with a wildcard in the middle", "loadBalancer.distribute[0].from", "last part",
            p -> p.loadBalancer(lb -> lb.distribute("us-west/*/sub", Map.of("us-west/zone1/*", 100)))),
        mistake("mutual TLS without a credential", "tls.credentialName", "mode MUTUAL",
            p -> p.tls(t -> t.mode(UpstreamTls.Mode.MUTUAL))),
        mistake("Istio mutual TLS with a credential", "tls.credentialName", "ISTIO_MUTUAL",
            p -> p.tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL).credentialName("client"))),
        mistake("an SNI on plain text", "tls.sni", "mode DISABLE",
            p -> p.tls(t -> t.mode(UpstreamTls.Mode.DISABLE).sni("a.example.com"))),
        mistake("a port override out of range", "portOverrides[0].port", "between 1 and 65535",
            p -> p.portOverride(0, o -> o.tls(t -> t.mode(UpstreamTls.Mode.SIMPLE)))),
        mistake("a repeated port override", "portOverrides[1].port", "repeats port",
            p -> p.portOverride(80, o -> o.tls(t -> t.mode(UpstreamTls.Mode.SIMPLE)))
                .portOverride(80, o -> o.circuitBreaker(cb -> cb.maxConnections(1)))),
        mistake("a port override that sets nothing", "portOverrides[0]", "must set",
            p -> p.portOverride(9080, o -> { })),
        mistake("a subset circuit breaker with zero pending requests", "subsets[2].circuitBreaker.maxPendingRequests",
            "between 1 and", p -> p.subset("v3", Map.of("version", "v3"), s -> s.circuitBreaker(cb -> cb.maxPendingRequests(0)))),
        mistake("a subset port override with mutual TLS lacking a credential",
            "subsets[2].portOverrides[0].tls.credentialName", "mode MUTUAL",
            p -> p.subset("v3", Map.of("version", "v3"),
                s -> s.portOverride(9443, o -> o.tls(t -> t.mode(UpstreamTls.Mode.MUTUAL))))));
  }

  @ParameterizedTest(name = "{0} is reported at {1}")
  @MethodSource("mistakes")
  void isReportedAtItsField(String description, String field, String message, Consumer<TrafficPolicy.Builder> change) {
    TrafficPolicy.Builder builder = reviews();
    change.accept(builder);

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .as("violations of %s", description)
            .singleElement()
            .satisfies(v -> {
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.message()).contains(message);
            }));
  }

  @Test
  @DisplayName("covers at least 40 distinct mistakes at distinct or differently explained fields")
  void coversEnoughMistakes() {
    assertThat(mistakes().map(a -> a.get()[0]).distinct()).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  @DisplayName("reports mistakes in routes and resilience settings together, in one exception")
  void reportsAllAtOnce() {
    assertThatThrownBy(() -> reviews()
            .route(r -> r.whenUriRegex("(").toSubset("v1", 60).toSubset("v2", 60))
            .tcpRoute(t -> t.toSubset("v1", 10))
            .loadBalancer(lb -> lb.failover("us-east", "us-west"))
            .tls(t -> t.mode(UpstreamTls.Mode.MUTUAL))
            .build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactly("routes[0].matches[0].uri", "routes[0].destinations",
                "tcpRoutes[0].destinations[0].weight", "loadBalancer.failover", "tls.credentialName"));
  }
}
