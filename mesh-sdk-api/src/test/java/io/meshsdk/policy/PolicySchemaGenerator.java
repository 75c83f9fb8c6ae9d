package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.resource.MeshResource;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives the JSON Schema of each kind of policy from the Jackson model Immutables generates: the
 * {@code @JsonProperty} accessors of each {@code Immutable*} class, with the {@code required}
 * flag Immutables sets on mandatory attributes. The schemas in {@code
 * src/main/resources/io/meshsdk/schema} are its output; {@code PolicySchemaTest} fails when they
 * differ and says how to write them again.
 */
final class PolicySchemaGenerator {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String ID_BASE = "https://meshsdk.io/schema/";

  private PolicySchemaGenerator() {}

  /** The schema of a kind, as pretty-printed text ending in a newline. */
  static String schema(String kind, Class<? extends Policy> type) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", ID_BASE + kind + ".schema.json");
    root.put("title", kind);
    root.put("description", "The canonical JSON of a mesh-sdk " + kind + ", as its intent annotation holds it.");
    TreeMap<String, ObjectNode> defs = new TreeMap<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    ObjectNode body = object(type, defs, pending);
    ((ObjectNode) body.get("properties")).set("kind", NODES.objectNode().put("const", kind));
    ArrayNode required = (ArrayNode) body.get("required");
    required.insert(0, "kind");
    sortProperties(body);
    root.setAll(body);
    while (!pending.isEmpty()) {
      Class<?> next = pending.pop();
      if (!defs.containsKey(defName(next))) {
        defs.put(defName(next), null);
        defs.put(defName(next), object(next, defs, pending));
      }
    }
    if (!defs.isEmpty()) {
      ObjectNode defsNode = root.putObject("$defs");
      defs.forEach(defsNode::set);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode object(Class<?> type, Map<String, ObjectNode> defs, Deque<Class<?>> pending) {
    Class<?> model = type.getAnnotation(JsonSerialize.class).as();
    ObjectNode node = NODES.objectNode();
    node.put("type", "object");
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = node.putArray("required");
    Method[] methods = model.getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method method : methods) {
      JsonProperty property = method.getAnnotation(JsonProperty.class);
      if (property == null || method.getParameterCount() != 0) {
        continue;
      }
      Type declared = method.getGenericReturnType();
      JsonNode schema;
      com.fasterxml.jackson.databind.annotation.JsonSerialize custom =
          findCustom(type, method.getName());
      if (custom != null && MeshResourceList.is(declared)) {
        schema = NODES.objectNode().put("type", "array").set("items", meshResource());
      } else {
        schema = schemaOf(declared, pending);
      }
      properties.set(property.value(), schema);
      if (property.required()) {
        required.add(property.value());
      }
    }
    node.put("additionalProperties", false);
    return node;
  }

  private static JsonSerialize findCustom(Class<?> type, String accessor) {
    try {
      return type.getMethod(accessor).getAnnotation(JsonSerialize.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static JsonNode schemaOf(Type type, Deque<Class<?>> pending) {
    if (type instanceof ParameterizedType) {
      ParameterizedType generic = (ParameterizedType) type;
      Class<?> raw = (Class<?>) generic.getRawType();
      Type[] args = generic.getActualTypeArguments();
      if (raw == Optional.class) {
        return schemaOf(args[0], pending);
      }
      if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
        ObjectNode array = NODES.objectNode().put("type", "array");
        array.set("items", schemaOf(args[0], pending));
        if (Set.class.isAssignableFrom(raw)) {
          array.put("uniqueItems", true);
        }
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode map = NODES.objectNode().put("type", "object");
        if (args[0] == Integer.class) {
          map.putObject("propertyNames").put("pattern", "^-?[0-9]+$");
        }
        map.set("additionalProperties", schemaOf(args[1], pending));
        return map;
      }
      throw new IllegalStateException("no schema for " + type);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return NODES.objectNode().put("type", "string");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return NODES.objectNode().put("type", "integer");
    }
    if (raw == double.class || raw == Double.class) {
      return NODES.objectNode().put("type", "number");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return NODES.objectNode().put("type", "boolean");
    }
    if (raw == Duration.class) {
      return NODES.objectNode().put("type", "string").put("format", "duration")
          .put("pattern", "^-?P(?:[0-9]+D)?(?:T(?:-?[0-9]+H)?(?:-?[0-9]+M)?(?:-?[0-9]+(?:\\.[0-9]+)?S)?)?$");
    }
    if (raw.isEnum()) {
      ArrayNode values = NODES.arrayNode();
      for (Object constant : raw.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      ObjectNode node = NODES.objectNode().put("type", "string");
      node.set("enum", values);
      return node;
    }
    if (raw == MeshResource.class) {
      return meshResource();
    }
    if (raw.getAnnotation(JsonSerialize.class) != null) {
      pending.push(raw);
      return NODES.objectNode().put("$ref", "#/$defs/" + defName(raw));
    }
    throw new IllegalStateException("no schema for " + type);
  }

  private static ObjectNode meshResource() {
    ObjectNode node = NODES.objectNode().put("type", "object")
        .put("description", "A Kubernetes object: apiVersion, kind, metadata (name, namespace) and the rest.");
    ObjectNode properties = node.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    ObjectNode metadata = properties.putObject("metadata").put("type", "object");
    metadata.putObject("properties").putObject("name").put("type", "string");
    metadata.putArray("required").add("name");
    node.putArray("required").add("apiVersion").add("kind").add("metadata");
    return node;
  }

  private static String defName(Class<?> type) {
    return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
  }

  private static void sortProperties(ObjectNode body) {
    ObjectNode properties = (ObjectNode) body.get("properties");
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    properties.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
    properties.removeAll();
    sorted.forEach(properties::set);
    ArrayNode required = (ArrayNode) body.get("required");
    body.remove("required");
    body.remove("additionalProperties");
    body.set("required", required);
    body.put("additionalProperties", false);
  }

  /** Recognises {@code List<MeshResource>}. */
  private static final class MeshResourceList {
    static boolean is(Type type) {
      return type instanceof ParameterizedType
          && ((ParameterizedType) type).getActualTypeArguments()[0] == MeshResource.class;
    }
  }
}
