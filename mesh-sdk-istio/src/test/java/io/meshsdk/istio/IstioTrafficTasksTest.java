package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.istio.schema.IstioValidation;
import io.meshsdk.policy.LoadBalancer;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.TranslationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Istio's traffic-management tasks (istio.io/latest/docs/tasks/traffic-management), each built
 * with the SDK: the objects it emits say what the task's YAML says, and the API server would
 * accept them.
 */
@DisplayName("Istio's traffic-management tasks, built with the SDK")
class IstioTrafficTasksTest {
  private static final MeshBackend BACKEND = new IstioBackendProvider().create();
  private static final TranslationContext CONTEXT = TranslationContext.of("prod");

  private static final Map<String, String> V1 = Map.of("version", "v1");
  private static final Map<String, String> V2 = Map.of("version", "v2");
  private static final Map<String, String> V3 = Map.of("version", "v3");

  /** Translates and checks every object against Istio's schema and CEL rules. */
  private static List<MeshResource> translate(TrafficPolicy policy) {
    List<MeshResource> resources = BACKEND.translate(policy, CONTEXT);
    resources.forEach(resource -> IstioValidation.assertAccepted(resource.content()));
    return resources;
  }

  private static JsonNode spec(List<MeshResource> resources, String kind) {
    return resources.stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow()
        .field("spec").orElseThrow();
  }

  @Test
  @DisplayName("request routing: jason sees reviews v2, everyone else v1")
  void requestRouting() {
    List<MeshResource> objects = translate(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", V1).subset("v2", V2).subset("v3", V3)
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1"))
        .build());

    JsonNode http = spec(objects, "VirtualService").path("http");
    assertThat(http.at("/0/match/0/headers/end-user/exact").asText()).isEqualTo("jason");
    assertThat(http.at("/0/route/0/destination/subset").asText()).isEqualTo("v2");
    assertThat(http.at("/1/match").isMissingNode()).isTrue();
    assertThat(http.at("/1/route/0/destination/subset").asText()).isEqualTo("v1");
    assertThat(spec(objects, "DestinationRule").path("subsets")).extracting(s -> s.path("name").asText())
        .containsExactly("v1", "v2", "v3");
  }

