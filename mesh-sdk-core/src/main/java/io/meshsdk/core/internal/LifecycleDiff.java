package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Diffs and orders the objects of the mesh's lifecycle (gateway instances, CA secrets). Unlike
 * Istio's configuration, Kubernetes workloads come back from the API server with defaults filled
 * in inside list elements (a container's {@code imagePullPolicy}, a port's {@code protocol}), so
 * the live object is cut to the shape of the wanted one, list elements included, before comparing.
 */
final class LifecycleDiff {
  static final String REDACTED = "(redacted)";

  private LifecycleDiff() {}

  /** The differences from the live object to the wanted one, over the fields the wanted one sets. */
  static List<DiffEntry> diff(MeshResource live, MeshResource desired) {
    ObjectNode shaped = (ObjectNode) shape(live.content(), desired.content());
    return JsonDiff.diff(MeshResource.of(shaped), desired);
  }

  /** The part of {@code live} under the fields of {@code wanted}, descending into lists of the same length. */
  private static JsonNode shape(JsonNode live, JsonNode wanted) {
    if (live.isObject() && wanted.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = live.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (wanted.has(field.getKey())) {
          out.set(field.getKey(), shape(field.getValue(), wanted.get(field.getKey())));
        }
      }
      return out;
    }
    if (live.isArray() && wanted.isArray() && live.size() == wanted.size()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < live.size(); i++) {
        out.add(shape(live.get(i), wanted.get(i)));
      }
      return out;
    }
    return live;
  }

  /** A change for one wanted object: CREATE when there is none, else UPDATE or UNCHANGED. */
  static ResourceChange change(String cluster, MeshResource desired, MeshResource live, boolean secret) {
    ResourceChange.Builder change = ResourceChange.builder().cluster(cluster).ref(desired.ref()).desired(desired);
    if (live == null) {
      List<DiffEntry> creation = JsonDiff.creation(desired);
      return change.action(ChangeAction.CREATE).diff(secret ? redacted(creation) : creation).build();
    }
    List<DiffEntry> diff = diff(live, desired);
    return change.live(live).diff(secret ? redacted(diff) : diff)
        .action(diff.isEmpty() ? ChangeAction.UNCHANGED : ChangeAction.UPDATE).build();
  }

  /** Diff entries on a Secret's data with their values replaced, so no key material is shown. */
  static List<DiffEntry> redacted(List<DiffEntry> diff) {
    List<DiffEntry> out = new ArrayList<>();
    for (DiffEntry entry : diff) {
      if (entry.path().startsWith("/data") || entry.path().startsWith("/stringData")) {
        out.add(DiffEntry.of(entry.op(), entry.path(), entry.before().map(b -> "\"" + REDACTED + "\"").orElse(null),
            entry.after().map(a -> "\"" + REDACTED + "\"").orElse(null)));
      } else {
        out.add(entry);
      }
    }
    return out;
  }

  /** Creates and updates in the order of {@code types}, then deletes in reverse order. */
  static List<ResourceChange> ordered(List<ResourceChange> changes, List<ResourceType> types) {
    Comparator<ResourceChange> byType = Comparator.comparingInt(c -> rank(c, types));
    List<ResourceChange> writes = new ArrayList<>();
    List<ResourceChange> deletes = new ArrayList<>();
    for (ResourceChange change : changes) {
      (change.action() == ChangeAction.DELETE ? deletes : writes).add(change);
    }
    writes.sort(byType);
    deletes.sort(byType.reversed());
    writes.addAll(deletes);
    return writes;
  }

  private static int rank(ResourceChange change, List<ResourceType> types) {
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).kind().equals(change.ref().kind()) && types.get(i).apiVersion().equals(change.ref().apiVersion())) {
        return i;
      }
    }
    return types.size();
  }

  /** The object with the values of a Secret's data and stringData replaced; other objects as they are. */
  static ObjectNode redactSecret(ObjectNode content) {
    if ("v1".equals(content.path("apiVersion").asText()) && "Secret".equals(content.path("kind").asText())) {
      for (String field : new String[] {"data", "stringData"}) {
        JsonNode values = content.get(field);
        if (values instanceof ObjectNode) {
          List<String> keys = new ArrayList<>();
          values.fieldNames().forEachRemaining(keys::add);
          keys.forEach(k -> ((ObjectNode) values).put(k, REDACTED));
        }
      }
    }
    return content;
  }
}
