package io.meshsdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.resource.MeshResource;

/**
 * Strips an object down to what may be shown of a Secret: its kind, its metadata without managed
 * fields and without the annotation in which {@code kubectl apply} keeps the whole object, and
 * its {@code type}. Nothing of {@code data} or {@code stringData} is kept.
 */
public final class MetadataOnly {
  /** Where {@code kubectl apply} keeps the whole object it applied, data included. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private MetadataOnly() {}

  /**
   * The object's metadata only.
   *
   * @param resource an object as read
   * @return a new object with {@code apiVersion}, {@code kind}, {@code metadata} and {@code type}
   */
  public static MeshResource of(MeshResource resource) {
    ObjectNode content = resource.content();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("apiVersion", content.get("apiVersion"));
    out.set("kind", content.get("kind"));
    JsonNode metadata = content.get("metadata");
    if (metadata instanceof ObjectNode) {
      ObjectNode meta = ((ObjectNode) metadata).deepCopy();
      meta.remove("managedFields");
      JsonNode annotations = meta.get("annotations");
      if (annotations instanceof ObjectNode) {
        ((ObjectNode) annotations).remove(LAST_APPLIED);
      }
      out.set("metadata", meta);
    }
    JsonNode type = content.get("type");
    if (type != null && type.isTextual()) {
      out.set("type", type);
    }
    return MeshResource.of(out);
  }
}
