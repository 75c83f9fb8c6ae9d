package io.meshsdk.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.internal.Violations;
import io.meshsdk.internal.Yaml;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Kubernetes object in neutral form: its whole JSON tree, with typed access to the parts the
 * SDK reasons about (identity, labels, annotations, resource version). Immutable: every accessor
 * that returns a tree returns a copy, and every {@code with*} method returns a new instance.
 *
 * @since 0.1.0
 */
@com.fasterxml.jackson.databind.annotation.JsonSerialize(using = io.meshsdk.internal.MeshResourceJson.Serializer.class)
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = io.meshsdk.internal.MeshResourceJson.Deserializer.class)
public final class MeshResource {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final ObjectReader STRICT = JSON.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final ObjectNode content;
  private final ResourceRef ref;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;

  private MeshResource(ObjectNode content) {
    this.content = content;
    JsonNode metadata = content.path("metadata");
    String apiVersion = text(content, "apiVersion");
    String kind = text(content, "kind");
    String name = text(metadata, "name");
    if (apiVersion == null || kind == null || name == null) {
      throw new IllegalArgumentException(
          "a resource needs apiVersion, kind and metadata.name, but had apiVersion="
              + apiVersion + ", kind=" + kind + ", name=" + name);
    }
    this.ref = ResourceRef.of(apiVersion, kind, text(metadata, "namespace"), name);
    this.labels = stringMap(metadata.path("labels"));
    this.annotations = stringMap(metadata.path("annotations"));
  }

  /**
   * Wraps a JSON object; the tree is copied.
   *
   * @param object the whole object, with apiVersion, kind and metadata.name
   * @return the resource
   * @throws IllegalArgumentException if apiVersion, kind or metadata.name is missing
   */
  public static MeshResource of(ObjectNode object) {
    return new MeshResource(object.deepCopy());
  }

  /**
   * Parses a JSON object. A key repeated in one object is refused, as the Kubernetes API server
   * and kubectl refuse it: keeping either value would silently drop the other.
   *
   * @param json the object's JSON text
   * @return the resource
   * @throws IllegalArgumentException if the text is not a JSON object with identity, or repeats a
   *     key
   */
  public static MeshResource parse(String json) {
    try {
      JsonNode node = STRICT.readTree(json);
      if (!(node instanceof ObjectNode)) {
        throw new IllegalArgumentException("a resource must be a JSON object");
      }
      return new MeshResource((ObjectNode) node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + Violations.excerpt(e.getOriginalMessage())
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")" : ""), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /**
   * The object's identity.
   *
   * @return the reference
   */
  public ResourceRef ref() {
    return ref;
  }

  /**
   * The API version.
   *
   * @return for example {@code networking.istio.io/v1}
   */
  public String apiVersion() {
    return ref.apiVersion();
  }

  /**
   * The kind.
   *
   * @return for example {@code VirtualService}
   */
  public String kind() {
    return ref.kind();
  }

  /**
   * The namespace.
   *
   * @return the namespace; absent for cluster-scoped objects
   */
  public Optional<String> namespace() {
    return ref.namespace();
  }

  /**
   * The name.
   *
   * @return the name
   */
  public String name() {
    return ref.name();
  }

  /**
   * The labels.
   *
   * @return an unmodifiable map, ordered by key
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * The annotations.
   *
   * @return an unmodifiable map, ordered by key
   */
  public Map<String, String> annotations() {
    return annotations;
  }

  /**
   * The resource version the API server gave this object.
   *
   * @return the version; absent for an object not read from a cluster
   */
  public Optional<String> resourceVersion() {
    return Optional.ofNullable(text(content.path("metadata"), "resourceVersion"));
  }

  /**
   * A top-level field, such as {@code spec}.
   *
   * @param name the field's name
   * @return a copy of the field's tree
   */
  public Optional<JsonNode> field(String name) {
    JsonNode value = content.get(name);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /**
   * The whole object.
   *
   * @return a copy of the JSON tree
   */
  public ObjectNode content() {
    return content.deepCopy();
  }

  /**
   * Returns a copy with a label set.
   *
   * @param key the label key
   * @param value the label value
   * @return the new resource
   */
  public MeshResource withLabel(String key, String value) {
    ObjectNode copy = content.deepCopy();
    metadata(copy).withObjectProperty("labels").put(key, value);
    return new MeshResource(copy);
  }

  /**
   * Returns a copy with an annotation set.
   *
   * @param key the annotation key
   * @param value the annotation value
   * @return the new resource
   */
  public MeshResource withAnnotation(String key, String value) {
    ObjectNode copy = content.deepCopy();
    metadata(copy).withObjectProperty("annotations").put(key, value);
    return new MeshResource(copy);
  }

  /**
   * Returns a copy with the resource version set, or removed when {@code null}.
   *
   * @param resourceVersion the version, or {@code null}
   * @return the new resource
   */
  public MeshResource withResourceVersion(String resourceVersion) {
    ObjectNode copy = content.deepCopy();
    if (resourceVersion == null) {
      metadata(copy).remove("resourceVersion");
    } else {
      metadata(copy).put("resourceVersion", resourceVersion);
    }
    return new MeshResource(copy);
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode) {
      return (ObjectNode) metadata;
    }
    return object.putObject("metadata");
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return Map.of();
    }
    Map<String, String> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue().asText());
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * The object as compact JSON with object keys sorted, suitable for hashing and comparison.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(JSON.treeToValue(content, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * The object as block-style YAML, keys in the order the object holds them.
   *
   * @return the YAML text, ending in a newline
   */
  public String toYaml() {
    return Yaml.write(content);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MeshResource && ((MeshResource) o).content.equals(content);
  }

  @Override
  public int hashCode() {
    return content.hashCode();
  }

  /**
   * Returns the object's identity and resource version only; never its content, which may hold
   * data that must not reach logs.
   */
  @Override
  public String toString() {
    return ref + resourceVersion().map(v -> " (resourceVersion " + v + ")").orElse("");
  }

  /**
   * Starts an object from its identity.
   *
   * @param apiVersion the API version
   * @param kind the kind
   * @param namespace the namespace, or {@code null} for cluster-scoped kinds
   * @param name the name
   * @return a JSON tree holding apiVersion, kind and metadata, to be filled in and passed to
   *     {@link #of(ObjectNode)}
   */
  public static ObjectNode skeleton(String apiVersion, String kind, String namespace, String name) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", Objects.requireNonNull(name, "name"));
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return object;
  }

}
