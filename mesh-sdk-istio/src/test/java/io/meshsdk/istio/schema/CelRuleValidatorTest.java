package io.meshsdk.istio.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CelRuleValidator")
class CelRuleValidatorTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Nested
    @DisplayName("on Istio's CRDs")
    class OnIstio {

        @Test
        @DisplayName("finds every rule of crd-all.gen.yaml and can evaluate all of them")
        void evaluatesEveryIstioRule() {
            CelRuleValidator cel = IstioValidation.cel();

            // 398 rule declarations across all kinds and versions, 36 distinct expressions.
            assertThat(cel.rules()).hasSize(398);
            assertThat(cel.rules().stream().map(CelRuleValidator.Rule::rule).distinct()).hasSize(36);
            // The explicit list of rules the SDK cannot evaluate: none. A rule added to Istio's
            // CRDs that needs a function this validator lacks makes this list non-empty, with the
            // compiler's reason, and fails here instead of being passed over.
            assertThat(cel.unevaluable()).isEmpty();
        }

        @Test
        @DisplayName("rejects durations under 1ms and malformed durations where Istio's rule applies")
        void rejectsShortDurations() {
            JsonNode vs = yaml("""
                    apiVersion: networking.istio.io/v1
                    kind: VirtualService
                    metadata: {name: r, namespace: ns}
                    spec:
                      hosts: [r]
                      http:
                      - timeout: 0.5ms
                        retries: {attempts: 1, perTryTimeout: 2s}
                        route: [{destination: {host: r}}]
                      - timeout: soon
                        route: [{destination: {host: r}}]
                    """);

            assertThat(IstioValidation.cel().validate(vs)).satisfiesExactly(
                    first -> assertThat(first).isEqualTo("spec.http[0].timeout: must be a valid duration greater"
                            + " than 1ms (rule: duration(self) >= duration('1ms'))"),
                    second -> assertThat(second)
                            .startsWith("spec.http[1].timeout: must be a valid duration greater than 1ms"
                                    + " (evaluation error: ")
                            .endsWith(" (rule: duration(self) >= duration('1ms'))"));
        }

        @Test
        @DisplayName("accepts Go duration strings of every unit Istio's translation writes")
        void acceptsGoDurations() {
            for (String duration : new String[] {"1ms", "250ms", "1.5s", "90s", "5m", "1h", "1h30m"}) {
                JsonNode vs = yaml("""
                        apiVersion: networking.istio.io/v1
                        kind: VirtualService
                        metadata: {name: r, namespace: ns}
                        spec:
                          hosts: [r]
                          http: [{timeout: "%s", route: [{destination: {host: r}}]}]
                        """.formatted(duration));
                assertThat(IstioValidation.cel().validate(vs)).as(duration).isEmpty();
            }
        }

        @Test
        @DisplayName("evaluates map rules on keys and values, and object rules with has()")
        void evaluatesMapAndObjectRules() {
            JsonNode dr = yaml("""
                    apiVersion: networking.istio.io/v1
                    kind: DestinationRule
                    metadata: {name: r, namespace: ns}
                    spec:
                      host: r
                      workloadSelector:
                        matchLabels: {"app*": "x", "version": "v*"}
                    """);
            JsonNode se = yaml("""
                    apiVersion: networking.istio.io/v1
                    kind: ServiceEntry
                    metadata: {name: e, namespace: ns}
                    spec:
                      hosts: ["*"]
                      resolution: NONE
                      endpoints: [{address: unix://relative}]
                      ports: [{number: 80, name: a}, {number: 80, name: b}]
                    """);

            assertThat(IstioValidation.cel().validate(dr)).containsExactly(
                    "spec.workloadSelector.matchLabels: wildcard not allowed in label key match"
                            + " (rule: self.all(key, !key.contains(\"*\")))",
                    "spec.workloadSelector.matchLabels.version: wildcard not allowed in label value match"
                            + " (rule: !self.contains(\"*\"))");
            assertThat(IstioValidation.cel().validate(se)).extracting(m -> m.substring(0, m.indexOf(" (rule:")))
                    .containsExactly(
                            "spec: NONE mode cannot set endpoints",
                            "spec.hosts[0]: hostname cannot be wildcard",
                            "spec.endpoints[0].address: UDS must be an absolute path or abstract socket",
                            "spec.ports: port number cannot be duplicated");
        }

        @Test
        @DisplayName("evaluates Kubernetes URL functions")
        void evaluatesUrlFunctions() {
            JsonNode wasm = yaml("""
                    apiVersion: extensions.istio.io/v1alpha1
                    kind: WasmPlugin
                    metadata: {name: w, namespace: ns}
                    spec: {url: "ftp://example.com/filter.wasm"}
                    """);
            JsonNode ok = yaml("""
                    apiVersion: extensions.istio.io/v1alpha1
                    kind: WasmPlugin
                    metadata: {name: w, namespace: ns}
                    spec: {url: "oci://ghcr.io/acme/filter:1.0"}
                    """);

            assertThat(IstioValidation.cel().validate(wasm)).singleElement().asString()
                    .startsWith("spec.url: url must have schema one of [http, https, file, oci]");
            assertThat(IstioValidation.cel().validate(ok)).isEmpty();
        }

        @Test
        @DisplayName("refuses an object whose kind no CRD defines")
        void refusesUnknownKind() {
            assertThatThrownBy(() -> IstioValidation.cel().validate(yaml("apiVersion: v1\nkind: Service\n")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no CustomResourceDefinition defines v1 Service");
        }
    }

    @Nested
    @DisplayName("on a synthetic CRD")
    class OnSyntheticCrd {

        @Test
        @DisplayName("lists transition rules, rules inside junctors and rules that do not compile, with reasons")
        void listsUnevaluableRules(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("crd.yaml"), """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    spec:
                      group: example.io
                      names: {kind: Widget}
                      versions:
                      - name: v1
                        schema:
                          openAPIV3Schema:
                            type: object
                            properties:
                              spec:
                                type: object
                                x-kubernetes-validations:
                                - {rule: "self.size == oldSelf.size", message: immutable}
                                - {rule: "self.size.frobnicate()", message: unknown function}
                                - {rule: "self.size <= 10", message: too big}
                                oneOf:
                                - x-kubernetes-validations: [{rule: "true"}]
                                properties:
                                  size: {type: integer}
                                  ratio:
                                    type: number
                                    x-kubernetes-validations: [{rule: "self < 1.0", message: ratio}]
                    """);

            CelRuleValidator cel = CelRuleValidator.load(file);

            assertThat(cel.unevaluable()).extracting(u -> u.rule().rule() + " -> " + u.reason().split(":")[0])
                    .containsExactly(
                            "true -> declared inside allOf/anyOf/oneOf/not, where the API server does not evaluate rules",
                            "self.size == oldSelf.size -> transition rule",
                            "self.size.frobnicate() -> does not compile with the supported CEL library");
            JsonNode widget = yaml("apiVersion: example.io/v1\nkind: Widget\nspec: {size: 11, ratio: 1}");
            assertThat(cel.validate(widget)).containsExactly(
                    "spec: too big (rule: self.size <= 10)",
                    "spec.ratio: ratio (rule: self < 1.0)");
        }
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
