package io.meshsdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads public values from JSON and turns every way the text can be wrong into a {@link
 * ValidationException} that names the field, with a message code per violation: a property the
 * model lacks ({@code unknown}), a value of the wrong JSON type ({@code type}), a missing
 * required property ({@code required}), or a rule of the value itself (the violations its
 * builder reports).
 */
public final class JsonInput {
  private static final Pattern MISSING = Pattern.compile("some of required attributes are not set \\[([^\\]]*)\\]");

  private JsonInput() {}

  /**
   * Reads a value.
   *
   * @param json the text
   * @param type the type to read
   * @param <T> the type
   * @return the value
   * @throws ValidationException naming the field at fault; a {@link PolicyValidationException}
   *     when reading a policy
   */
  public static <T> T read(String json, Class<T> type) {
    String subject = "the JSON of a " + type.getSimpleName();
    if (json == null) {
      throw fail(type, subject, List.of(Violation.of("", "must not be empty", "required", Map.of())));
    }
    try {
      T value = ApiJson.MAPPER.readValue(json, type);
      if (value == null) {
        throw fail(type, subject, List.of(Violation.of("", "must be a JSON object, but was null", "type", Map.of())));
      }
      return value;
    } catch (JsonProcessingException e) {
      throw fail(type, subject, List.of(violation(e)));
    }
  }

  private static ValidationException fail(Class<?> type, String subject, List<Violation> violations) {
    return Policy.class.isAssignableFrom(type)
        ? new PolicyValidationException(subject, violations)
        : new ValidationException(subject, violations);
  }

  private static Violation violation(JsonProcessingException e) {
    String path = e instanceof DatabindException ? path(((JsonMappingException) e).getPath()) : "";
    if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause();
      if (cause instanceof ValidationException) {
        ValidationException invalid = (ValidationException) cause;
        Violation first = invalid.violations().get(0);
        if (invalid.violations().size() == 1) {
          return prefixed(path, first);
        }
        throw rethrown(path, invalid);
      }
      Matcher missing = MISSING.matcher(String.valueOf(cause == null ? e.getOriginalMessage() : cause.getMessage()));
      if (missing.find()) {
        String[] fields = missing.group(1).split(",\\s*");
        if (fields.length > 1) {
          List<Violation> all = new ArrayList<>();
          for (String field : fields) {
            all.add(Violation.of(join(path, field), "is required", "required", Map.of()));
          }
          throw new ValidationException("the JSON", all);
        }
        return Violation.of(join(path, fields[0]), "is required", "required", Map.of());
      }
      return Violation.of(path, Violations.excerpt(String.valueOf(cause == null ? "" : cause.getMessage())), "invalid",
          Map.of());
    }
    if (e instanceof UnrecognizedPropertyException) {
      UnrecognizedPropertyException unknown = (UnrecognizedPropertyException) e;
      Class<?> model = unknown.getReferringClass();
      if (model != null && model.getEnclosingClass() != null && model.getSimpleName().equals("Json")) {
        model = model.getEnclosingClass();
      }
      String name = model == null ? "the value" : model.getSimpleName().replaceFirst("^Immutable", "");
      TreeSet<String> known = new TreeSet<>();
      unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      return Violation.of(path, "is not a property of " + name + "; known properties are " + known, "unknown",
          Map.of("property", unknown.getPropertyName()));
    }
    if (e instanceof InvalidTypeIdException) {
      InvalidTypeIdException kind = (InvalidTypeIdException) e;
      return Violation.of(join(path, "kind"), kind.getTypeId() == null
              ? "is required: it names the kind of policy, for example \"TrafficPolicy\""
              : "must name a kind of policy, but was " + Violations.quote(kind.getTypeId()),
          kind.getTypeId() == null ? "required" : "reference",
          kind.getTypeId() == null ? Map.of() : Map.of("value", kind.getTypeId()));
    }
    if (e instanceof MismatchedInputException) {
      MismatchedInputException mismatch = (MismatchedInputException) e;
      String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
      return Violation.of(path, "must be " + expected + ": " + Violations.excerpt(e.getOriginalMessage()), "type",
          Map.of("expected", expected));
    }
    if (e instanceof JsonMappingException) {
      return Violation.of(path, Violations.excerpt(e.getOriginalMessage()), "invalid", Map.of());
    }
    return Violation.of(path, "is not JSON: " + Violations.excerpt(e.getOriginalMessage()), "format", Map.of());
  }

  private static ValidationException rethrown(String path, ValidationException invalid) {
    List<Violation> all = new ArrayList<>();
    invalid.violations().forEach(v -> all.add(prefixed(path, v)));
    return invalid instanceof PolicyValidationException
        ? new PolicyValidationException("the JSON of a policy", all)
        : new ValidationException("the JSON", all);
  }

  private static Violation prefixed(String path, Violation v) {
    if (path.isEmpty()) {
      return v;
    }
    return Violation.of(join(path, v.field()), v.message(), v.rule(), v.arguments().entrySet().stream()
        .filter(a -> !a.getKey().equals("field"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
            LinkedHashMap::new)));
  }

  private static String describe(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a string";
    }
    if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  private static String join(String path, String field) {
    if (path.isEmpty()) {
      return field;
    }
    return field.isEmpty() ? path : field.startsWith("[") ? path + field : path + "." + field;
  }

  /** A Jackson path as the SDK writes field paths: {@code routes[0].destinations[1].weight}. */
  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
