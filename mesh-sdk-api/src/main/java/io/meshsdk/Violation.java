package io.meshsdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule that an input broke: the field path (for example {@code routes[1].timeout}), what is
 * wrong with it in English, and the same as a stable {@linkplain #code() message code} with its
 * {@linkplain #arguments() arguments}, for a platform that shows messages in its own words or
 * languages.
 *
 * <p>The code is the field path without list indexes and map keys, then the rule broken: {@code
 * routes.destinations.weight.range} for "{@code routes[0].destinations[1].weight} must be between
 * 0 and 100, but was 120", with the arguments {@code field=routes[0].destinations[1].weight,
 * min=0, max=100, value=120}. The rules are listed in {@link #RULES}; a code, once released,
 * does not change.
 *
 * @since 0.1.0
 */
public final class Violation {
  /**
   * Every rule a code ends with. {@code required}: a value is missing or empty; {@code range}: a
   * number or duration is out of bounds ({@code min}, {@code max}); {@code duplicate}: a value
   * repeats another; {@code format}: a value is not of the expected form; {@code dns-label},
   * {@code dns-subdomain}, {@code label-value}, {@code key}: Kubernetes name syntax; {@code
   * regex}: a regular expression Envoy cannot use; {@code prefix}: a value must start with a
   * given text; {@code conflict}: fields that cannot be set together or apply only elsewhere;
   * {@code sum}: values must add up to a total; {@code reference}: a name that does not resolve;
   * {@code reserved}: a name the SDK sets itself; {@code size}: a value too large; {@code type}:
   * JSON of the wrong type; {@code unknown}: a property the model does not have; {@code refused}:
   * an API server refused the object; {@code invalid}: any other rule.
   *
   * @since 0.2.0
   */
  public static final List<String> RULES = List.of("required", "range", "duplicate", "format", "dns-label",
      "dns-subdomain", "label-value", "key", "regex", "prefix", "conflict", "sum", "reference", "reserved",
      "size", "type", "unknown", "refused", "invalid");

  /** Fields whose value is a map: a path segment after one of them is a key, not a field. */
  private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "headers", "queryParams",
      "ports", "portModes", "outputClaimToHeaders", "selector", "set", "add", "withoutHeaders", "portNames", "workloadLabels",
      "matchLabels", "subsets", "istioCrds", "values");
  private static final Pattern INDEX = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern BETWEEN =
      Pattern.compile("must be between (-?\\d+) and (-?\\d+), but was (\\S+)");
  private static final Pattern BUT_WAS = Pattern.compile(", but (?:was|were|is|total|add up to) (.+)$");

  private final String field;
  private final String message;
  private final String code;
  private final Map<String, Object> arguments;

  private Violation(String field, String message, String code, Map<String, Object> arguments) {
    this.field = Objects.requireNonNull(field, "field");
    this.message = Objects.requireNonNull(message, "message");
    this.code = Objects.requireNonNull(code, "code");
    this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /**
   * Creates a violation whose code and arguments are derived from the field path and the message
   * (see the class description).
   *
   * @param field the path of the field, dotted with {@code [i]} for list elements
   * @param message what is wrong, for example "must be between 0 and 100, but was 120"
   * @return the violation
   */
  public static Violation of(String field, String message) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("field", field);
    String rule = rule(message);
    Matcher between = BETWEEN.matcher(message);
    if (rule.equals("range") && between.find()) {
      arguments.put("min", number(between.group(1)));
      arguments.put("max", number(between.group(2)));
      arguments.put("value", number(between.group(3)));
    } else {
      Matcher butWas = BUT_WAS.matcher(message);
      if (butWas.find()) {
        arguments.put("value", unquote(butWas.group(1)));
      }
    }
    return of(field, message, rule, arguments);
  }

  /**
   * Creates a violation of a named rule with its arguments; the code is the field path without
   * indexes and keys, then the rule.
   *
   * @param field the path of the field
   * @param message what is wrong, in English
   * @param rule the rule broken, one of {@link #RULES}
   * @param arguments the values the message mentions, by name; {@code field} is added when absent
   * @return the violation
   * @since 0.2.0
   */
  public static Violation of(String field, String message, String rule, Map<String, ?> arguments) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("field", field);
    all.putAll(arguments);
    String path = path(field, all);
    return new Violation(field, message, path.isEmpty() ? rule : path + "." + rule, all);
  }

  /**
   * The path of the offending field.
   *
   * @return for example {@code routes[0].destinations[1].weight}
   */
  public String field() {
    return field;
  }

  /**
   * What is wrong.
   *
   * @return the message, without the field path
   */
  public String message() {
    return message;
  }

  /**
   * The stable message code: the field path without list indexes and map keys, then the rule.
   *
   * @return for example {@code routes.destinations.weight.range}
   * @since 0.2.0
   */
  public String code() {
    return code;
  }

  /**
   * The rule broken: the last segment of {@link #code()}.
   *
   * @return one of {@link #RULES}
   * @since 0.2.0
   */
  public String rule() {
    return code.substring(code.lastIndexOf('.') + 1);
  }

  /**
   * The values the message mentions, for a translated message: always {@code field} (the full
   * path), {@code key} when the path ends in a map key, and, depending on the rule, {@code value},
   * {@code min} and {@code max}.
   *
   * @return the arguments, in a stable order
   * @since 0.2.0
   */
  public Map<String, Object> arguments() {
    return arguments;
  }

  /** The field path as a code: segments without indexes; a map's key moves to the arguments. */
  private static String path(String field, Map<String, Object> arguments) {
    String[] parts = field.split("\\.", -1);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean indexed = parts[i].contains("[");
      String segment = INDEX.matcher(parts[i]).replaceAll("");
      if (!SEGMENT.matcher(segment).matches()) {
        return path.toString();
      }
      if (path.length() > 0) {
        path.append('.');
      }
      path.append(segment);
      if (!indexed && MAP_FIELDS.contains(segment) && i + 1 < parts.length) {
        arguments.putIfAbsent("key", String.join(".", List.of(parts).subList(i + 1, parts.length)));
        return path.toString();
      }
    }
    return path.toString();
  }

  private static String rule(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.startsWith("must not be empty") || m.startsWith("must not be blank") || m.startsWith("is required")
        || m.startsWith("must be set") || m.startsWith("must name") || m.contains("must not be empty")
        || m.contains("must not contain an empty") || m.startsWith("must set") || m.startsWith("must select")
        || m.startsWith("needs") || m.startsWith("must allow at least") || m.startsWith("must either")
        || m.startsWith("must delay") || m.startsWith("must replace") || m.startsWith("must hash")) {
      return "required";
    }
    if (m.startsWith("must be between") || m.startsWith("must be at least") || m.startsWith("must be at most")
        || m.startsWith("must be a positive") || m.startsWith("must be positive") || m.startsWith("must be more than")
        || m.startsWith("must be a whole number")) {
      return "range";
    }
    if (m.startsWith("repeats")) {
      return "duplicate";
    }
    if (m.contains("dns-1123 label")) {
      return "dns-label";
    }
    if (m.contains("dns-1123 subdomain") && !m.contains("key prefix")) {
      return "dns-subdomain";
    }
    if (m.startsWith("must be a valid label value")) {
      return "label-value";
    }
    if (m.contains(" key: ") || m.contains("key prefix")) {
      return "key";
    }
    if (m.contains("regular expression") || m.startsWith("uses lookaround")) {
      return "regex";
    }
    if (m.startsWith("must start with")) {
      return "prefix";
    }
    if (m.startsWith("weights must add up")) {
      return "sum";
    }
    if (m.startsWith("is set by mesh-sdk")) {
      return "reserved";
    }
    if (m.startsWith("must total at most") || m.contains(" bytes")) {
      return "size";
    }
    if (m.startsWith("refers to") || m.startsWith("names no") || m.contains("is not covered")
        || m.startsWith("must be one of") || m.startsWith("must be the policy's")) {
      return "reference";
    }
    if (m.startsWith("is set without") || m.startsWith("applies only") || m.startsWith("apply to")
        || m.startsWith("applies to") || m.startsWith("cannot") || m.startsWith("must not be set")
        || m.startsWith("must not change") || m.startsWith("is an http route") || m.startsWith("is a passthrough")
        || m.startsWith("governs")) {
      return "conflict";
    }
    if (m.startsWith("must be") || m.startsWith("is not a") || m.startsWith("has an invalid")
        || m.startsWith("may use") || m.startsWith("header names must") || m.startsWith("query parameters")) {
      return "format";
    }
    return "invalid";
  }

  private static Object number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static Object unquote(String text) {
    String value = text.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.indexOf('"', 1) == value.length() - 1) {
      return value.substring(1, value.length() - 1);
    }
    return number(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Violation
        && ((Violation) o).field.equals(field)
        && ((Violation) o).message.equals(message)
        && ((Violation) o).code.equals(code);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, message, code);
  }

  /** Returns "`field` message". */
  @Override
  public String toString() {
    return "`" + field + "` " + message;
  }
}
