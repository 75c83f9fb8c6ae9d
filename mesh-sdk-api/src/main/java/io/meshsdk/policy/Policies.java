package io.meshsdk.policy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.internal.ApiJson;
import io.meshsdk.internal.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Policies as JSON, for consoles and APIs: the canonical form, and a JSON Schema per kind to
 * render and check forms.
 *
 * <p>The canonical JSON is the form the SDK stores in the intent annotation of the object that
 * carries a policy's intent: an object with the policy's {@code kind} and every property of the
 * policy, keys sorted, absent optional values and empty lists, sets and maps left out, durations
 * as ISO-8601 text ({@code "PT2S"}). It is stable: objects on live clusters carry it, so it changes
 * only in ways that older JSON still reads (JSON that spells out empty lists and maps, as 0.1.0
 * wrote it, reads the same).
 *
 * <pre>{@code
 * String json = Policies.toJson(canary);        // {"circuitBreaker":{...},"host":"reviews","kind":"TrafficPolicy",...}
 * Policy same = Policies.fromJson(json);         // equal to canary, validated again
 * String schema = Policies.jsonSchema(TrafficPolicy.class);
 * }</pre>
 *
 * @since 0.2.0
 */
public final class Policies {
  private static final Map<String, Class<? extends Policy>> KINDS = kinds();

  private Policies() {}

  /**
   * The canonical JSON of a policy, as its intent annotation holds it.
   *
   * @param policy the policy
   * @return compact JSON text with sorted keys
   */
  public static String toJson(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    return ApiJson.canonicalPolicy(policy);
  }

  /**
   * Reads a policy from its JSON, of any kind the {@code kind} property names, and validates it
   * as its builder does.
   *
   * @param json the JSON text, for example what {@link #toJson(Policy)} wrote or a form submitted
   * @return the policy
   * @throws io.meshsdk.PolicyValidationException naming each field at fault: unknown, missing or
   *     mistyped properties, an unknown kind, or the rules of the policy
   */
  public static Policy fromJson(String json) {
    return JsonInput.read(json, Policy.class);
  }

  /**
   * Reads a policy of one kind from its JSON.
   *
   * @param json the JSON text
   * @param kind the kind expected
   * @param <P> the kind
   * @return the policy
   * @throws io.meshsdk.PolicyValidationException if the text is invalid or of another kind
   */
  public static <P extends Policy> P fromJson(String json, Class<P> kind) {
    Policy policy = fromJson(json);
    if (!kind.isInstance(policy)) {
      throw new io.meshsdk.PolicyValidationException("the JSON of a policy", List.of(io.meshsdk.Violation.of("kind",
          "must be " + kind.getSimpleName() + ", but was " + policy.kind(), "reference",
          Map.of("expected", kind.getSimpleName(), "value", policy.kind()))));
    }
    return kind.cast(policy);
  }

  /**
   * Every kind of policy, by the name its JSON's {@code kind} property holds.
   *
   * @return the kinds, in a stable order
   */
  public static Map<String, Class<? extends Policy>> kinds() {
    if (KINDS != null) {
      return KINDS;
    }
    Map<String, Class<? extends Policy>> kinds = new LinkedHashMap<>();
    for (com.fasterxml.jackson.annotation.JsonSubTypes.Type type
        : Policy.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value()) {
      kinds.put(type.name(), type.value().asSubclass(Policy.class));
    }
    return Collections.unmodifiableMap(kinds);
  }

  /**
   * The JSON Schema (draft 2020-12) of one kind of policy: the properties of its canonical JSON,
   * their types, which are required, and that no others are allowed. It checks the form of a
   * policy; the rules across fields (weights adding up to 100, subsets that exist, ...) are
   * checked by {@link #fromJson(String)}, which reports each broken rule with its field path.
   * The schema is also in this jar as the resource {@code io/meshsdk/schema/<kind>.schema.json}.
   *
   * @param kind the kind of policy, for example {@code TrafficPolicy.class}
   * @return the schema's JSON text
   */
  public static String jsonSchema(Class<? extends Policy> kind) {
    String name = kinds().entrySet().stream().filter(e -> e.getValue().equals(kind)).map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new MeshException(ErrorCode.INVALID_INPUT, kind.getName() + " is not a kind of policy;"
            + " the kinds are " + kinds().keySet()));
    return jsonSchema(name);
  }

  /**
   * The JSON Schema (draft 2020-12) of one kind of policy, by its name.
   *
   * @param kind the kind's name, as the {@code kind} property holds it, for example {@code
   *     TrafficPolicy}
   * @return the schema's JSON text
   * @see #jsonSchema(Class)
   */
  public static String jsonSchema(String kind) {
    if (!kinds().containsKey(kind)) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "policy.kind.unknown", Map.of("kind", String.valueOf(kind)),
          "there is no kind of policy named " + kind + "; the kinds are " + kinds().keySet(), null);
    }
    String resource = "io/meshsdk/schema/" + kind + ".schema.json";
    try (InputStream in = Policies.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MeshException(ErrorCode.INTERNAL, "the mesh-sdk-api jar lacks " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
