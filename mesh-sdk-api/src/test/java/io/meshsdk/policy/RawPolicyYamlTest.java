package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.PolicyValidationException;
import io.meshsdk.resource.MeshResource;
import java.util.Collections;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A raw policy read from YAML")
class RawPolicyYamlTest {
  private static final String HEAD =
      "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: f\n  namespace: bookinfo\n";

  @Test
  @DisplayName("resolves aliases to mappings, lists and scalars, and merge keys, as kubectl does")
  void resolvesAliases() {
    RawPolicy policy = PolicyBuilder.raw(HEAD
            + "spec:\n"
            + "  workloadSelector:\n"
            + "    labels: &selector\n"
            + "      app: reviews\n"
            + "      version: v1\n"
            + "  priority: &priority 10\n"
            + "  configPatches:\n"
            + "  - applyTo: HTTP_FILTER\n"
            + "    match: &inbound\n"
            + "      context: SIDECAR_INBOUND\n"
            + "      proxy: {proxyVersion: '^1\\.2.*'}\n"
            + "    patch: {operation: INSERT_BEFORE, value: {name: a}}\n"
            + "  - applyTo: HTTP_FILTER\n"
            + "    match:\n"
            + "      <<: *inbound\n"
            + "      context: SIDECAR_OUTBOUND\n"
            + "    patch: {operation: INSERT_BEFORE, value: {name: b, labels: *selector, weight: *priority}}\n")
        .build();

    MeshResource filter = policy.resources().get(0);
    assertThat(filter.content().at("/spec/configPatches/1/match/context").asText()).isEqualTo("SIDECAR_OUTBOUND");
    assertThat(filter.content().at("/spec/configPatches/1/match/proxy/proxyVersion").asText()).isEqualTo("^1\\.2.*");
    assertThat(filter.content().at("/spec/configPatches/1/match").has("<<")).isFalse();
    assertThat(filter.content().at("/spec/configPatches/1/patch/value/labels/version").asText()).isEqualTo("v1");
    assertThat(filter.content().at("/spec/configPatches/1/patch/value/weight").isInt()).isTrue();
    assertThat(filter.content().at("/spec/configPatches/1/patch/value/weight").asInt()).isEqualTo(10);
  }

  @Test
  @DisplayName("refuses a second spec instead of silently dropping the first one's workload selector")
  void refusesRepeatedKey() {
    String yaml = HEAD
        + "spec:\n"
        + "  workloadSelector:\n"
        + "    labels: {app: reviews}\n"
        + "spec:\n"
        + "  configPatches: []\n";

    assertThatThrownBy(() -> PolicyBuilder.raw(yaml).build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("documents[0].spec");
              assertThat(v.message()).contains("repeats key \"spec\"").contains("lines 6 and 9");
            }));
  }

  @Test
  @DisplayName("refuses a repeated key in JSON too, and names the document it is in")
  void refusesRepeatedKeyInSecondDocument() {
    String yaml = HEAD + "spec: {}\n---\n"
        + "{\"apiVersion\": \"networking.istio.io/v1alpha3\", \"kind\": \"EnvoyFilter\","
        + " \"metadata\": {\"name\": \"g\", \"namespace\": \"bookinfo\", \"name\": \"h\"}, \"spec\": {}}\n";

    assertThatThrownBy(() -> PolicyBuilder.raw(yaml).named("filters").build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .extracting(v -> v.field()).containsExactly("documents[1].metadata.name"));
  }

  @Test
  @DisplayName("stops a document of nested aliases after a bounded expansion")
  void boundsAliasExpansion() {
    StringBuilder yaml = new StringBuilder(HEAD).append("spec:\n  l0: &l0 [\"lol\"]\n");
    for (int level = 1; level <= 9; level++) {
      yaml.append("  l").append(level).append(": &l").append(level).append(" [")
          .append(String.join(", ", Collections.nCopies(10, "*l" + (level - 1)))).append("]\n");
    }

    assertThatThrownBy(() -> PolicyBuilder.raw(yaml.toString()).build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .singleElement().satisfies(v -> {
              assertThat(v.field()).startsWith("documents[0].spec.l");
              assertThat(v.message()).contains("more than 10000 nodes");
            }));
  }

  @Test
  @DisplayName("refuses an alias that refers to itself")
  void refusesRecursiveAlias() {
    assertThatThrownBy(() -> PolicyBuilder.raw(HEAD + "spec:\n  a: &a [*a]\n").build())
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("documents[0].spec.a[0]");
              assertThat(v.message()).contains("\"&a\"").contains("not defined before it");
            }));
  }
}
