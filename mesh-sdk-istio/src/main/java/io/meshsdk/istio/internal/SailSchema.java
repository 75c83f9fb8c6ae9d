package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshsdk.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks the {@code spec} of a Sail {@code Istio} resource against the OpenAPI schema of the
 * operator's CRD, as the API server would, so that a wrong value is refused before anything is
 * written and the refusal names the field. The schema is the CRD's {@code spec}, descriptions
 * left out, kept beside this class ({@value #RESOURCE}); {@code SailSchemaTest} keeps it equal to
 * the CRD it was taken from. CEL rules are left to the API server.
 */
final class SailSchema {
  static final String RESOURCE = "sail-istio-spec.schema.json";
  private static final int MAX_LISTED = 6;
  private static final JsonNode SPEC = load();

  private SailSchema() {}

  private static JsonNode load() {
    try (InputStream in = SailSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the mesh-sdk-istio jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The schema of {@code Istio.spec}. */
  static JsonNode spec() {
    return SPEC;
  }

  /**
   * The violations of an {@code Istio} resource's spec.
   *
   * @param spec the spec
   * @return each violation with its field path, such as {@code spec.values.global.meshID}
   */
  static List<Violation> validate(JsonNode spec) {
    List<Violation> out = new ArrayList<>();
    check("spec", spec, SPEC, out);
    return out;
  }

  private static void check(String path, JsonNode value, JsonNode schema, List<Violation> out) {
    if (value == null || value.isNull()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        out.add(Violation.of(path, "must be an integer or a string, but was " + describe(value)));
      } else if (value.isTextual()) {
        pattern(path, value, schema, out);
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object":
        if (!value.isObject()) {
          out.add(Violation.of(path, "must be an object, but was " + describe(value)));
          return;
        }
        object(path, value, schema, out);
        return;
      case "array":
        if (!value.isArray()) {
          out.add(Violation.of(path, "must be a list, but was " + describe(value)));
          return;
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          out.add(Violation.of(path, "must have at most " + schema.get("maxItems").asInt() + " items, but had "
              + value.size()));
        }
        for (int i = 0; i < value.size(); i++) {
          check(path + "[" + i + "]", value.get(i), schema.path("items"), out);
        }
        return;
      case "string":
        if (!value.isTextual()) {
          out.add(Violation.of(path, "must be a string, but was " + describe(value)));
          return;
        }
        enumeration(path, value, schema, out);
        pattern(path, value, schema, out);
        return;
      case "integer":
        if (!value.isIntegralNumber()) {
          out.add(Violation.of(path, "must be an integer, but was " + describe(value)));
          return;
        }
        minimum(path, value, schema, out);
        return;
      case "number":
        if (!value.isNumber()) {
          out.add(Violation.of(path, "must be a number, but was " + describe(value)));
          return;
        }
        minimum(path, value, schema, out);
        return;
      case "boolean":
        if (!value.isBoolean()) {
          out.add(Violation.of(path, "must be true or false, but was " + describe(value)));
        }
        return;
      default:
        // no type: x-kubernetes-preserve-unknown-fields, anything goes
    }
  }

  private static void object(String path, JsonNode value, JsonNode schema, List<Violation> out) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(child, field.getValue(), properties.get(field.getKey()), out);
      } else if (additional != null && additional.isObject()) {
        check(child, field.getValue(), additional, out);
      } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
        out.add(Violation.of(child, "is not a field the operator knows" + known(field.getKey(), properties)));
      }
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(Violation.of(path + "." + required.asText(), "is required"));
      }
    }
  }

  /** A near spelling of the unknown name when there is one, otherwise the names known there. */
  private static String known(String unknown, JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    if (names.isEmpty()) {
      return "";
    }
    for (String name : names) {
      if (name.equalsIgnoreCase(unknown) || distance(name, unknown) <= 2) {
        return "; did you mean " + name + "?";
      }
    }
    return "; known here: " + names.stream().sorted().limit(MAX_LISTED * 3L).collect(Collectors.joining(", "))
        + (names.size() > MAX_LISTED * 3 ? ", …" : "");
  }

  /** The edit distance of two names, to suggest the one meant. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static void enumeration(String path, JsonNode value, JsonNode schema, List<Violation> out) {
    JsonNode values = schema.get("enum");
    if (values == null) {
      return;
    }
    for (JsonNode allowed : values) {
      if (allowed.equals(value)) {
        return;
      }
    }
    List<String> all = StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText)
        .collect(Collectors.toList());
    out.add(Violation.of(path, "must be one of " + all.stream().limit(MAX_LISTED).collect(Collectors.joining(", "))
        + (all.size() > MAX_LISTED ? ", … (" + all.size() + " values)" : "") + ", but was \"" + value.asText() + "\""));
  }

  private static void pattern(String path, JsonNode value, JsonNode schema, List<Violation> out) {
    if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      out.add(Violation.of(path, "must match " + schema.get("pattern").asText() + ", but was \"" + value.asText() + "\""));
    }
  }

  private static void minimum(String path, JsonNode value, JsonNode schema, List<Violation> out) {
    if (schema.has("minimum") && value.decimalValue().compareTo(new BigDecimal(schema.get("minimum").asText())) < 0) {
      out.add(Violation.of(path, "must be at least " + schema.get("minimum").asText() + ", but was " + value.asText()));
    }
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }
}
