package io.meshsdk.istio.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks Istio objects the way an API server would before storing them: the OpenAPI schema of
 * their CustomResourceDefinition ({@link CrdSchemaValidator}) and its CEL rules ({@link
 * CelRuleValidator}). Both are loaded once from {@link IstioData#crds()}; every method skips the
 * calling test when the reference data is absent (fails on CI), see {@link
 * IstioData#assumePresent()}.
 *
 * @since 0.1.0
 */
public final class IstioValidation {
    private static volatile CrdSchemaValidator schemas;
    private static volatile CelRuleValidator cel;

    private IstioValidation() {
    }

    /**
     * The schema validator for Istio's CRDs.
     *
     * @return the shared instance
     */
    public static CrdSchemaValidator schemas() {
        IstioData.assumePresent();
        if (schemas == null) {
            synchronized (IstioValidation.class) {
                if (schemas == null) {
                    schemas = CrdSchemaValidator.load(IstioData.crds());
                }
            }
        }
        return schemas;
    }

    /**
     * The CEL rule validator for Istio's CRDs.
     *
     * @return the shared instance
     */
    public static CelRuleValidator cel() {
        IstioData.assumePresent();
        if (cel == null) {
            synchronized (IstioValidation.class) {
                if (cel == null) {
                    cel = CelRuleValidator.load(IstioData.crds());
                }
            }
        }
        return cel;
    }

    /**
     * Lists every schema violation and failed CEL rule of an object.
     *
     * @param object a complete Istio object
     * @return the problems, schema violations first; empty when the API server would accept it
     */
    public static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>(schemas().validate(object));
        if (problems.stream().noneMatch(p -> p.startsWith("kind:") || p.startsWith("apiVersion:"))) {
            problems.addAll(cel().validate(object));
        }
        return problems;
    }

    /**
     * Fails unless the API server would accept the object.
     *
     * @param object a complete Istio object
     * @throws AssertionError naming the object and listing every problem
     */
    public static void assertAccepted(JsonNode object) {
        List<String> problems = problems(object);
        if (!problems.isEmpty()) {
            throw new AssertionError(object.path("kind").asText() + " "
                    + object.path("metadata").path("namespace").asText("") + "/"
                    + object.path("metadata").path("name").asText("")
                    + " would be rejected by the API server:"
                    + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
        }
    }
}
