package io.meshsdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** JSON merge patch (RFC 7386) applied in place. */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /**
   * Applies a patch to a target object.
   *
   * @param target the object to change, in place
   * @param patch the patch: objects merge, {@code null} removes, anything else replaces
   */
  public static void apply(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject()) {
        JsonNode existing = target.get(e.getKey());
        ObjectNode child = existing instanceof ObjectNode ? (ObjectNode) existing : target.putObject(e.getKey());
        apply(child, value);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }
}
