package io.meshsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.Policies;
import io.meshsdk.policy.PolicyBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The message codes platforms translate: their spelling is a contract, so this test lists them.
 * Changing a code here is a breaking change.
 */
@DisplayName("Message codes and arguments")
class MessageCodesTest {

  @Test
  @DisplayName("every violation of a policy has a code made of its field path and rule, with its values")
  void policyViolations() {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> PolicyBuilder.forService("Reviews!").inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1")).subset("v1", Map.of("version", "v 1"))
            .route(r -> r.toSubset("v1", 120).toSubset("v2", 10).timeout(Duration.ofNanos(5)))
            .build());

    assertThat(e.messageCode()).isEqualTo("policy.invalid");
    assertThat(e.arguments()).containsEntry("subject", "TrafficPolicy bookinfo/Reviews!").containsEntry("violations", 8);
    assertThat(e.violations()).extracting(Violation::code).containsExactly(
        "host.dns-subdomain",
        "name.dns-label",
        "subsets.name.duplicate",
        "subsets.labels.label-value",
        "routes.destinations.weight.range",
        "routes.destinations.subset.reference",
        "routes.destinations.sum",
        "routes.timeout.range");
    assertThat(e.violations().get(4).arguments()).containsExactly(
        Map.entry("field", "routes[0].destinations[0].weight"), Map.entry("min", 0L), Map.entry("max", 100L),
        Map.entry("value", 120L));
    assertThat(e.violations().get(4).rule()).isEqualTo("range");
    assertThat(e.violations().get(3).arguments()).containsEntry("key", "version").containsEntry("value", "v 1");
    assertThat(e.violations().get(0).arguments()).containsEntry("value", "Reviews!");
    assertThat(e.violations().get(6).arguments()).containsEntry("value", 130L);
    assertThat(e.violations()).allSatisfy(v -> assertThat(Violation.RULES).contains(v.rule()));
  }

  @Test
  @DisplayName("a map key in a field path moves to the arguments, so the code stays the same for every key")
  void mapKeys() {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class,
        () -> PolicyBuilder.forWorkload("bookinfo", Map.of("app/x/y", "v")).mtls(MtlsMode.STRICT)
            .port(70000, MtlsMode.DISABLE).build());

    assertThat(e.violations()).extracting(Violation::code, v -> v.arguments().get("key"))
        .containsExactly(tuple("selector.key", "app/x/y"), tuple("portModes.range", "70000"));
  }

  @Test
  @DisplayName("policy JSON that is malformed is refused with a code per field")
  void jsonViolations() {
    assertThat(codeOf("{\"kind\":\"TrafficPolicy\",\"namespace\":\"bookinfo\"}")).isEqualTo("host.required");
    assertThat(codeOf("{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\",\"hostname\":1}"))
        .isEqualTo("hostname.unknown");
    assertThat(codeOf("{\"kind\":\"Canary\"}")).isEqualTo("kind.reference");
    assertThat(codeOf("{\"host\":\"reviews\"}")).isEqualTo("kind.required");
    assertThat(codeOf("{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\","
        + "\"routes\":[{\"destinations\":[{\"subset\":\"v1\",\"weight\":\"x\"}]}]}"))
        .isEqualTo("routes.destinations.weight.type");
    assertThat(codeOf("{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\","
        + "\"routes\":[{\"destinations\":[{\"host\":\"a\",\"weight\":60},{\"host\":\"b\",\"weight\":60}]}]}"))
        .isEqualTo("routes.destinations.sum");
    assertThat(codeOf("not json")).isEqualTo("format");

    PolicyValidationException unknown = catchThrowableOfType(PolicyValidationException.class,
        () -> Policies.fromJson("{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\",\"hostname\":1}"));
    assertThat(unknown.violations().get(0).message()).startsWith("is not a property of TrafficPolicy; known properties are [");
    assertThat(unknown.violations().get(0).arguments()).containsEntry("property", "hostname");
  }

  private static String codeOf(String json) {
    PolicyValidationException e = catchThrowableOfType(PolicyValidationException.class, () -> Policies.fromJson(json));
    assertThat(e).as(json).isNotNull();
    assertThat(e.violations()).as(json).hasSize(1);
    return e.violations().get(0).code();
  }

  @Test
  @DisplayName("an exception without a specific code takes one from its error code")
  void defaultCodes() {
    assertThat(Arrays.stream(ErrorCode.values()).map(MeshException::defaultMessageCode).collect(Collectors.toList()))
        .containsExactly("error.invalid-policy", "error.invalid-input", "error.not-found", "error.already-exists",
            "error.conflict", "error.stale-plan", "error.unsupported-capability", "error.configuration", "error.forbidden",
            "error.placement-rejected", "error.cluster-unreachable", "error.rate-limited", "error.timeout",
            "error.backend-error", "error.interrupted", "error.internal", "error.analysis-rejected");
    MeshException plain = new MeshException(ErrorCode.TIMEOUT, "listing took too long");
    assertThat(plain.messageCode()).isEqualTo("error.timeout");
    assertThat(plain.arguments()).isEmpty();
    assertThat(new MeshNotFoundException("cluster.not-registered", Map.of("cluster", "bj-1"), "cluster bj-1 is not registered"))
        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .satisfies(e -> assertThat(e.messageCode()).isEqualTo("cluster.not-registered"))
        .satisfies(e -> assertThat(e.arguments()).containsExactly(Map.entry("cluster", "bj-1")));
    assertThat(new ValidationException("ClusterSpec bj-1", List.of(Violation.of("qps", "must be positive, but was 0"))))
        .satisfies(e -> assertThat(e.messageCode()).isEqualTo("input.invalid"))
        .satisfies(e -> assertThat(e.violations().get(0).code()).isEqualTo("qps.range"))
        .satisfies(e -> assertThat(e.violations().get(0).arguments()).containsEntry("value", 0L));
  }
}
