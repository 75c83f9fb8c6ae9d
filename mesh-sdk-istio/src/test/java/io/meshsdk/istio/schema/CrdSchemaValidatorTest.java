package io.meshsdk.istio.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

@DisplayName("CrdSchemaValidator")
class CrdSchemaValidatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static volatile CrdSchemaValidator istio;

    private static final String VIRTUAL_SERVICE = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: bookinfo
              labels:
                app.kubernetes.io/managed-by: mesh-sdk
            spec:
              hosts:
              - reviews
              http:
              - name: canary
                match:
                - headers:
                    end-user:
                      exact: jason
                  uri:
                    prefix: /reviews
                route:
                - destination:
                    host: reviews
                    subset: v2
                  weight: 90
                - destination:
                    host: reviews
                    subset: v3
                    port:
                      number: 9080
                  weight: 10
                timeout: 10s
                retries:
                  attempts: 3
                  perTryTimeout: 2s
                  retryOn: 5xx,connect-failure
              - route:
                - destination:
                    host: reviews
                    subset: v1
            """;

    private static final String DESTINATION_RULE = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
              namespace: bookinfo
            spec:
              host: reviews.bookinfo.svc.cluster.local
              trafficPolicy:
                loadBalancer:
                  simple: LEAST_REQUEST
                connectionPool:
                  tcp:
                    maxConnections: 100
                  http:
                    http1MaxPendingRequests: 10
                outlierDetection:
                  consecutive5xxErrors: 5
                  interval: 30s
                  baseEjectionTime: 30s
                tls:
                  mode: ISTIO_MUTUAL
              subsets:
              - name: v1
                labels:
                  version: v1
              - name: v2
                labels:
                  version: v2
                trafficPolicy:
                  loadBalancer:
                    consistentHash:
                      httpHeaderName: x-user
            """;

    @Nested
    @DisplayName("against Istio's CRDs")
    class AgainstIstioCrds {

        @BeforeEach
        void requireIstioData() {
            IstioData.assumePresent();
        }

        @Test
        @DisplayName("accepts a valid VirtualService")
        void acceptsValidVirtualService() {
            JsonNode virtualService = yaml(VIRTUAL_SERVICE);

            assertThat(istio().validate(virtualService)).isEmpty();
            istio().assertValid(virtualService);
        }

        @Test
        @DisplayName("accepts a valid DestinationRule")
        void acceptsValidDestinationRule() {
            assertThat(istio().validate(yaml(DESTINATION_RULE))).isEmpty();
        }

        @Test
        @DisplayName("accepts anything under x-kubernetes-preserve-unknown-fields")
        void acceptsPreservedUnknownFields() {
            JsonNode envoyFilter = yaml("""
                    apiVersion: networking.istio.io/v1alpha3
                    kind: EnvoyFilter
                    metadata:
                      name: lua
                    spec:
                      configPatches:
                      - applyTo: HTTP_FILTER
                        patch:
                          operation: INSERT_BEFORE
                          value:
                            name: envoy.lua
                            typed_config:
                              anything: [1, 2, {nested: true}]
                    """);

            assertThat(istio().validate(envoyFilter)).isEmpty();
        }

        @Test
        @DisplayName("reports an unknown field with its path, because the API server would drop it")
        void reportsUnknownField() {
            JsonNode virtualService = yaml(VIRTUAL_SERVICE.replace("route:\n    - destination:\n        host: reviews\n        subset: v1",
                    "rout:\n    - destination:\n        host: reviews\n        subset: v1"));

            assertThat(istio().validate(virtualService))
                    .singleElement(STRING)
                    .startsWith("spec.http[1].rout: unknown field");
        }

        @Test
        @DisplayName("reports a weight given as a string")
        void reportsWrongType() {
            JsonNode virtualService = yaml(VIRTUAL_SERVICE.replace("weight: 10", "weight: \"ten\""));

            assertThat(istio().validate(virtualService))
                    .containsExactly("spec.http[0].route[1].weight: must be an integer, but was the string \"ten\"");
        }

        @Test
        @DisplayName("reports a TLS mode outside the enum")
        void reportsWrongEnumValue() {
            JsonNode destinationRule = yaml(DESTINATION_RULE.replace("mode: ISTIO_MUTUAL", "mode: BOGUS"));

            assertThat(istio().validate(destinationRule)).containsExactly("spec.trafficPolicy.tls.mode: must be one of "
                    + "[DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL], but was \"BOGUS\"");
        }

        @Test
        @DisplayName("reports mutually exclusive fields set together (oneOf)")
        void reportsOneOfViolation() {
            JsonNode virtualService = yaml(VIRTUAL_SERVICE.replace("prefix: /reviews", "prefix: /reviews\n        exact: /x"));

            assertThat(istio().validate(virtualService)).singleElement(STRING)
                    .startsWith("spec.http[0].match[0].uri: must match exactly one oneOf alternative, but matched 2")
                    .contains("set only one of [exact, prefix]");
        }

        @Test
        @DisplayName("reports an unknown kind and an unknown apiVersion")
        void reportsUnknownKind() {
            JsonNode unknownKind = yaml("""
                    apiVersion: networking.istio.io/v1
                    kind: TrafficSplit
                    metadata: {name: x}
                    spec: {}
                    """);
            JsonNode unknownVersion = yaml("""
                    apiVersion: networking.istio.io/v2
                    kind: VirtualService
                    metadata: {name: x}
                    spec: {}
                    """);

            assertThat(istio().validate(unknownKind)).singleElement(STRING)
                    .startsWith("kind: no CustomResourceDefinition defines kind TrafficSplit in networking.istio.io/v1")
                    .contains("VirtualService");
            assertThat(istio().validate(unknownVersion)).singleElement(STRING)
                    .contains("VirtualService is defined in [networking.istio.io/v1, networking.istio.io/v1alpha3");
        }

        @Test
        @DisplayName("lists every violation of one object")
        void listsAllViolations() {
            JsonNode virtualService = yaml(VIRTUAL_SERVICE
                    .replace("weight: 10", "weight: \"ten\"")
                    .replace("subset: v2", "subset: v2\n        hots: reviews")
                    .replace("attempts: 3", "attempts: 3000000000")
                    .replace("host: reviews\n        subset: v1", "subset: v1")
                    .replace("namespace: bookinfo", "namespace: Bookinfo\n  owner: me"));

            List<String> violations = istio().validate(virtualService);

            assertThat(violations).containsExactlyInAnyOrder(
                    "metadata.owner: unknown field; ObjectMeta does not declare it, so the API server would drop it",
                    "metadata.namespace: must be a lowercase RFC 1123 label of at most 63 characters, but was \"Bookinfo\"",
                    "spec.http[0].route[0].destination.hots: unknown field; the schema does not declare it, "
                            + "so the API server would drop it",
                    "spec.http[0].route[1].weight: must be an integer, but was the string \"ten\"",
                    "spec.http[0].retries.attempts: must fit in a 32-bit signed integer (format int32), "
                            + "but was 3000000000",
                    "spec.http[1].route[0].destination.host: required field is missing");
            assertThatThrownBy(() -> istio().assertValid(virtualService))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("VirtualService Bookinfo/reviews (networking.istio.io/v1) does not match "
                            + "its CustomResourceDefinition (6 violations):")
                    .hasMessageContaining("\n  - spec.http[0].route[1].weight: must be an integer");
        }

        @Test
        @DisplayName("requires metadata.name, and a spec where the CRD requires one (ServiceEntry)")
        void requiresNameAndSpec() {
            JsonNode nameless = yaml("""
                    apiVersion: networking.istio.io/v1
                    kind: ServiceEntry
                    metadata: {namespace: bookinfo}
                    """);

            assertThat(istio().validate(nameless)).containsExactlyInAnyOrder(
                    "metadata.name: required field is missing",
                    "spec: required field is missing");
        }

        @Test
        @DisplayName("lists the CEL rules of VirtualService without evaluating them")
        void listsCelRules() {
            assertThat(istio().celRules("networking.istio.io/v1", "VirtualService"))
                    .isNotEmpty()
                    .contains("duration(self) >= duration('1ms')");
            assertThatThrownBy(() -> istio().celRules("networking.istio.io/v1", "TrafficSplit"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TrafficSplit");
        }
    }

    @Nested
    @DisplayName("with a synthetic CRD covering every keyword")
    class WithSyntheticCrd {

        private static final String WIDGET_CRD = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.io
                spec:
                  group: example.io
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        required: [spec]
                        properties:
                          spec:
                            type: object
                            x-kubernetes-validations:
                            - rule: self.size > 0
                            properties:
                              size: {type: integer, minimum: 1, maximum: 10, exclusiveMaximum: true}
                              ratio: {type: number, nullable: true}
                              code: {type: string, pattern: '^[a-z]+$', minLength: 2, maxLength: 4}
                              goOnly: {type: string, pattern: '(?P<name>x)'}
                              data: {type: string, format: byte}
                              since: {type: string, format: date-time}
                              tags:
                                type: array
                                minItems: 1
                                maxItems: 2
                                items: {type: string}
                                x-kubernetes-list-type: set
                              ports:
                                type: array
                                items:
                                  type: object
                                  required: [number]
                                  properties:
                                    number: {type: integer, format: int32}
                                    name: {type: string}
                                x-kubernetes-list-type: map
                                x-kubernetes-list-map-keys: [number]
                              port:
                                x-kubernetes-int-or-string: true
                                anyOf: [{type: integer}, {type: string}]
                              closed:
                                type: object
                                additionalProperties: false
                                properties:
                                  a: {type: string}
                              labels:
                                type: object
                                maxProperties: 2
                                additionalProperties: {type: string}
                              free:
                                type: object
                                x-kubernetes-preserve-unknown-fields: true
                              mode:
                                type: string
                                not: {enum: [FORBIDDEN]}
                              choice:
                                type: object
                                anyOf: [{required: [a]}, {required: [b]}]
                                properties:
                                  a: {type: string}
                                  b: {type: string}
                  - name: v0
                    served: false
                    storage: false
                    schema:
                      openAPIV3Schema:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                """;

        private CrdSchemaValidator widgets;

        @BeforeEach
        void loadWidgetCrd(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("widget-crd.yaml"), "---\n" + WIDGET_CRD + "---\n");
            widgets = CrdSchemaValidator.load(file);
        }

        @Test
        @DisplayName("accepts a widget that uses every keyword correctly")
        void acceptsValidWidget() {
            JsonNode widget = yaml("""
                    apiVersion: example.io/v1
                    kind: Widget
                    metadata:
                      name: w.example
                      uid: 0b5f
                      generation: 3
                      annotations: {note: any text}
                    spec:
                      size: 9
                      ratio: null
                      code: abc
                      goOnly: anything, the pattern does not compile in Java
                      data: aGVsbG8=
                      since: 2026-08-22T10:00:00Z
                      tags: [a, b]
                      ports: [{number: 80}, {number: 443}]
                      port: http
                      closed: {a: x}
                      labels: {x: y}
                      free: {anything: [1, {goes: true}]}
                      mode: ALLOWED
                      choice: {b: x}
                    """);

            assertThat(widgets.validate(widget)).isEmpty();
            assertThat(widgets.celRules("example.io/v1", "Widget")).containsExactly("self.size > 0");
        }

        @Test
        @DisplayName("reports every keyword violation at its path")
        void reportsEveryKeyword() {
            JsonNode widget = yaml("""
                    apiVersion: example.io/v1
                    kind: Widget
                    metadata:
                      name: W
                    spec:
                      size: 10
                      code: ABCDE
                      data: "not base64!"
                      since: yesterday
                      tags: [a, a, b]
                      ports: [{number: 80}, {number: 80, name: again}]
                      port: 1.5
                      closed: {a: x, b: y}
                      labels: {x: y, z: 1, w: v}
                      mode: FORBIDDEN
                      choice: {}
                    """);

            assertThat(widgets.validate(widget)).containsExactlyInAnyOrder(
                    "metadata.name: must be a lowercase RFC 1123 subdomain of at most 253 characters, but was \"W\"",
                    "spec.size: must be < 10, but was 10",
                    "spec.code: must be at most 4 characters long, but was 5",
                    "spec.code: must match the pattern ^[a-z]+$, but was \"ABCDE\"",
                    "spec.data: must be base64-encoded (format byte), but was \"not base64!\"",
                    "spec.since: must be an RFC 3339 date-time, but was \"yesterday\"",
                    "spec.tags: must have at most 2 items, but had 3",
                    "spec.tags[1]: duplicates item [0] (\"a\"), but x-kubernetes-list-type set requires unique items",
                    "spec.ports[1]: duplicates item [0] (number=80), but x-kubernetes-list-type map requires "
                            + "unique keys",
                    "spec.port: must be an integer or a string, but was the number 1.5",
                    "spec.closed.b: field is not allowed (additionalProperties: false)",
                    "spec.labels: must have at most 2 entries, but had 3",
                    "spec.labels.z: must be a string, but was the number 1",
                    "spec.mode: must not match {\"enum\":[\"FORBIDDEN\"]}",
                    "spec.choice: must match at least one anyOf alternative, but matched none "
                            + "({required [a]}: spec.choice.a: required field is missing; "
                            + "{required [b]}: spec.choice.b: required field is missing)");
        }

        @Test
        @DisplayName("reports null where the schema is not nullable")
        void reportsNull() {
            JsonNode widget = yaml("""
                    apiVersion: example.io/v1
                    kind: Widget
                    metadata: {name: w}
                    spec: {size: null, ratio: null}
                    """);

            assertThat(widgets.validate(widget))
                    .containsExactly("spec.size: must not be null (the schema is not nullable)");
        }

        @Test
        @DisplayName("reports a version that is not served, and a missing kind")
        void reportsUnservedVersionAndMissingKind() {
            JsonNode unserved = yaml("""
                    apiVersion: example.io/v0
                    kind: Widget
                    metadata: {name: w}
                    """);

            assertThat(widgets.validate(unserved)).containsExactly("apiVersion: example.io/v0 is not served for Widget");
            assertThat(widgets.validate(yaml("apiVersion: example.io/v1\nmetadata: {name: w}")))
                    .containsExactly("kind: required field is missing");
        }

        @Test
        @DisplayName("quotes map keys that are not identifiers in paths")
        void quotesKeys() {
            JsonNode widget = yaml("""
                    apiVersion: example.io/v1
                    kind: Widget
                    metadata:
                      name: w
                      labels: {app.kubernetes.io/name: "bad value!"}
                    spec:
                      labels: {app.kubernetes.io/name: 1}
                    """);

            assertThat(widgets.validate(widget)).containsExactlyInAnyOrder(
                    "metadata.labels[\"app.kubernetes.io/name\"]: must be a valid label value (at most 63 characters, "
                            + "alphanumeric, '-', '_' or '.', starting and ending alphanumeric), but was \"bad value!\"",
                    "spec.labels[\"app.kubernetes.io/name\"]: must be a string, but was the number 1");
        }

        @Test
        @DisplayName("refuses a file without CustomResourceDefinitions")
        void refusesFileWithoutCrds(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("empty.yaml"), "apiVersion: v1\nkind: Service\n");

            assertThatThrownBy(() -> CrdSchemaValidator.load(file))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No CustomResourceDefinition found in " + file);
        }
    }

    @Nested
    @DisplayName("IstioData")
    class IstioDataLocator {

        @Test
        @DisplayName("skips when the reference data is absent, naming the path and the property")
        void skipsWhenAbsent(@TempDir Path dir) {
            Path missing = dir.resolve("istio");

            assertThatThrownBy(() -> IstioData.requirePresent(List.of(missing), false))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("-Dmeshsdk.istio.data")
                    .hasMessageContaining("check out the shared Istio reference data");
        }

        @Test
        @DisplayName("fails instead of skipping on CI")
        void failsOnCi(@TempDir Path dir) {
            Path missing = dir.resolve("istio");

            assertThatThrownBy(() -> IstioData.requirePresent(List.of(missing), true))
                    .isExactlyInstanceOf(AssertionError.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("-Dmeshsdk.istio.data");
        }

        @Test
        @DisplayName("passes when every path exists")
        void passesWhenPresent(@TempDir Path dir) {
            IstioData.requirePresent(List.of(dir), true);
        }

        @Test
        @DisplayName("locates the CRDs and Bookinfo inside the data folder")
        void locatesFiles() {
            assertThat(IstioData.crds()).isEqualTo(IstioData.dir().resolve("crd-all.gen.yaml"));
            assertThat(IstioData.bookinfo()).isEqualTo(IstioData.dir().resolve("samples/bookinfo.yaml"));
            assertThat(IstioData.dir()).isAbsolute();
        }
    }

    private static CrdSchemaValidator istio() {
        CrdSchemaValidator validator = istio;
        if (validator == null) {
            synchronized (CrdSchemaValidatorTest.class) {
                if (istio == null) {
                    istio = CrdSchemaValidator.load(IstioData.crds());
                }
                validator = istio;
            }
        }
        return validator;
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
