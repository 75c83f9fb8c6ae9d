package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file form of an object in a GitOps directory: block YAML with a fixed key order, so that the
 * same object always gives the same bytes and a change to one field changes one line of a git
 * diff. The resource version is never written (a manifest carrying one would make {@code kubectl
 * apply} and Argo CD fail on the live cluster); it is the hash of the file's bytes, computed on
 * every read, so any edit of the file, by the SDK or by hand, gives a new version.
 */
public final class GitOpsFiles {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> TOP = List.of("apiVersion", "kind", "metadata");
  private static final List<String> METADATA = List.of("name", "namespace", "labels", "annotations");

  private GitOpsFiles() {}

  /**
   * The bytes of an object's file.
   *
   * @param resource the object
   * @return its YAML, without a resource version, keys in the fixed order
   */
  public static byte[] render(MeshResource resource) {
    ObjectNode content = resource.content();
    JsonNode metadata = content.get("metadata");
    if (metadata instanceof ObjectNode) {
      ((ObjectNode) metadata).remove("resourceVersion");
    }
    return MeshResource.of((ObjectNode) ordered(content, TOP)).toYaml().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads an object back from its file.
   *
   * @param bytes the file's content
   * @return the object with its resource version, or empty if the file is not one Kubernetes
   *     object
   */
  public static Optional<MeshResource> parse(byte[] bytes) {
    try {
      JsonNode node = YAML.readTree(bytes);
      if (!(node instanceof ObjectNode)) {
        return Optional.empty();
      }
      return Optional.of(MeshResource.of((ObjectNode) node).withResourceVersion(version(bytes)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The resource version of a file's content.
   *
   * @param bytes the content
   * @return the hash of the bytes
   */
  public static String version(byte[] bytes) {
    return Json.hash(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Puts the keys of an object in the fixed order: the given ones first, the rest sorted. */
  private static JsonNode ordered(JsonNode node, List<String> first) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Map<String, JsonNode> rest = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        rest.put(e.getKey(), e.getValue());
      }
      for (String key : first) {
        JsonNode value = rest.remove(key);
        if (value != null) {
          out.set(key, ordered(value, key.equals("metadata") ? METADATA : List.of()));
        }
      }
      rest.forEach((key, value) -> out.set(key, ordered(value, List.of())));
      return out;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(ordered(item, List.of())));
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      out.addAll(items);
      return out;
    }
    return node;
  }
}