  @Test
  @DisplayName("fault injection: a 7s delay for jason on ratings, and an HTTP 500 abort")
  void faultInjection() {
    JsonNode delay = spec(translate(PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .subset("v1", V1)
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v1")
            .fault(f -> f.delay(Duration.ofSeconds(7), 100)))
        .route(r -> r.toSubset("v1"))
        .build()), "VirtualService");
    JsonNode abort = spec(translate(PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .subset("v1", V1)
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v1")
            .fault(f -> f.abort(500, 100)))
        .route(r -> r.toSubset("v1"))
        .build()), "VirtualService");

    assertThat(delay.at("/http/0/fault/delay/fixedDelay").asText()).isEqualTo("7s");
    assertThat(delay.at("/http/0/fault/delay/percentage/value").asDouble()).isEqualTo(100.0);
    assertThat(abort.at("/http/0/fault/abort/httpStatus").asInt()).isEqualTo(500);
    assertThat(abort.at("/http/0/fault/abort/percentage/value").asDouble()).isEqualTo(100.0);
    assertThat(abort.at("/http/1/fault").isMissingNode()).isTrue();
  }

  @Test
  @DisplayName("HTTP traffic shifting: 50% of reviews traffic to v3")
  void httpTrafficShifting() {
    JsonNode vs = spec(translate(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", V1).subset("v3", V3)
        .route(r -> r.toSubset("v1", 50).toSubset("v3", 50))
        .build()), "VirtualService");

    assertThat(vs.at("/http/0/route")).extracting(d -> d.at("/destination/subset").asText() + "=" + d.path("weight"))
        .containsExactly("v1=50", "v3=50");
  }

  @Test
  @DisplayName("TCP traffic shifting: 20% of tcp-echo connections to v2")
  void tcpTrafficShifting() {
    JsonNode vs = spec(translate(PolicyBuilder.forService("tcp-echo").inNamespace("istio-io-tcp-traffic-shifting")
        .subset("v1", V1).subset("v2", V2)
        .tcpRoute(t -> t.whenPort(31400).toSubset("v1", 80).toSubset("v2", 20))
        .build()), "VirtualService");

    assertThat(vs.at("/tcp/0/match/0/port").asInt()).isEqualTo(31400);
    assertThat(vs.at("/tcp/0/route")).extracting(d -> d.at("/destination/subset").asText() + "=" + d.path("weight"))
        .containsExactly("v1=80", "v2=20");
    assertThat(vs.has("http")).isFalse();
  }

  @Test
  @DisplayName("request timeouts: reviews v2 times out after 0.5s while ratings is delayed 2s")
  void requestTimeouts() {
    JsonNode reviews = spec(translate(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v2", V2)
        .route(r -> r.toSubset("v2").timeout(Duration.ofMillis(500)))
        .build()), "VirtualService");
    JsonNode ratings = spec(translate(PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .subset("v1", V1)
        .route(r -> r.toSubset("v1").fault(f -> f.delay(Duration.ofSeconds(2), 100)))
        .build()), "VirtualService");

    assertThat(reviews.at("/http/0/timeout").asText()).isEqualTo("500ms");
    assertThat(ratings.at("/http/0/fault/delay/fixedDelay").asText()).isEqualTo("2s");
  }

  @Test
  @DisplayName("retries: ratings retries 3 times, 2s per try, on 5xx and connection failures")
  void retries() {
    JsonNode vs = spec(translate(PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .subset("v1", V1)
        .route(r -> r.toSubset("v1")
            .retries(x -> x.attempts(3).perTryTimeout(Duration.ofSeconds(2)).retryOn("5xx,connect-failure")))
        .build()), "VirtualService");

    assertThat(vs.at("/http/0/retries/attempts").asInt()).isEqualTo(3);
    assertThat(vs.at("/http/0/retries/perTryTimeout").asText()).isEqualTo("2s");
    assertThat(vs.at("/http/0/retries/retryOn").asText()).isEqualTo("5xx,connect-failure");
  }

  @Test
  @DisplayName("circuit breaking: httpbin trips after one connection and one pending request")
  void circuitBreaking() {
    JsonNode dr = spec(translate(PolicyBuilder.forService("httpbin").inNamespace("default")
        .circuitBreaker(cb -> cb.maxConnections(1).maxPendingRequests(1).maxRequestsPerConnection(1)
            .ejectAfter5xx(1).interval(Duration.ofSeconds(1)).baseEjectionTime(Duration.ofMinutes(3))
            .maxEjectionPercent(100))
        .build()), "DestinationRule");

    assertThat(dr.at("/trafficPolicy/connectionPool/tcp/maxConnections").asInt()).isEqualTo(1);
    assertThat(dr.at("/trafficPolicy/connectionPool/http/http1MaxPendingRequests").asInt()).isEqualTo(1);
    assertThat(dr.at("/trafficPolicy/connectionPool/http/maxRequestsPerConnection").asInt()).isEqualTo(1);
    assertThat(dr.at("/trafficPolicy/outlierDetection/consecutive5xxErrors").asInt()).isEqualTo(1);
    assertThat(dr.at("/trafficPolicy/outlierDetection/interval").asText()).isEqualTo("1s");
    assertThat(dr.at("/trafficPolicy/outlierDetection/baseEjectionTime").asText()).isEqualTo("3m");
    assertThat(dr.at("/trafficPolicy/outlierDetection/maxEjectionPercent").asInt()).isEqualTo(100);
  }

  @Test
  @DisplayName("mirroring: all httpbin traffic goes to v1 and is copied to v2")
  void mirroring() {
    JsonNode vs = spec(translate(PolicyBuilder.forService("httpbin").inNamespace("default")
        .subset("v1", V1).subset("v2", V2)
        .route(r -> r.toSubset("v1", 100).mirror(m -> m.subset("v2").percent(100.0)))
        .build()), "VirtualService");

    assertThat(vs.at("/http/0/route/0/destination/subset").asText()).isEqualTo("v1");
    assertThat(vs.at("/http/0/mirror/subset").asText()).isEqualTo("v2");
    assertThat(vs.at("/http/0/mirror/host").asText()).isEqualTo("httpbin.default.svc.cluster.local");
    assertThat(vs.at("/http/0/mirrorPercentage/value").asDouble()).isEqualTo(100.0);
  }

  @Test
  @DisplayName("locality failover: helloworld fails over from region1 to region2, with outlier detection")
  void localityFailover() {
    JsonNode dr = spec(translate(PolicyBuilder.forService("helloworld").inNamespace("sample")
        .circuitBreaker(cb -> cb.maxRequestsPerConnection(1).ejectAfter5xx(1).interval(Duration.ofSeconds(1))
            .baseEjectionTime(Duration.ofMinutes(1)))
        .loadBalancer(lb -> lb.localityEnabled(true).failover("region1", "region2"))
        .build()), "DestinationRule");

    assertThat(dr.at("/trafficPolicy/loadBalancer/localityLbSetting/enabled").asBoolean()).isTrue();
    assertThat(dr.at("/trafficPolicy/loadBalancer/localityLbSetting/failover/0/from").asText()).isEqualTo("region1");
    assertThat(dr.at("/trafficPolicy/loadBalancer/localityLbSetting/failover/0/to").asText()).isEqualTo("region2");
    assertThat(dr.at("/trafficPolicy/outlierDetection/consecutive5xxErrors").asInt()).isEqualTo(1);
  }

  @Test
  @DisplayName("locality weighted distribution: region1/zone1 keeps 70% local")
  void localityDistribution() {
    JsonNode dr = spec(translate(PolicyBuilder.forService("helloworld").inNamespace("sample")
        .loadBalancer(lb -> lb.algorithm(LoadBalancer.Algorithm.ROUND_ROBIN)
            .distribute("region1/zone1/*", Map.of("region1/zone1/*", 70, "region1/zone2/*", 30)))
        .build()), "DestinationRule");

    JsonNode distribute = dr.at("/trafficPolicy/loadBalancer/localityLbSetting/distribute/0");
    assertThat(distribute.path("from").asText()).isEqualTo("region1/zone1/*");
    assertThat(distribute.at("/to/region1~1zone1~1*").asInt()).isEqualTo(70);
    assertThat(distribute.at("/to/region1~1zone2~1*").asInt()).isEqualTo(30);
    assertThat(dr.at("/trafficPolicy/loadBalancer/simple").asText()).isEqualTo("ROUND_ROBIN");
  }
}
