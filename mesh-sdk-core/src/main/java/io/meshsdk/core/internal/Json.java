package io.meshsdk.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.policy.Policies;
import io.meshsdk.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The engine's one JSON configuration, and the canonical form of intents. */
public final class Json {
  /** Reads and writes policies and resources; keys sorted so the same value gives the same text. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_ABSENT);

  private Json() {}

  /**
   * The canonical JSON of a policy: its kind and every field that is set, keys sorted. Empty
   * lists and maps are left out: they read back as empty.
   *
   * @param policy the policy
   * @return compact JSON text
   */
  public static String canonical(Policy policy) {
    return Policies.toJson(policy); // byte for byte what users see of a policy as JSON
  }

  /**
   * The canonical text of a JSON tree: object keys sorted at every level, so that equal trees
   * give equal text whatever order their fields were set in.
   *
   * @param node the tree
   * @return compact JSON text
   */
  public static String canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(MAPPER.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Reads a policy back from its canonical JSON.
   *
   * @param json the text of an intent annotation
   * @return the policy, validated again
   */
  public static Policy policy(String json) {
    try {
      return MAPPER.readValue(json, Policy.class);
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot read a stored intent: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A short, stable hash of a text.
   *
   * @param text the text
   * @return the first 16 hex digits of its SHA-256
   */
  public static String hash(String text) {
    return sha256(text).substring(0, 16);
  }

  /**
   * A tree as compact JSON text with every object's keys sorted, keeping every node, nulls
   * included: the form documents are hashed in.
   *
   * @param node the tree
   * @return the text
   */
  public static String sorted(JsonNode node) {
    return write(sortedTree(node));
  }

  private static JsonNode sortedTree(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      fields.forEach((k, v) -> copy.set(k, sortedTree(v)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      node.forEach(element -> copy.add(sortedTree(element)));
      return copy;
    }
    return node;
  }

  /**
   * The SHA-256 of a text, whole.
   *
   * @param text the text
   * @return 64 hex digits
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * A tree as compact JSON text.
   *
   * @param node the tree
   * @return the text
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
