package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.PolicyValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A policy as JSON")
class PolicyJsonTest {
  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private final TrafficPolicy canary = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
      .subset("v1", Map.of("version", "v1"))
      .subset("v2", Map.of("version", "v2"))
      .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
      .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)
          .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
      .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
      .build();

  @Test
  @DisplayName("round-trips through the Policy type with its kind")
  void roundTrips() throws Exception {
    String json = mapper.writerFor(Policy.class).writeValueAsString(canary);

    assertThat(json).contains("\"kind\":\"TrafficPolicy\"").contains("\"timeout\":\"PT2S\"");
    Policy back = mapper.readValue(json, Policy.class);
    assertThat(back).isInstanceOf(TrafficPolicy.class).isEqualTo(canary);
  }

  /** Sets every field of every part of a traffic policy at least once. */
  static TrafficPolicy everything() {
    return PolicyBuilder.forService("productpage").inNamespace("bookinfo")
        .named("productpage-all")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"), s -> s
            .circuitBreaker(cb -> cb.maxConnections(10))
            .loadBalancer(lb -> lb.hashQueryParam("user"))
            .tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL))
            .portOverride(9443, p -> p.loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.RANDOM))))
        .route(r -> r.name("redirect").whenUriPrefix("/old").redirect(d -> d.uri("/new").authority("a.example.com")
            .port(8443).scheme("https").code(302)))
        .route(r -> r.name("respond").whenUriExact("/gone").whenMethod("GET").respond(410, "gone"))
        .route(r -> r.name("api").whenUriRegex("/api/.*").whenHeader("x-user").prefix("a")
            .whenQueryParam("debug").regex("[01]").whenAuthority().exact("api.example.com").whenPort(9080)
            .whenSourceLabels(Map.of("app", "edge")).whenSourceNamespace("edge").whenGateway("istio-system/gw")
            .toSubset("v1", 60).toHost("productpage-next", 9080, 40)
            .timeout(Duration.ofSeconds(3))
            .retries(x -> x.attempts(2).perTryTimeout(Duration.ofSeconds(1)).retryOn("5xx,reset"))
            .fault(f -> f.delay(Duration.ofMillis(100), 1.5).abort(503, 0.5))
            .mirror(m -> m.host("productpage-shadow").subset("v1").port(9080).percent(10.0))
            .rewriteUri("/").rewriteAuthority("internal")
            .cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.example.com")).addAllowMethod("GET")
                .addAllowHeader("x-user").addExposeHeader("x-id").maxAge(Duration.ofMinutes(1)).allowCredentials(false))
            .setRequestHeader("x-env", "prod").addRequestHeader("x-a", "1").removeRequestHeader("cookie")
            .setResponseHeader("x-b", "2").addResponseHeader("x-c", "3").removeResponseHeader("server"))
        .tcpRoute(t -> t.whenPort(31400).whenSourceNamespace("tcp").whenGateway("mesh")
            .match(m -> m.addDestinationSubnets("10.0.0.0/8")).toSubset("v1", 50).toSubset("v2", 50))
        .tlsRoute(t -> t.whenSni("productpage.bookinfo.svc.cluster.local").whenPort(443).toHost("productpage", 443))
        .circuitBreaker(cb -> cb.maxConnections(1).connectTimeout(Duration.ofMillis(30)).maxPendingRequests(2)
            .maxRequests(3).maxRequestsPerConnection(4).maxRetries(5).idleTimeout(Duration.ofMinutes(1))
            .ejectAfter5xx(6).consecutiveGatewayErrors(7).interval(Duration.ofSeconds(8))
            .baseEjectionTime(Duration.ofSeconds(9)).maxEjectionPercent(10).minHealthPercent(11))
        .loadBalancer(lb -> lb.hashCookie("s", Duration.ZERO).hashCookiePath("/").localityEnabled(true)
            .failover("a", "b").addFailoverPriority("topology.kubernetes.io/region"))
        .tls(t -> t.mode(UpstreamTls.Mode.MUTUAL).credentialName("client").sni("p.example.com")
            .addSubjectAltName("spiffe://cluster.local/ns/bookinfo/sa/productpage"))
        .portOverride(9080, p -> p.circuitBreaker(cb -> cb.maxConnections(2))
            .loadBalancer(lb -> lb.distribute("a/*", Map.of("a/*", 100))).tls(t -> t.mode(UpstreamTls.Mode.SIMPLE)))
        .build();
  }

  @Test
  @DisplayName("round-trips a policy that sets every traffic and resilience field, unchanged")
  void roundTripsEveryField() throws Exception {
    TrafficPolicy everything = everything();
    String json = mapper.writerFor(Policy.class).writeValueAsString(everything);

    Policy back = mapper.readValue(json, Policy.class);

    assertThat(back).isEqualTo(everything);
    assertThat(mapper.writerFor(Policy.class).writeValueAsString(back)).isEqualTo(json);
    assertThat(json).doesNotContain("\"empty\"", "matchesEverything", "hasRoutes", "hasDestinationSettings");
  }

  @Test
  @DisplayName("is validated again when read, so a stored intent cannot smuggle in a broken policy")
  void validatesWhenRead() {
    String broken = "{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\","
        + "\"routes\":[{\"destinations\":[{\"subset\":\"v9\"}]}]}";
    assertThatThrownBy(() -> mapper.readValue(broken, Policy.class))
        .isInstanceOf(JsonMappingException.class)
        .hasRootCauseInstanceOf(PolicyValidationException.class)
        .rootCause().hasMessageContaining("routes[0].destinations[0].subset");
  }
}
