package io.meshsdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The JSON configuration of the public value types: the same as the engine's, so that a policy's
 * JSON here ({@link #canonicalPolicy}) is, byte for byte, the canonical JSON of its intent
 * annotation. Optional values are
 * left out when absent, durations are ISO-8601 text ({@code PT2S}), instants are ISO-8601 UTC
 * text, map keys are sorted, and unknown properties are refused.
 */
public final class ApiJson {
  /** The mapper; configure nothing on it. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_ABSENT);

  /**
   * Writes policies: as {@link #MAPPER}, but leaving out empty lists, sets and maps, which read
   * back as empty. A policy's JSON is stored on a live object as its intent, so every byte of it
   * is sent to and kept by the API server.
   */
  private static final ObjectMapper POLICIES = MAPPER.copy();

  static {
    JsonInclude.Value nonEmpty = JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY);
    for (Class<?> type : List.of(Collection.class, List.class, Set.class, SortedSet.class, Map.class, SortedMap.class,
        NavigableMap.class)) {
      POLICIES.configOverride(type).setInclude(nonEmpty);
    }
  }

  private ApiJson() {}

  /**
   * The writer of policies' JSON: {@link #MAPPER}'s configuration, with empty lists, sets and maps
   * left out.
   *
   * @return the writer, for {@link io.meshsdk.policy.Policy}
   */
  public static ObjectWriter policyWriter() {
    return POLICIES.writerFor(io.meshsdk.policy.Policy.class);
  }

  /**
   * A policy's canonical JSON: written by {@link #policyWriter()}, keys sorted.
   *
   * @param policy the policy
   * @return compact JSON text
   */
  public static String canonicalPolicy(io.meshsdk.policy.Policy policy) {
    try {
      JsonNode tree = MAPPER.readTree(policyWriter().writeValueAsString(policy));
      return MAPPER.writeValueAsString(MAPPER.treeToValue(tree, Object.class));
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot serialise a " + policy.kind() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A value as compact JSON with every object's keys sorted, so equal values give equal text.
   *
   * @param value the value
   * @param type the declared type to write it as (a polymorphic base writes its type property)
   * @return the text
   */
  public static String canonical(Object value, Class<?> type) {
    try {
      JsonNode tree = MAPPER.readTree(MAPPER.writerFor(type).writeValueAsString(value));
      return MAPPER.writeValueAsString(MAPPER.treeToValue(tree, Object.class));
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot serialise a " + type.getSimpleName()
          + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A tree as compact JSON with every object's keys sorted; every node is kept, nulls included.
   *
   * @param tree the tree
   * @return the text
   */
  public static String canonical(JsonNode tree) {
    try {
      return MAPPER.writeValueAsString(sorted(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      new TreeMap<String, JsonNode>(toMap(node)).forEach((k, v) -> copy.set(k, sorted(v)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    return fields;
  }

  /** What replaces the data of a Secret in JSON the SDK writes for display. */
  public static final String REDACTED = "(redacted)";

  /**
   * Replaces, everywhere in a tree, the values of {@code data} and {@code stringData} of every
   * Kubernetes Secret ({@code apiVersion: v1, kind: Secret}) with {@value #REDACTED}, and the
   * values of diff entries on those fields of a Secret's change.
   *
   * @param tree the tree, changed in place
   * @return the tree
   */
  public static JsonNode redactSecrets(JsonNode tree) {
    if (tree.isObject()) {
      ObjectNode object = (ObjectNode) tree;
      boolean secret = isSecret(object) || isSecret(object.path("ref"));
      if (isSecret(object)) {
        for (String field : new String[] {"data", "stringData"}) {
          JsonNode values = object.get(field);
          if (values != null && values.isObject()) {
            List<String> keys = new ArrayList<>();
            values.fieldNames().forEachRemaining(keys::add);
            keys.forEach(k -> ((ObjectNode) values).put(k, REDACTED));
          }
        }
      }
      if (secret && object.path("diff").isArray()) {
        for (JsonNode entry : object.path("diff")) {
          String path = entry.path("path").asText("");
          if (path.startsWith("/data") || path.startsWith("/stringData")) {
            for (String side : new String[] {"before", "after"}) {
              if (entry.has(side)) {
                ((ObjectNode) entry).put(side, REDACTED);
              }
            }
          }
        }
      }
      object.elements().forEachRemaining(ApiJson::redactSecrets);
    } else if (tree.isArray()) {
      tree.elements().forEachRemaining(ApiJson::redactSecrets);
    }
    return tree;
  }

  private static boolean isSecret(JsonNode node) {
    return "v1".equals(node.path("apiVersion").asText()) && "Secret".equals(node.path("kind").asText());
  }

  /**
   * The SHA-256 of a text, in hex.
   *
   * @param text the text, hashed as UTF-8
   * @return 64 hex digits
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
