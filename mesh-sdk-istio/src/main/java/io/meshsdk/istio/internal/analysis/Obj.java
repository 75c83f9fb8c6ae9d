package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** An object of a cluster with its tree copied once, so analyzers read it without copying again. */
final class Obj {
  final String cluster;
  final MeshResource resource;
  final JsonNode tree;
  private Map<String, String> selector;

  Obj(String cluster, MeshResource resource) {
    this.cluster = cluster;
    this.resource = resource;
    this.tree = resource.content();
  }

  JsonNode spec() {
    return tree.path("spec");
  }

  String namespace() {
    return resource.namespace().orElse("");
  }

  String name() {
    return resource.name();
  }

  ResourceRef ref() {
    return resource.ref();
  }

  Map<String, String> labels() {
    return resource.labels();
  }

  /** A Service's selector, read once. */
  synchronized Map<String, String> selector() {
    if (selector == null) {
      selector = stringMap(spec().path("selector"));
    }
    return selector;
  }

  /** {@code cluster: Kind namespace/name}, the form of {@code Finding.related()}. */
  String describe() {
    return cluster + ": " + resource.ref();
  }

  /** {@code namespace/name}, as Istio names objects in its messages. */
  String key() {
    return namespace().isEmpty() ? name() : namespace() + "/" + name();
  }

  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
