package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Taking over objects the SDK did not write: which ones may be taken, and the change that takes
 * one. The adopted object keeps its own labels and annotations next to the SDK's, and its spec
 * unless the adopting policy says otherwise.
 */
final class Adoption {
  /** Written by {@code kubectl apply}; it describes the other tool's view and is not carried over. */
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final String SDK_PREFIX = "mesh.meshsdk.io/";
  /** What the API server sets on an object and a write does not carry. */
  private static final List<String> SERVER_METADATA = List.of("resourceVersion", "uid", "creationTimestamp",
      "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

  private Adoption() {}

  /**
   * Whether an object may be adopted: it carries none of the SDK's labels, so neither a policy nor
   * a mesh owns it.
   */
  static boolean adoptable(MeshResource object) {
    if (Ownership.MANAGER.equals(object.labels().get(Ownership.MANAGED_BY))) {
      return false;
    }
    return object.labels().keySet().stream().noneMatch(k -> k.startsWith(SDK_PREFIX))
        && object.annotations().keySet().stream().noneMatch(k -> k.startsWith(SDK_PREFIX));
  }

  /**
   * The adoption of {@code live} by the object a policy wants there: the wanted object with the
   * live object's own labels and annotations kept, and a diff over every field of the live spec,
   * so that anything the policy would drop shows as a removal.
   */
  static ResourceChange change(String cluster, MeshResource live, MeshResource wanted) {
    MeshResource desired = withForeignMetadata(wanted, live);
    List<DiffEntry> diff = JsonDiff.diff(live, desired, Optional.of(specOf(live)));
    return ResourceChange.builder().cluster(cluster).ref(desired.ref()).action(ChangeAction.ADOPT)
        .live(live).desired(desired).diff(diff).build();
  }

  /**
   * The object to write to give an adopted object back: the object as it was read before the
   * adoption, without what the API server keeps for itself (versions, timestamps, managed fields,
   * status). Written over the adopted object, it takes away the SDK's labels and annotations and
   * restores the spec it had.
   */
  static MeshResource asBefore(MeshResource live) {
    ObjectNode content = live.content();
    content.remove("status");
    if (content.get("metadata") instanceof ObjectNode) {
      ((ObjectNode) content.get("metadata")).remove(SERVER_METADATA);
    }
    return MeshResource.of(content);
  }

  private static MeshResource withForeignMetadata(MeshResource wanted, MeshResource live) {
    MeshResource out = wanted;
    for (Map.Entry<String, String> label : live.labels().entrySet()) {
      if (!wanted.labels().containsKey(label.getKey()) && !label.getKey().equals(Ownership.MANAGED_BY)) {
        out = out.withLabel(label.getKey(), label.getValue());
      }
    }
    for (Map.Entry<String, String> annotation : live.annotations().entrySet()) {
      if (!wanted.annotations().containsKey(annotation.getKey()) && !annotation.getKey().equals(LAST_APPLIED)) {
        out = out.withAnnotation(annotation.getKey(), annotation.getValue());
      }
    }
    return out;
  }

  /** The live object reduced to what the SDK takes charge of: its identity and its spec. */
  private static MeshResource specOf(MeshResource live) {
    ObjectNode content = live.content();
    ObjectNode out = content.objectNode();
    out.set("apiVersion", content.get("apiVersion"));
    out.set("kind", content.get("kind"));
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", live.name());
    live.namespace().ifPresent(n -> metadata.put("namespace", n));
    if (content.has("spec")) {
      out.set("spec", content.get("spec"));
    }
    return MeshResource.of(out);
  }
}
