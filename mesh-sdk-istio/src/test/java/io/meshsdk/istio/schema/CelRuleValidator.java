package io.meshsdk.istio.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates the CEL rules of CustomResourceDefinitions ({@code x-kubernetes-validations}) against
 * Kubernetes objects, the way an API server does after the OpenAPI checks of {@link
 * CrdSchemaValidator}.
 *
 * <p>Each rule is compiled once with Google's CEL for Java, {@code self} bound to the value at the
 * rule's schema location, and evaluated at every place in an object where that location is
 * present: under {@code properties}, {@code items} and {@code additionalProperties}. Values are
 * handed to CEL as Kubernetes does: objects and maps as maps, arrays as lists, integers as
 * {@code int}, and schema {@code number}s as {@code double}.
 *
 * <p>The Kubernetes CEL library that Istio's rules use is provided: the standard {@code
 * duration()} (Go duration strings), the string extensions ({@code split}, {@code lowerAscii},
 * {@code substring} and the rest), the list extensions, and the URL library ({@code isURL},
 * {@code url}, {@code getScheme}, {@code getHost}, {@code getHostname}, {@code getPort}, {@code
 * getEscapedPath}, {@code getQuery}). A rule it still cannot evaluate is never skipped silently:
 * {@link #unevaluable()} lists it with the reason, and tests assert that list. Transition rules
 * ({@code oldSelf}) are such rules, since an object being created has no old version.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CelRuleValidator {

    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final OpaqueType URL = OpaqueType.create("kubernetes.URL");
    private static final Cel CEL = cel();

    private final Map<String, Map<String, JsonNode>> schemas;
    private final Map<String, Compiled> compiled;
    private final List<Rule> rules;
    private final List<UnevaluableRule> unevaluable;

    private CelRuleValidator(Map<String, Map<String, JsonNode>> schemas) {
        this.schemas = schemas;
        Map<String, Compiled> programs = new ConcurrentHashMap<>();
        List<Rule> found = new ArrayList<>();
        List<UnevaluableRule> skipped = new ArrayList<>();
        schemas.forEach((apiVersion, kinds) -> kinds.forEach((kind, schema) ->
                collect(apiVersion, kind, schema, "", false, found, skipped)));
        for (Rule rule : found) {
            if (programs.containsKey(rule.rule())) {
                continue;
            }
            Compiled program = compile(rule.rule());
            programs.put(rule.rule(), program);
        }
        for (Rule rule : found) {
            programs.get(rule.rule()).reason().ifPresent(reason ->
                    skipped.add(new UnevaluableRule(rule, reason)));
        }
        this.compiled = Collections.unmodifiableMap(programs);
        this.rules = List.copyOf(found);
        this.unevaluable = List.copyOf(skipped);
    }

    /**
     * Reads every CustomResourceDefinition in a (multi-document) YAML file and compiles its rules.
     *
     * @param crdAllGenYaml a file such as Istio's {@code crd-all.gen.yaml}
     * @return a validator for the kinds the file defines
     * @throws UncheckedIOException if the file cannot be read or parsed
     * @throws IllegalArgumentException if the file defines no CRD
     */
    public static CelRuleValidator load(Path crdAllGenYaml) {
        Objects.requireNonNull(crdAllGenYaml, "crdAllGenYaml");
        Map<String, Map<String, JsonNode>> schemas = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents =
                mapper.readerFor(JsonNode.class).readValues(crdAllGenYaml.toFile())) {
            while (documents.hasNextValue()) {
                JsonNode crd = documents.nextValue();
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    schemas.computeIfAbsent(group + "/" + version.path("name").asText(), v -> new LinkedHashMap<>())
                            .put(kind, version.path("schema").path("openAPIV3Schema"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CustomResourceDefinitions from " + crdAllGenYaml, e);
        }
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("No CustomResourceDefinition found in " + crdAllGenYaml);
        }
        return new CelRuleValidator(schemas);
    }

    /**
     * Every rule of every loaded kind and version, with the schema location it is declared at.
     *
     * @return the rules, in file order
     */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The rules this validator cannot evaluate, each with the reason; {@link #validate(JsonNode)}
     * passes over them.
     *
     * @return the unevaluable rules, in file order
     */
    public List<UnevaluableRule> unevaluable() {
        return unevaluable;
    }

    /**
     * Evaluates every rule that applies to an object.
     *
     * @param object a complete Kubernetes object with {@code apiVersion} and {@code kind}
     * @return one message per failed rule, {@code <path>: <message> (rule: <rule>)}, in document
     *     order; empty when every rule holds
     * @throws IllegalArgumentException if no loaded CRD defines the object's apiVersion and kind
     */
    public List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonNode schema = schemas.getOrDefault(apiVersion, Map.of()).get(kind);
        if (schema == null) {
            throw new IllegalArgumentException("no CustomResourceDefinition defines " + apiVersion + " " + kind);
        }
        List<String> failures = new ArrayList<>();
        evaluate(schema, object, "", failures);
        return List.copyOf(failures);
    }

    /**
     * Fails when {@link #validate(JsonNode)} finds any failed rule.
     *
     * @param object the complete Kubernetes object
     * @throws AssertionError listing the object's kind, name and every failed rule
     */
    public void assertValid(JsonNode object) {
        List<String> failures = validate(object);
        if (!failures.isEmpty()) {
            throw new AssertionError(object.path("kind").asText() + " "
                    + object.path("metadata").path("namespace").asText("") + "/"
                    + object.path("metadata").path("name").asText("")
                    + " breaks CEL rules of its CustomResourceDefinition:"
                    + failures.stream().map(f -> "\n  - " + f).collect(Collectors.joining()));
        }
    }

    // ---------------------------------------------------------------- evaluation

    private void evaluate(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (!schema.isObject() || value == null || value.isNull()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String rule = validation.path("rule").asText();
            Compiled program = compiled.get(rule);
            if (program == null || program.program().isEmpty()) {
                continue;
            }
            String failure = check(program.program().get(), toCel(schema, value));
            if (failure != null) {
                String message = validation.path("message").asText("");
                out.add((path.isEmpty() ? "(root)" : path) + ": "
                        + (message.isEmpty() ? "failed rule" : message)
                        + (failure.isEmpty() ? "" : " (" + failure + ")")
                        + " (rule: " + rule.replace('\n', ' ') + ")");
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (properties.has(field.getKey())) {
                    evaluate(properties.get(field.getKey()), field.getValue(), child(path, field.getKey()), out);
                } else if (additional.isObject()) {
                    evaluate(additional, field.getValue(), child(path, field.getKey()), out);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                evaluate(schema.path("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** Returns {@code null} when the rule holds, else what went wrong ("" for plain false). */
    private static String check(CelRuntime.Program program, Object self) {
        try {
            Object result = program.eval(Map.of("self", self));
            if (Boolean.TRUE.equals(result)) {
                return null;
            }
            return result instanceof Boolean ? "" : "the rule returned " + result + " instead of a boolean";
        } catch (CelEvaluationException e) {
            return "evaluation error: " + e.getMessage();
        }
    }

    /** Converts JSON to the values Kubernetes hands CEL, typed by the schema where it matters. */
    private static Object toCel(JsonNode schema, JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            value.properties().forEach(field -> {
                JsonNode fieldSchema = properties.has(field.getKey()) ? properties.get(field.getKey()) : additional;
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), toCel(fieldSchema, field.getValue()));
                }
            });
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(toCel(schema.path("items"), item)));
            return list;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && !"number".equals(schema.path("type").asText())) {
            return value.asLong();
        }
        return value.asDouble();
    }

    // ---------------------------------------------------------------- rules

    private static void collect(String apiVersion, String kind, JsonNode schema, String path, boolean inJunctor,
            List<Rule> rules, List<UnevaluableRule> unevaluable) {
        if (!schema.isObject()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            Rule rule = new Rule(apiVersion, kind, path.isEmpty() ? "(root)" : path,
                    validation.path("rule").asText(), validation.path("message").asText(""));
            if (inJunctor) {
                // Kubernetes evaluates rules only on the structural schema, not inside junctors.
                unevaluable.add(new UnevaluableRule(rule,
                        "declared inside allOf/anyOf/oneOf/not, where the API server does not evaluate rules"));
            } else {
                rules.add(rule);
            }
        }
        schema.path("properties").properties().forEach(property ->
                collect(apiVersion, kind, property.getValue(), child(path, property.getKey()), inJunctor,
                        rules, unevaluable));
        collect(apiVersion, kind, schema.path("additionalProperties"), path + "[*]", inJunctor, rules, unevaluable);
        collect(apiVersion, kind, schema.path("items"), path + "[]", inJunctor, rules, unevaluable);
        for (String junctor : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(junctor).forEach(alternative ->
                    collect(apiVersion, kind, alternative, path, true, rules, unevaluable));
        }
        collect(apiVersion, kind, schema.path("not"), path, true, rules, unevaluable);
    }

    private static Compiled compile(String rule) {
        if (OLD_SELF.matcher(rule).find()) {
            return new Compiled(Optional.empty(), Optional.of("transition rule: it compares with the stored object"
                    + " (oldSelf), which exists only on update, so an object being created cannot be checked"));
        }
        try {
            CelAbstractSyntaxTree ast = CEL.compile(rule).getAst();
            return new Compiled(Optional.of(CEL.createProgram(ast)), Optional.empty());
        } catch (CelValidationException e) {
            return new Compiled(Optional.empty(), Optional.of("does not compile with the supported CEL library: "
                    + e.getMessage().replace('\n', ' ')));
        } catch (CelEvaluationException e) {
            return new Compiled(Optional.empty(), Optional.of("cannot be planned: " + e.getMessage()));
        }
    }

    private static Cel cel() {
        return CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current().build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists())
                .addVar("self", SimpleType.DYN)
                .addVar("oldSelf", SimpleType.DYN)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("isURL",
                                CelOverloadDecl.newGlobalOverload("isURL_string", SimpleType.BOOL, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("url",
                                CelOverloadDecl.newGlobalOverload("url_string", URL, SimpleType.STRING)),
                        urlAccessor("getScheme"),
                        urlAccessor("getHost"),
                        urlAccessor("getHostname"),
                        urlAccessor("getPort"),
                        urlAccessor("getEscapedPath"),
                        urlAccessor("getQuery"))
                .addFunctionBindings(
                        CelFunctionBinding.from("isURL_string", String.class, CelRuleValidator::isUrl),
                        CelFunctionBinding.from("url_string", String.class, CelRuleValidator::url),
                        CelFunctionBinding.from("url_getScheme", URI.class, u -> Objects.toString(u.getScheme(), "")),
                        CelFunctionBinding.from("url_getHost", URI.class, CelRuleValidator::host),
                        CelFunctionBinding.from("url_getHostname", URI.class, u -> Objects.toString(u.getHost(), "")
                                .replaceAll("^\\[(.*)]$", "$1")),
                        CelFunctionBinding.from("url_getPort", URI.class, u -> u.getPort() < 0 ? "" : "" + u.getPort()),
                        CelFunctionBinding.from("url_getEscapedPath", URI.class, u -> Objects.toString(u.getRawPath(), "")),
                        CelFunctionBinding.from("url_getQuery", URI.class, u -> Map.<String, List<String>>of()))
                .build();
    }

    private static CelFunctionDecl urlAccessor(String name) {
        return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newMemberOverload(
                "url_" + name, "getQuery".equals(name) ? dev.cel.common.types.MapType.create(SimpleType.STRING,
                        dev.cel.common.types.ListType.create(SimpleType.STRING)) : SimpleType.STRING, URL));
    }

    /**
     * Kubernetes' {@code isURL} follows Go's {@code url.ParseRequestURI}: an absolute URL or an
     * absolute path, without a fragment.
     */
    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getRawFragment() != null) {
                return false;
            }
            return uri.isAbsolute() || (uri.getRawPath() != null && uri.getRawPath().startsWith("/"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static URI url(String text) throws CelEvaluationException {
        if (!isUrl(text)) {
            throw dev.cel.runtime.CelEvaluationExceptionBuilder.newBuilder("URL parse error during conversion from string: %s", text).build();
        }
        return URI.create(text);
    }

    private static String host(URI uri) {
        String host = Objects.toString(uri.getHost(), "");
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    private static String child(String path, String name) {
        String segment = SIMPLE_KEY.matcher(name).matches() ? name : "[\"" + name.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? path + segment : path + "." + segment;
    }

    /**
     * One CEL rule of a CRD.
     *
     * @param apiVersion the group and version, for example {@code networking.istio.io/v1}
     * @param kind the kind, for example {@code VirtualService}
     * @param schemaPath where the rule is declared, for example {@code spec.http[].timeout};
     *     {@code []} stands for every item and {@code [*]} for every map value
     * @param rule the CEL expression
     * @param message the message the API server reports when it fails
     */
    public record Rule(String apiVersion, String kind, String schemaPath, String rule, String message) {
    }

    /**
     * A rule that is not evaluated, and why.
     *
     * @param rule the rule
     * @param reason why it cannot be evaluated
     */
    public record UnevaluableRule(Rule rule, String reason) {
    }

    private record Compiled(Optional<CelRuntime.Program> program, Optional<String> reason) {
    }
}
