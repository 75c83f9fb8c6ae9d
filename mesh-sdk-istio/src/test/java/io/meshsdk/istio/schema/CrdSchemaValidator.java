package io.meshsdk.istio.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Validates Kubernetes objects against the OpenAPI v3 schemas of CustomResourceDefinitions, the
 * way an API server would before storing them.
 *
 * <p>Load it once from Istio's {@code crd-all.gen.yaml} (see {@link IstioData#crds()}) and call
 * {@link #validate(JsonNode)} or {@link #assertValid(JsonNode)} for every object a translation
 * emits. The structural-schema subset Kubernetes uses is implemented: {@code type},
 * {@code properties}, {@code additionalProperties}, {@code required}, {@code enum}, {@code items},
 * {@code format} ({@code int32}, {@code int64}, {@code byte}, {@code date-time}; others are
 * accepted), numeric bounds, length and size bounds, {@code pattern}, {@code nullable},
 * {@code oneOf}/{@code anyOf}/{@code allOf}/{@code not}, {@code x-kubernetes-int-or-string},
 * {@code x-kubernetes-preserve-unknown-fields} and uniqueness for {@code x-kubernetes-list-type}
 * {@code set} and {@code map}. {@code metadata} is checked as Kubernetes checks ObjectMeta.
 *
 * <p>A field the schema does not declare is a violation, because the API server would silently
 * prune it and the intent would be lost. The {@code int32}/{@code int64} range checks are stricter
 * than the API server but match what Istio's protobuf decoding accepts. CEL rules
 * ({@code x-kubernetes-validations}) are evaluated by {@link CelRuleValidator}; {@link
 * #celRules(String, String)} lists them, and {@link IstioValidation} runs both checks.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CrdSchemaValidator {

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    private static final Map<String, String> OBJECT_META_TYPES = objectMetaTypes();
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal INT64_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal INT64_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int MAX_SHOWN = 60;

    private final Map<TypeKey, Definition> definitions;
    private final Map<String, Optional<Pattern>> patterns = new ConcurrentHashMap<>();

    private CrdSchemaValidator(Map<TypeKey, Definition> definitions) {
        this.definitions = Collections.unmodifiableMap(definitions);
    }

    /**
     * Reads every CustomResourceDefinition in a (multi-document) YAML file.
     *
     * <p>Each version of each CRD is indexed by apiVersion ({@code group/version}) and kind, with
     * its {@code openAPIV3Schema} and whether it is served. Documents of other kinds are ignored.
     *
     * @param crdAllGenYaml a file such as Istio's {@code crd-all.gen.yaml}
     * @return a validator for the kinds the file defines
     * @throws UncheckedIOException if the file cannot be read or parsed
     * @throws IllegalArgumentException if the file defines no CRD, a version without schema, or
     *     the same apiVersion and kind twice
     */
    public static CrdSchemaValidator load(Path crdAllGenYaml) {
        Objects.requireNonNull(crdAllGenYaml, "crdAllGenYaml");
        Map<TypeKey, Definition> definitions = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents =
                mapper.readerFor(JsonNode.class).readValues(crdAllGenYaml.toFile())) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document != null && "CustomResourceDefinition".equals(document.path("kind").asText())) {
                    addDefinitions(document, definitions, crdAllGenYaml);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CustomResourceDefinitions from " + crdAllGenYaml, e);
        }
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("No CustomResourceDefinition found in " + crdAllGenYaml);
        }
        return new CrdSchemaValidator(definitions);
    }

    private static void addDefinitions(JsonNode crd, Map<TypeKey, Definition> definitions, Path source) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            TypeKey key = new TypeKey(group + "/" + version.path("name").asText(), kind);
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (!schema.isObject()) {
                throw new IllegalArgumentException(key + " in " + source + " has no openAPIV3Schema");
            }
            Definition previous = definitions.put(key, new Definition(version.path("served").asBoolean(false), schema));
            if (previous != null) {
                throw new IllegalArgumentException(key + " is defined twice in " + source);
            }
        }
    }

    /**
     * Validates a complete Kubernetes object against the schema of its apiVersion and kind.
     *
     * @param object the object, with {@code apiVersion}, {@code kind}, {@code metadata} and the
     *     fields its schema defines (usually {@code spec})
     * @return an unmodifiable list with one human-readable violation per problem, in document
     *     order, each starting with the JSON path of the offending value such as
     *     {@code spec.http[0].route[1].weight: ...}; empty when valid
     */
    public List<String> validate(JsonNode object) {
        List<String> violations = new ArrayList<>();
        collectViolations(object, violations);
        return List.copyOf(violations);
    }

    private void collectViolations(JsonNode object, List<String> violations) {
        if (object == null || !object.isObject()) {
            violations.add("(root): must be an object, but was " + describe(object));
            return;
        }
        String apiVersion = requiredText(object, "apiVersion", violations);
        String kind = requiredText(object, "kind", violations);
        if (apiVersion == null || kind == null) {
            return;
        }
        Definition definition = definitions.get(new TypeKey(apiVersion, kind));
        if (definition == null) {
            violations.add("kind: " + unknownType(apiVersion, kind));
            return;
        }
        if (!definition.served()) {
            violations.add("apiVersion: " + apiVersion + " is not served for " + kind);
        }
        validateMetadata(object.get("metadata"), violations);
        JsonNode metadataSchema = definition.schema().path("properties").path("metadata");
        if (metadataSchema.isObject() && object.get("metadata") != null) {
            validate(metadataSchema, object.get("metadata"), "metadata", false, violations);
        }
        validate(definition.schema(), object, "", true, violations);
    }

    /**
     * Fails when {@link #validate(JsonNode)} finds any violation.
     *
     * @param object the complete Kubernetes object
     * @throws AssertionError listing the object's kind, name and every violation
     */
    public void assertValid(JsonNode object) {
        List<String> violations = validate(object);
        if (!violations.isEmpty()) {
            throw new AssertionError(identify(object) + " does not match its CustomResourceDefinition ("
                    + violations.size() + (violations.size() == 1 ? " violation" : " violations") + "):"
                    + violations.stream().map(v -> "\n  - " + v).collect(Collectors.joining()));
        }
    }

    /**
     * Lists the CEL rules ({@code x-kubernetes-validations[].rule}) anywhere in a schema, in
     * document order. They are not evaluated by this validator.
     *
     * @param apiVersion for example {@code networking.istio.io/v1}
     * @param kind for example {@code VirtualService}
     * @return the rule expressions, possibly empty
     * @throws IllegalArgumentException if no loaded CRD defines that apiVersion and kind
     */
    public List<String> celRules(String apiVersion, String kind) {
        Definition definition = definitions.get(new TypeKey(apiVersion, kind));
        if (definition == null) {
            throw new IllegalArgumentException(unknownType(apiVersion, kind));
        }
        List<String> rules = new ArrayList<>();
        collectCelRules(definition.schema(), rules);
        return List.copyOf(rules);
    }

    private static void collectCelRules(JsonNode schema, List<String> rules) {
        if (!schema.isObject()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            if (validation.path("rule").isTextual()) {
                rules.add(validation.path("rule").asText());
            }
        }
        schema.path("properties").forEach(property -> collectCelRules(property, rules));
        collectCelRules(schema.path("additionalProperties"), rules);
        collectCelRules(schema.path("items"), rules);
        for (String junctor : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(junctor).forEach(alternative -> collectCelRules(alternative, rules));
        }
        collectCelRules(schema.path("not"), rules);
    }

    // ---------------------------------------------------------------- schema walk

    /**
     * Checks {@code value} against {@code schema}, adding violations to {@code out}.
     *
     * @param pruning whether undeclared fields are violations; off inside oneOf/anyOf/allOf/not,
     *     because the API server prunes by the structural skeleton only
     */
    private void validate(JsonNode schema, JsonNode value, String path, boolean pruning, List<String> out) {
        if (!schema.isObject()) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                out.add(at(path) + "must not be null (the schema is not nullable)");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!isInteger(value) && !value.isTextual()) {
                out.add(at(path) + "must be an integer or a string, but was " + describe(value));
                return;
            }
        } else if (value.isNumber() && !isFinite(value)) {
            out.add(at(path) + "must be a finite number, but was " + describe(value));
            return;
        } else if (schema.hasNonNull("type") && !hasType(value, schema.path("type").asText())) {
            out.add(at(path) + "must be " + article(schema.path("type").asText()) + ", but was " + describe(value));
            return;
        }
        checkEnum(schema, value, path, out);
        if (value.isTextual()) {
            checkString(schema, value.asText(), path, out);
        } else if (value.isNumber()) {
            checkNumber(schema, value, path, out);
        } else if (value.isArray()) {
            checkArray(schema, value, path, pruning, out);
        } else if (value.isObject()) {
            checkObject(schema, value, path, pruning, out);
        }
        checkJunctors(schema, value, path, out);
    }

    private static void checkEnum(JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode allowed = schema.path("enum");
        if (!allowed.isArray()) {
            return;
        }
        for (JsonNode candidate : allowed) {
            if (sameValue(candidate, value)) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        allowed.forEach(candidate -> names.add(candidate.isTextual() ? candidate.asText() : candidate.toString()));
        out.add(at(path) + "must be one of " + names + ", but was " + show(value));
    }

    private void checkString(JsonNode schema, String text, String path, List<String> out) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.path("minLength").asLong()) {
            out.add(at(path) + "must be at least " + schema.path("minLength").asLong()
                    + " characters long, but was " + length);
        }
        if (schema.has("maxLength") && length > schema.path("maxLength").asLong()) {
            out.add(at(path) + "must be at most " + schema.path("maxLength").asLong()
                    + " characters long, but was " + length);
        }
        if (schema.path("pattern").isTextual()) {
            String regex = schema.path("pattern").asText();
            compile(regex).ifPresent(pattern -> {
                if (!pattern.matcher(text).find()) {
                    out.add(at(path) + "must match the pattern " + regex + ", but was " + show(text));
                }
            });
        }
        switch (schema.path("format").asText("")) {
            case "byte" -> {
                try {
                    Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    out.add(at(path) + "must be base64-encoded (format byte), but was " + show(text));
                }
            }
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    out.add(at(path) + "must be an RFC 3339 date-time, but was " + show(text));
                }
            }
            default -> {
                // Other formats are accepted unchecked.
            }
        }
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String path, List<String> out) {
        BigDecimal number = value.decimalValue();
        checkBound(schema, "minimum", "exclusiveMinimum", number, -1, path, out);
        checkBound(schema, "maximum", "exclusiveMaximum", number, 1, path, out);
        String format = schema.path("format").asText("");
        if ("int32".equals(format) && outside(number, INT32_MIN, INT32_MAX)) {
            out.add(at(path) + "must fit in a 32-bit signed integer (format int32), but was " + show(value));
        } else if ("int64".equals(format) && outside(number, INT64_MIN, INT64_MAX)) {
            out.add(at(path) + "must fit in a 64-bit signed integer (format int64), but was " + show(value));
        }
    }

    /**
     * Checks one side of a numeric range. {@code exclusive} is a boolean modifier in OpenAPI 3.0
     * (what Kubernetes uses) and a number of its own in later JSON Schema; both are accepted.
     *
     * @param direction -1 for a lower bound, 1 for an upper bound
     */
    private static void checkBound(JsonNode schema, String inclusive, String exclusive, BigDecimal number,
            int direction, String path, List<String> out) {
        JsonNode exclusiveNode = schema.path(exclusive);
        if (schema.path(inclusive).isNumber()) {
            BigDecimal bound = schema.path(inclusive).decimalValue();
            boolean strict = exclusiveNode.asBoolean(false) && exclusiveNode.isBoolean();
            report(number, bound, strict, direction, path, out);
        }
        if (exclusiveNode.isNumber()) {
            report(number, exclusiveNode.decimalValue(), true, direction, path, out);
        }
    }

    private static void report(BigDecimal number, BigDecimal bound, boolean strict, int direction, String path,
            List<String> out) {
        int comparison = number.compareTo(bound);
        if (comparison == direction || (strict && comparison == 0)) {
            String operator = (direction < 0 ? ">" : "<") + (strict ? "" : "=");
            out.add(at(path) + "must be " + operator + " " + bound.toPlainString() + ", but was "
                    + number.toPlainString());
        }
    }

    private void checkArray(JsonNode schema, JsonNode array, String path, boolean pruning, List<String> out) {
        int size = array.size();
        if (schema.has("minItems") && size < schema.path("minItems").asLong()) {
            out.add(at(path) + "must have at least " + schema.path("minItems").asLong() + " items, but had " + size);
        }
        if (schema.has("maxItems") && size > schema.path("maxItems").asLong()) {
            out.add(at(path) + "must have at most " + schema.path("maxItems").asLong() + " items, but had " + size);
        }
        JsonNode items = schema.path("items");
        for (int i = 0; i < size; i++) {
            validate(items, array.get(i), path + "[" + i + "]", pruning, out);
        }
        checkListType(schema, array, path, out);
    }

    private static void checkListType(JsonNode schema, JsonNode array, String path, List<String> out) {
        String listType = schema.path("x-kubernetes-list-type").asText("atomic");
        if (!"set".equals(listType) && !"map".equals(listType)) {
            return;
        }
        List<String> keys = new ArrayList<>();
        schema.path("x-kubernetes-list-map-keys").forEach(key -> keys.add(key.asText()));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String identity;
            if ("set".equals(listType)) {
                identity = item.toString();
            } else {
                identity = keys.stream().map(key -> key + "=" + show(item.path(key))).collect(Collectors.joining(", "));
            }
            Integer first = seen.putIfAbsent(identity, i);
            if (first != null) {
                out.add(at(path + "[" + i + "]") + "duplicates item [" + first + "] ("
                        + ("set".equals(listType) ? show(item) : identity)
                        + "), but x-kubernetes-list-type " + listType + " requires unique "
                        + ("set".equals(listType) ? "items" : "keys"));
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode object, String path, boolean pruning, List<String> out) {
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) {
                out.add(at(child(path, required.asText())) + "required field is missing");
            }
        }
        int size = object.size();
        if (schema.has("minProperties") && size < schema.path("minProperties").asLong()) {
            out.add(at(path) + "must have at least " + schema.path("minProperties").asLong()
                    + " entries, but had " + size);
        }
        if (schema.has("maxProperties") && size > schema.path("maxProperties").asLong()) {
            out.add(at(path) + "must have at most " + schema.path("maxProperties").asLong()
                    + " entries, but had " + size);
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            if (path.isEmpty() && ROOT_FIELDS.contains(name)) {
                continue; // apiVersion, kind and metadata are checked by validate(JsonNode)
            }
            String fieldPath = child(path, name);
            if (properties.has(name)) {
                validate(properties.get(name), field.getValue(), fieldPath, pruning, out);
            } else if (additional.isObject()) {
                validate(additional, field.getValue(), fieldPath, pruning, out);
            } else if (additional.isBoolean()) {
                if (!additional.asBoolean()) {
                    out.add(at(fieldPath) + "field is not allowed (additionalProperties: false)");
                }
            } else if (pruning && !preserveUnknown) {
                out.add(at(fieldPath) + "unknown field; the schema does not declare it, so the API server "
                        + "would drop it");
            }
        }
    }

    private void checkJunctors(JsonNode schema, JsonNode value, String path, List<String> out) {
        for (JsonNode alternative : schema.path("allOf")) {
            validate(alternative, value, path, false, out);
        }
        if (schema.path("anyOf").isArray()) {
            List<List<String>> failures = new ArrayList<>();
            for (JsonNode alternative : schema.path("anyOf")) {
                List<String> errors = check(alternative, value, path);
                if (errors.isEmpty()) {
                    failures = null;
                    break;
                }
                failures.add(errors);
            }
            if (failures != null) {
                out.add(at(path) + "must match at least one anyOf alternative, but matched none"
                        + reasons(schema.path("anyOf"), failures));
            }
        }
        if (schema.path("oneOf").isArray()) {
            List<List<String>> failures = new ArrayList<>();
            List<String> matched = new ArrayList<>();
            for (JsonNode alternative : schema.path("oneOf")) {
                List<String> errors = check(alternative, value, path);
                if (errors.isEmpty()) {
                    matched.add(summarize(alternative));
                }
                failures.add(errors);
            }
            if (matched.isEmpty()) {
                out.add(at(path) + "must match exactly one oneOf alternative, but matched none"
                        + reasons(schema.path("oneOf"), failures));
            } else if (matched.size() > 1) {
                out.add(at(path) + "must match exactly one oneOf alternative, but matched " + matched.size()
                        + ": " + String.join(", ", matched) + mutuallyExclusive(schema.path("oneOf"), value));
            }
        }
        if (schema.path("not").isObject() && check(schema.path("not"), value, path).isEmpty()) {
            out.add(at(path) + "must not match " + summarize(schema.path("not")));
        }
    }

    private List<String> check(JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        validate(schema, value, path, false, errors);
        return errors;
    }

    /** Explains Istio's oneOf-of-required idiom: which of the mutually exclusive fields are set. */
    private static String mutuallyExclusive(JsonNode alternatives, JsonNode value) {
        Set<String> exclusive = new TreeSet<>();
        for (JsonNode alternative : alternatives) {
            alternative.path("required").forEach(name -> exclusive.add(name.asText()));
        }
        List<String> present = exclusive.stream().filter(value::has).collect(Collectors.toList());
        return present.size() > 1 ? " (set only one of " + present + ")" : "";
    }

    private static String reasons(JsonNode alternatives, List<List<String>> failures) {
        StringBuilder text = new StringBuilder(" (");
        for (int i = 0; i < failures.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(summarize(alternatives.get(i))).append(": ")
                    .append(String.join(", ", failures.get(i)));
        }
        return text.append(')').toString();
    }

    /** Returns a one-line rendering of a junctor alternative without descriptions. */
    private static String summarize(JsonNode schema) {
        if (schema.isObject() && schema.size() == 1 && schema.has("required")) {
            List<String> names = new ArrayList<>();
            schema.path("required").forEach(name -> names.add(name.asText()));
            return "{required " + names + "}";
        }
        String text = withoutDescriptions(schema.deepCopy()).toString();
        return text.length() <= 2 * MAX_SHOWN ? text : text.substring(0, 2 * MAX_SHOWN) + "...";
    }

    private static JsonNode withoutDescriptions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("description");
            object.forEach(CrdSchemaValidator::withoutDescriptions);
        } else if (node.isArray()) {
            node.forEach(CrdSchemaValidator::withoutDescriptions);
        }
        return node;
    }

    // ---------------------------------------------------------------- metadata

    private static void validateMetadata(JsonNode metadata, List<String> out) {
        if (metadata == null) {
            out.add("metadata.name: required field is missing");
            return;
        }
        if (!metadata.isObject()) {
            out.add("metadata: must be an object, but was " + describe(metadata));
            return;
        }
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            String path = child("metadata", field.getKey());
            String type = OBJECT_META_TYPES.get(field.getKey());
            if (type == null) {
                out.add(at(path) + "unknown field; ObjectMeta does not declare it, so the API server would drop it");
            } else if (!field.getValue().isNull() && !hasType(field.getValue(), type)) {
                out.add(at(path) + "must be " + article(type) + ", but was " + describe(field.getValue()));
            }
        }
        JsonNode name = metadata.get("name");
        if (name == null || name.isNull()) {
            out.add("metadata.name: required field is missing");
        } else if (name.isTextual()) {
            checkDnsName(name.asText(), DNS1123_SUBDOMAIN, 253, "metadata.name", out);
        }
        if (metadata.path("namespace").isTextual()) {
            checkDnsName(metadata.path("namespace").asText(), DNS1123_LABEL, 63, "metadata.namespace", out);
        }
        for (String map : List.of("labels", "annotations")) {
            for (Map.Entry<String, JsonNode> entry : metadata.path(map).properties()) {
                String path = child("metadata." + map, entry.getKey());
                checkQualifiedName(entry.getKey(), path, out);
                if (!entry.getValue().isTextual()) {
                    out.add(at(path) + "must be a string, but was " + describe(entry.getValue()));
                } else if ("labels".equals(map)) {
                    String label = entry.getValue().asText();
                    if (label.length() > 63 || !(label.isEmpty() || QUALIFIED_NAME.matcher(label).matches())) {
                        out.add(at(path) + "must be a valid label value (at most 63 characters, alphanumeric, "
                                + "'-', '_' or '.', starting and ending alphanumeric), but was " + show(label));
                    }
                }
            }
        }
    }

    private static void checkDnsName(String name, Pattern pattern, int maxLength, String path, List<String> out) {
        if (name.length() > maxLength || !pattern.matcher(name).matches()) {
            out.add(path + ": must be a lowercase RFC 1123 " + (maxLength == 63 ? "label" : "subdomain")
                    + " of at most " + maxLength + " characters, but was " + show(name));
        }
    }

    private static void checkQualifiedName(String key, String path, List<String> out) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        boolean valid = name.length() <= 63 && QUALIFIED_NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= 253 && DNS1123_SUBDOMAIN.matcher(prefix).matches());
        if (!valid) {
            out.add(at(path) + "key must be a qualified name ([prefix/]name, name at most 63 characters "
                    + "and alphanumeric with '-', '_' or '.', prefix a DNS subdomain)");
        }
    }

    private static Map<String, String> objectMetaTypes() {
        Map<String, String> types = new HashMap<>();
        for (String field : List.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                "creationTimestamp", "deletionTimestamp")) {
            types.put(field, "string");
        }
        types.put("generation", "integer");
        types.put("deletionGracePeriodSeconds", "integer");
        types.put("labels", "object");
        types.put("annotations", "object");
        types.put("ownerReferences", "array");
        types.put("finalizers", "array");
        types.put("managedFields", "array");
        return Map.copyOf(types);
    }

    // ---------------------------------------------------------------- helpers

    private static String requiredText(JsonNode object, String field, List<String> out) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            out.add(field + ": required field is missing");
            return null;
        }
        if (!value.isTextual()) {
            out.add(field + ": must be a string, but was " + describe(value));
            return null;
        }
        return value.asText();
    }

    private String unknownType(String apiVersion, String kind) {
        Set<String> kindsOfVersion = new TreeSet<>();
        Set<String> versionsOfKind = new TreeSet<>();
        for (TypeKey key : definitions.keySet()) {
            if (key.apiVersion().equals(apiVersion)) {
                kindsOfVersion.add(key.kind());
            }
            if (key.kind().equals(kind)) {
                versionsOfKind.add(key.apiVersion());
            }
        }
        String message = "no CustomResourceDefinition defines kind " + kind + " in " + apiVersion;
        if (!versionsOfKind.isEmpty()) {
            return message + "; " + kind + " is defined in " + versionsOfKind;
        }
        if (!kindsOfVersion.isEmpty()) {
            return message + "; " + apiVersion + " defines " + kindsOfVersion;
        }
        Set<String> apiVersions = new TreeSet<>();
        definitions.keySet().forEach(key -> apiVersions.add(key.apiVersion()));
        return message + "; known apiVersions are " + apiVersions;
    }

    private static String identify(JsonNode object) {
        if (object == null || !object.isObject()) {
            return "Object " + describe(object);
        }
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        return object.path("kind").asText("<no kind>") + " "
                + (namespace.isEmpty() ? "" : namespace + "/") + metadata.path("name").asText("<no name>")
                + " (" + object.path("apiVersion").asText("<no apiVersion>") + ")";
    }

    private Optional<Pattern> compile(String regex) {
        return patterns.computeIfAbsent(regex, r -> {
            try {
                return Optional.of(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                return Optional.empty(); // a Go (RE2) pattern Java cannot compile is skipped
            }
        });
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> isInteger(value);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean isFinite(JsonNode value) {
        return !(value.isDouble() || value.isFloat()) || Double.isFinite(value.doubleValue());
    }

    private static boolean isInteger(JsonNode value) {
        if (value.isIntegralNumber()) {
            return true;
        }
        if (!value.isNumber() || !isFinite(value)) {
            return false;
        }
        BigDecimal number = value.decimalValue();
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static boolean outside(BigDecimal number, BigDecimal min, BigDecimal max) {
        return number.compareTo(min) < 0 || number.compareTo(max) > 0;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String child(String path, String name) {
        String segment = SIMPLE_KEY.matcher(name).matches() ? name : "[\"" + name.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) {
            return segment;
        }
        return segment.startsWith("[") ? path + segment : path + "." + segment;
    }

    private static String at(String path) {
        return (path.isEmpty() ? "(root)" : path) + ": ";
    }

    private static String article(String type) {
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return "the string " + show(value);
        }
        if (value.isBoolean()) {
            return "the boolean " + value;
        }
        return "the number " + value;
    }

    private static String show(JsonNode value) {
        return value.isTextual() ? show(value.asText()) : abbreviate(value.toString());
    }

    private static String show(String text) {
        return abbreviate("\"" + text.replace("\"", "\\\"") + "\"");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private record TypeKey(String apiVersion, String kind) {
        @Override
        public String toString() {
            return apiVersion + " " + kind;
        }
    }

    private record Definition(boolean served, JsonNode schema) {
    }
}
