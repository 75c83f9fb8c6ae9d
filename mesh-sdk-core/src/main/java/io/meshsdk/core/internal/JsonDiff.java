package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the SDK wants with what a cluster holds. Only the fields the SDK manages are
 * compared: those of the object it would write, and those it wrote before and now wants removed.
 * Server-maintained metadata, status, and fields, labels or annotations added by others are
 * ignored, so an object another tool merely touched does not show up as changed.
 */
final class JsonDiff {
  private static final Set<String> OWN_METADATA = Set.of("name", "namespace", "labels", "annotations");

  private JsonDiff() {}

  /**
   * The differences from the live object to the wanted one.
   *
   * @param live the object on the cluster
   * @param desired the object the SDK wants
   * @return the differences in path order; empty when the live object is as wanted
   */
  static List<DiffEntry> diff(MeshResource live, MeshResource desired) {
    return diff(live, desired, Optional.empty());
  }

  /**
   * The differences from the live object to the wanted one, over the fields the SDK manages: the
   * fields of {@code desired}, and those of {@code written} (what the SDK wrote before), so that
   * a field it wrote and no longer wants shows as a removal. Any other field of the live object
   * belongs to someone else and is left out. Lists are compared whole: Istio's schemas declare
   * them atomic, so whoever sets one owns all of it.
   *
   * @param live the object on the cluster
   * @param desired the object the SDK wants
   * @param written the object the SDK wrote last, when known
   * @return the differences in path order; empty when the live object is as wanted
   */
  static List<DiffEntry> diff(MeshResource live, MeshResource desired, Optional<MeshResource> written) {
    JsonNode wanted = comparable(desired, desired);
    JsonNode managed = written.map(w -> union(wanted, comparable(w, w))).orElse(wanted);
    List<DiffEntry> out = new ArrayList<>();
    compare("", managedPart(comparable(live, desired, written), managed), wanted, out);
    return out;
  }

  /** {@link #comparable(MeshResource, MeshResource)} keeping also the labels and annotations written before. */
  private static JsonNode comparable(MeshResource live, MeshResource desired, Optional<MeshResource> written) {
    if (written.isEmpty()) {
      return comparable(live, desired);
    }
    ObjectNode keys = desired.content();
    ObjectNode metadata = keys.withObjectProperty("metadata");
    for (String map : List.of("labels", "annotations")) {
      JsonNode before = written.get().content().path("metadata").path(map);
      if (before.isObject()) {
        metadata.withObjectProperty(map).setAll(((ObjectNode) before).deepCopy());
      }
    }
    return comparable(live, MeshResource.of(keys));
  }

  /** The part of {@code live} under the fields of {@code managed}; a leaf of {@code managed} keeps the live subtree whole. */
  private static JsonNode managedPart(JsonNode live, JsonNode managed) {
    if (!live.isObject() || !managed.isObject()) {
      return live;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = live.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (managed.has(field.getKey())) {
        out.set(field.getKey(), managedPart(field.getValue(), managed.get(field.getKey())));
      }
    }
    return out;
  }

  /** The fields of both trees; where one has a leaf, the leaf, which covers the whole subtree. */
  private static JsonNode union(JsonNode a, JsonNode b) {
    if (!a.isObject() || !b.isObject()) {
      return a.isObject() ? b : a;
    }
    ObjectNode out = ((ObjectNode) a).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode mine = out.get(field.getKey());
      out.set(field.getKey(), mine == null ? field.getValue() : union(mine, field.getValue()));
    }
    return out;
  }

  /** The part of {@code resource} that the SDK's {@code desired} object speaks about. */
  private static ObjectNode comparable(MeshResource resource, MeshResource desired) {
    ObjectNode content = resource.content();
    content.remove("status");
    JsonNode metadata = content.path("metadata");
    ObjectNode kept = content.putObject("metadata");
    for (String field : OWN_METADATA) {
      if (metadata.has(field)) {
        kept.set(field, metadata.get(field));
      }
    }
    onlyKeys(kept, "labels", desired.labels());
    onlyKeys(kept, "annotations", desired.annotations());
    return content;
  }

  private static void onlyKeys(ObjectNode metadata, String field, Map<String, String> wanted) {
    JsonNode map = metadata.get(field);
    if (map instanceof ObjectNode) {
      ((ObjectNode) map).retain(wanted.keySet());
      if (map.isEmpty()) {
        metadata.remove(field);
      }
    }
  }

  private static void compare(String path, JsonNode before, JsonNode after, List<DiffEntry> out) {
    if (before.equals(after)) {
      return;
    }
    if (before.isNumber() && after.isNumber() && before.decimalValue().compareTo(after.decimalValue()) == 0) {
      return; // 2, 2L and 2.0 are one value: read back from JSON or YAML, numbers lose their Java type
    }
    if (before.isObject() && after.isObject()) {
      Set<String> keys = new TreeSet<>();
      before.fieldNames().forEachRemaining(keys::add);
      after.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String child = path + "/" + key.replace("~", "~0").replace("/", "~1");
        if (!after.has(key)) {
          out.add(DiffEntry.of(DiffEntry.Op.REMOVE, child, Json.write(before.get(key)), null));
        } else if (!before.has(key)) {
          out.add(DiffEntry.of(DiffEntry.Op.ADD, child, null, Json.write(after.get(key))));
        } else {
          compare(child, before.get(key), after.get(key), out);
        }
      }
    } else if (before.isArray() && after.isArray()) {
      int common = Math.min(before.size(), after.size());
      for (int i = 0; i < common; i++) {
        compare(path + "/" + i, before.get(i), after.get(i), out);
      }
      for (int i = common; i < before.size(); i++) {
        out.add(DiffEntry.of(DiffEntry.Op.REMOVE, path + "/" + i, Json.write(before.get(i)), null));
      }
      for (int i = common; i < after.size(); i++) {
        out.add(DiffEntry.of(DiffEntry.Op.ADD, path + "/" + i, null, Json.write(after.get(i))));
      }
    } else {
      out.add(DiffEntry.of(DiffEntry.Op.REPLACE, path, Json.write(before), Json.write(after)));
    }
  }

  /**
   * Every field of a new object, as additions.
   *
   * @param desired the object to create
   * @return one entry per top-level field
   */
  static List<DiffEntry> creation(MeshResource desired) {
    List<DiffEntry> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = desired.content().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(DiffEntry.of(DiffEntry.Op.ADD, "/" + e.getKey(), null, Json.write(e.getValue())));
    }
    return out;
  }
}
