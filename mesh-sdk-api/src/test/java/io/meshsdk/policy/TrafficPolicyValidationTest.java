package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A TrafficPolicy")
class TrafficPolicyValidationTest {

  private static TrafficPolicy.Builder reviews() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"));
  }

  @Test
  @DisplayName("builds the canary of the design with routes in order and the host as its name")
  void buildsCanary() {
    TrafficPolicy canary = reviews()
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)
            .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
        .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
        .build();

    assertThat(canary.name()).isEqualTo("reviews");
    assertThat(canary.ref()).isEqualTo(PolicyRef.traffic("bookinfo", "reviews"));
    assertThat(canary.routes()).hasSize(2);
    assertThat(canary.routes().get(0).matches()).singleElement()
        .satisfies(m -> assertThat(m.headers()).containsEntry("end-user", StringMatch.exact("jason")));
    assertThat(canary.routes().get(1).destinations())
        .extracting(RouteDestination::subset, RouteDestination::weight)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Optional.of("v1"), 90),
            org.assertj.core.groups.Tuple.tuple(Optional.of("v2"), 10));
    assertThat(canary.routes().get(1).retries()).contains(Retries.of(3, Duration.ofMillis(500)));
    assertThat(canary.circuitBreaker().flatMap(CircuitBreaker::consecutive5xxErrors)).contains(5);
  }

  @Test
  @DisplayName("reports wrong weights, an empty host and a negative timeout in one exception")
  void reportsEveryViolationAtOnce() {
    assertThatThrownBy(() -> PolicyBuilder.forService("").inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1"))
            .subset("v2", Map.of("version", "v2"))
            .route(r -> r.toSubset("v1", 90).toSubset("v2", 20).timeout(Duration.ofSeconds(-1)))
            .build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
          assertThat(e.retryable()).isFalse();
          assertThat(e.violations()).extracting(Violation::field)
              .containsExactlyInAnyOrder("host", "routes[0].destinations", "routes[0].timeout");
          assertThat(e.getMessage())
              .contains("`routes[0].destinations` weights must add up to 100, but add up to 110")
              .contains("`host` must not be empty")
              .contains("`routes[0].timeout` must be at least 1ms, but was PT-1S");
        });
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("a weight above 100", "routes[0].destinations[0].weight",
            b -> b.route(r -> r.toSubset("v1", 120).toSubset("v2", -20))),
        mistake("a route to an undeclared subset", "routes[0].destinations[0].subset",
            b -> b.route(r -> r.toSubset("v3"))),
        mistake("a route without destinations", "routes[0].destinations",
            b -> b.route(r -> r.whenUriPrefix("/api"))),
        mistake("a route after a catch-all route", "routes[1]",
            b -> b.route(r -> r.toSubset("v1")).route(r -> r.whenUriPrefix("/api").toSubset("v2"))),
        mistake("an upper-case header name", "routes[0].matches[0].headers.End-User",
            b -> b.route(r -> r.whenHeader("End-User").exact("jason").toSubset("v2"))),
        mistake("a regex that does not compile", "routes[0].matches[0].headers.x-user",
            b -> b.route(r -> r.whenHeader("x-user").regex("(unclosed").toSubset("v2"))),
        mistake("an empty URI prefix", "routes[0].matches[0].uri",
            b -> b.route(r -> r.whenUriPrefix("").toSubset("v2"))),
        mistake("a timeout under 1ms", "routes[0].timeout",
            b -> b.route(r -> r.toSubset("v1").timeout(Duration.ofNanos(500)))),
        mistake("negative retries", "routes[0].retries.attempts",
            b -> b.route(r -> r.toSubset("v1").retries(-1, Duration.ofMillis(100)))),
        mistake("a per-try timeout longer than the route's", "routes[0].retries.perTryTimeout",
            b -> b.route(r -> r.toSubset("v1").timeout(Duration.ofSeconds(1)).retries(2, Duration.ofSeconds(2)))),
        mistake("a repeated subset", "subsets[2].name", b -> b.subset("v1", Map.of("version", "v1"))),
        mistake("a subset without labels", "subsets[2].labels", b -> b.subset("v3", Map.of())),
        mistake("an invalid label value", "subsets[2].labels.version",
            b -> b.subset("v3", Map.of("version", "v 3"))),
        mistake("a port out of range", "routes[0].destinations[0].port",
            b -> b.route(r -> r.addDestination(RouteDestination.builder().subset("v1").port(70000).build()))),
        mistake("a partial weight on a route's only destination", "routes[0].destinations[0].weight",
            b -> b.route(r -> r.toSubset("v1", 50))),
        mistake("a zero connection limit", "circuitBreaker.maxConnections",
            b -> b.circuitBreaker(cb -> cb.maxConnections(0))),
        mistake("an invalid policy name", "name", b -> b.named("Reviews_Canary")));
  }

  private static Arguments mistake(String what, String field, Consumer<TrafficPolicy.Builder> change) {
    return Arguments.of(what, field, change);
  }

  @ParameterizedTest(name = "{0} is reported at {1}")
  @MethodSource("mistakes")
  @DisplayName("reports each mistake at its field path")
  void reportsMistake(String what, String field, Consumer<TrafficPolicy.Builder> change) {
    TrafficPolicy.Builder builder = reviews();
    change.accept(builder);
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(PolicyValidationException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).contains(field));
  }

  @Test
  @DisplayName("refuses a policy that says nothing")
  void refusesEmptyPolicy() {
    assertThatThrownBy(() -> PolicyBuilder.forService("reviews").inNamespace("bookinfo").build())
        .isInstanceOfSatisfying(PolicyValidationException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("routes"));
  }

  @Test
  @DisplayName("refuses a source-label condition without labels, which would match every client")
  void refusesEmptySourceLabels() {
    assertThatThrownBy(() -> reviews().route(r -> r.whenSourceLabels(Map.of()).toSubset("v2")).build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("sourceLabels");
              assertThat(v.message()).contains("at least one label");
            }));
    assertThatThrownBy(() -> reviews().tcpRoute(t -> t.whenSourceLabels(Map.of()).toSubset("v2")).build())
        .isInstanceOfSatisfying(PolicyValidationException.class,
            e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("sourceLabels"));
  }

  @Test
  @DisplayName("accepts routes to declared subsets of its own service however the host is written")
  void acceptsOwnServiceInAnyForm() {
    TrafficPolicy policy = reviews()
        .route(r -> r.whenHeader("end-user").exact("jason")
            .addDestination(RouteDestination.builder().host("reviews.bookinfo.svc.cluster.local").subset("v2").build()))
        .route(r -> r.addDestination(RouteDestination.builder().host("reviews.bookinfo").subset("v1").build())
            .mirror(m -> m.host("reviews.bookinfo.svc").subset("v2")))
        .build();

    assertThat(policy.routes()).hasSize(2);
    assertThat(policy.isOwnService("reviews.bookinfo.svc.cluster.local")).isTrue();
    assertThat(policy.isOwnService("reviews.other")).isFalse();
    assertThat(policy.isOwnService("reviews.example.com")).isFalse();
  }

  @Test
  @DisplayName("refuses a policy whose intent would not fit the API server's 256 KiB annotation limit")
  void refusesIntentOverAnnotationLimit() {
    assertThatThrownBy(() -> reviews()
            .route(r -> r.toSubset("v1").setRequestHeader("x-blob", "a".repeat(300_000)))
            .build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("intent");
              assertThat(v.message()).containsPattern("canonical JSON, 300[0-9]{3} bytes")
                  .contains("262144 bytes (256 KiB)");
            }));

    assertThat(reviews().route(r -> r.toSubset("v1").setRequestHeader("x-blob", "a".repeat(200_000))).build()
        .routes()).hasSize(1);
  }

  @Test
  @DisplayName("quotes a bounded excerpt of a multi-megabyte value in its messages")
  void boundsMessages() {
    String huge = "Reviews".repeat(1_500_000);
    assertThatThrownBy(() -> PolicyBuilder.forService(huge).inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1"))
            .route(r -> r.whenHeader("x-" + huge.toLowerCase()).exact(huge + "\r\n").toSubset("v1"))
            .build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).contains("host", "name", "intent");
          assertThat(e.getMessage()).hasSizeLessThan(8_000)
              .contains("\"ReviewsReviews")
              .contains("(10500000 characters)")
              .doesNotContain("\r\n");
          assertThat(e.violations()).allSatisfy(v -> {
            assertThat(v.field()).hasSizeLessThan(1_100);
            assertThat(v.message()).hasSizeLessThan(1_100);
          });
        });
  }

  @Test
  @DisplayName("ANDs the when-conditions of a route and ORs its explicit matches")
  void combinesConditions() {
    TrafficPolicy policy = reviews()
        .route(r -> r.whenHeader("end-user").exact("jason").whenUriPrefix("/reviews")
            .match(m -> m.headerExact("x-canary", "1"))
            .toSubset("v2"))
        .build();
    assertThat(policy.routes().get(0).matches()).hasSize(2);
    assertThat(policy.routes().get(0).matches())
        .anySatisfy(m -> {
          assertThat(m.headers()).containsOnlyKeys("end-user");
          assertThat(m.uri()).contains(StringMatch.prefix("/reviews"));
        });
  }
}
