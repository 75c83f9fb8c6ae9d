package io.meshsdk.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.internal.ApiJson;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan as JSON: what a console shows for a preview and keeps between the request that previews
 * a change and the one that confirms it, possibly on another replica. It is not bound to a
 * manager; {@link io.meshsdk.mesh.MeshPolicies#restore(String)} binds it again to apply it.
 *
 * <p>The JSON (see {@link #toJson()}) carries, per change, the cluster, the action, the policy
 * that causes it, the object's identity, the resource version read when planning, the field-level
 * diff, and the live and wanted objects; and a SHA-256 {@code hash} of all of it. {@link
 * #parse(String)} refuses a document whose hash does not match its content, so a plan edited or
 * damaged between preview and confirm is never applied. The hash detects changes; it does not
 * prove who wrote the plan: keep plans where only the platform can write them, as it keeps
 * anything else it will act on.
 *
 * <p>Plans that write Secrets are not serialised: their objects carry credentials.
 *
 * @since 0.2.0
 */
public final class SerializedPlan {
  /** The {@code apiVersion} of the document. */
  public static final String API_VERSION = "meshsdk.io/v1";
  /** The {@code kind} of the document. */
  public static final String KIND = "Plan";
  /** The message code of a document whose hash does not match its content. */
  public static final String TAMPERED = "plan.tampered";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String mesh;
  private final List<ResourceChange> changes;

  private SerializedPlan(String mesh, List<ResourceChange> changes) {
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.changes = List.copyOf(changes);
  }

  /**
   * Takes a plan's content.
   *
   * @param plan the plan
   * @return its serialisable form
   */
  public static SerializedPlan of(Plan plan) {
    return new SerializedPlan(plan.mesh(), plan.changes());
  }

  /**
   * The mesh the plan is for.
   *
   * @return the mesh's name
   */
  public String mesh() {
    return mesh;
  }

  /**
   * The changes, in the order they will be applied, each with the live object it was planned
   * against.
   *
   * @return the changes
   */
  public List<ResourceChange> changes() {
    return changes;
  }

  /**
   * The plan as JSON, keys sorted:
   *
   * <pre>{@code
   * {"apiVersion": "meshsdk.io/v1", "kind": "Plan", "mesh": "prod",
   *  "summary": {"adopt": 0, "create": 1, "delete": 0, "unchanged": 0, "update": 1},
   *  "changes": [{"cluster": "mcpc-1", "action": "UPDATE",
   *               "policy": {"kind": "TrafficPolicy", "namespace": "bookinfo", "name": "reviews"},
   *               "ref": {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
   *                       "namespace": "bookinfo", "name": "reviews"},
   *               "resourceVersion": "42",
   *               "diff": [{"op": "REPLACE", "path": "/spec/http/0/route/0/weight", "before": 90, "after": 80}],
   *               "live": {...}, "desired": {...}}],
   *  "hash": "sha256:..."}
   * }</pre>
   *
   * <p>{@code policy} is absent for objects the mesh owns, {@code resourceVersion} and {@code live}
   * for creations, {@code desired} for deletions; diff values are the JSON values {@link DiffEntry}
   * holds as text, absent on the side where the field does not exist.
   *
   * @return compact JSON text
   * @throws MeshException with {@link ErrorCode#UNSUPPORTED_CAPABILITY} if the plan writes a
   *     Secret
   */
  public String toJson() {
    ObjectNode document = content();
    document.put("hash", "sha256:" + ApiJson.sha256(ApiJson.canonical(document)));
    return ApiJson.canonical(document);
  }

  private ObjectNode content() {
    ObjectNode document = NODES.objectNode();
    document.put("apiVersion", API_VERSION);
    document.put("kind", KIND);
    document.put("mesh", mesh);
    ObjectNode summary = document.putObject("summary");
    for (ChangeAction action : ChangeAction.values()) {
      summary.put(action.name().toLowerCase(Locale.ROOT),
          changes.stream().filter(c -> c.action() == action).count());
    }
    ArrayNode list = document.putArray("changes");
    for (ResourceChange change : changes) {
      if (change.ref().kind().equals("Secret") && change.ref().apiVersion().equals("v1")) {
        throw new MeshException(ErrorCode.UNSUPPORTED_CAPABILITY, "plan.secret",
            Map.of("object", change.ref().toString(), "cluster", change.cluster()),
            "the plan for mesh " + mesh + " writes " + change.ref() + " on cluster " + change.cluster()
                + ", a Secret, which carries credentials: such a plan is applied where it is made and never"
                + " serialised", null);
      }
      ObjectNode item = list.addObject();
      item.put("cluster", change.cluster());
      item.put("action", change.action().name());
      change.policy().ifPresent(p -> item.putObject("policy")
          .put("kind", p.kind()).put("namespace", p.namespace()).put("name", p.name()));
      ObjectNode ref = item.putObject("ref");
      ref.put("apiVersion", change.ref().apiVersion());
      ref.put("kind", change.ref().kind());
      change.ref().namespace().ifPresent(n -> ref.put("namespace", n));
      ref.put("name", change.ref().name());
      change.resourceVersion().ifPresent(v -> item.put("resourceVersion", v));
      ArrayNode diff = item.putArray("diff");
      for (DiffEntry entry : change.diff()) {
        ObjectNode e = diff.addObject();
        e.put("op", entry.op().name());
        e.put("path", entry.path());
        entry.before().ifPresent(b -> e.set("before", tree(b)));
        entry.after().ifPresent(a -> e.set("after", tree(a)));
      }
      change.live().ifPresent(l -> item.set("live", l.content()));
      change.desired().ifPresent(d -> item.set("desired", d.content()));
    }
    return document;
  }

  /**
   * Reads a plan written by {@link #toJson()}, checking its hash first.
   *
   * @param json the JSON text
   * @return the plan's content
   * @throws MeshException with {@link ErrorCode#INVALID_INPUT} and message code {@value #TAMPERED}
   *     if the content does not match its hash; a {@link ValidationException} naming the field if
   *     the text is not a plan
   */
  public static SerializedPlan parse(String json) {
    JsonNode tree;
    try {
      tree = json == null ? null : ApiJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("", "is not JSON: " + io.meshsdk.internal.Violations.excerpt(e.getOriginalMessage()), "format");
    }
    if (!(tree instanceof ObjectNode)) {
      throw invalid("", "must be a JSON object", "type");
    }
    ObjectNode document = (ObjectNode) tree.deepCopy();
    if (!API_VERSION.equals(document.path("apiVersion").asText()) || !KIND.equals(document.path("kind").asText())) {
      throw invalid("kind", "must be a " + KIND + " of " + API_VERSION + ", as Plan.toJson() writes it, but was "
          + document.path("apiVersion").asText("(none)") + " " + document.path("kind").asText("(none)"), "format");
    }
    JsonNode hash = document.remove("hash");
    String expected = "sha256:" + ApiJson.sha256(ApiJson.canonical(document));
    if (hash == null || !hash.isTextual() || !hash.textValue().equals(expected)) {
      throw new MeshException(ErrorCode.INVALID_INPUT, TAMPERED, Map.of("mesh", document.path("mesh").asText("")),
          "the plan's JSON does not match its hash: it was changed after it was made, or damaged; make a new plan",
          null);
    }
    String mesh = text(document, "mesh", "mesh");
    List<ResourceChange> changes = new ArrayList<>();
    JsonNode list = document.path("changes");
    for (int i = 0; i < list.size(); i++) {
      changes.add(change(list.get(i), "changes[" + i + "]"));
    }
    SerializedPlan plan = new SerializedPlan(mesh, changes);
    if (!ApiJson.canonical(plan.content()).equals(ApiJson.canonical(document))) {
      throw invalid("changes", "do not hold what Plan.toJson() writes for them (a summary, policy or resource"
          + " version that disagrees with the objects)", "invalid");
    }
    return plan;
  }

  private static ResourceChange change(JsonNode node, String path) {
    ResourceChange.Builder change = ResourceChange.builder()
        .cluster(text(node, "cluster", path + ".cluster"))
        .action(action(text(node, "action", path + ".action"), path + ".action"));
    JsonNode ref = node.path("ref");
    change.ref(ResourceRef.of(text(ref, "apiVersion", path + ".ref.apiVersion"), text(ref, "kind", path + ".ref.kind"),
        ref.path("namespace").textValue(), text(ref, "name", path + ".ref.name")));
    object(node, "live", path).ifPresent(change::live);
    object(node, "desired", path).ifPresent(change::desired);
    JsonNode diff = node.path("diff");
    for (int i = 0; i < diff.size(); i++) {
      JsonNode entry = diff.get(i);
      String at = path + ".diff[" + i + "]";
      DiffEntry.Op op;
      try {
        op = DiffEntry.Op.valueOf(text(entry, "op", at + ".op"));
      } catch (IllegalArgumentException e) {
        throw invalid(at + ".op", "must be ADD, REMOVE or REPLACE", "format");
      }
      change.addDiff(DiffEntry.of(op, text(entry, "path", at + ".path"),
          entry.has("before") ? compact(entry.get("before")) : null,
          entry.has("after") ? compact(entry.get("after")) : null));
    }
    return change.build();
  }

  private static Optional<MeshResource> object(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof ObjectNode)) {
      throw invalid(path + "." + field, "must be a JSON object", "type");
    }
    try {
      return Optional.of(MeshResource.of((ObjectNode) value));
    } catch (IllegalArgumentException e) {
      throw invalid(path + "." + field, e.getMessage(), "required");
    }
  }

  private static ChangeAction action(String value, String path) {
    try {
      return ChangeAction.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw invalid(path, "must be one of " + List.of(ChangeAction.values()) + ", but was "
          + io.meshsdk.internal.Violations.quote(value), "format");
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw invalid(path, "is required", "required");
    }
    return value.textValue();
  }

  private static String compact(JsonNode value) {
    try {
      return ApiJson.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return ApiJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return NODES.textNode(json);
    }
  }

  private static ValidationException invalid(String field, String message, String rule) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    return new ValidationException("the JSON of a plan",
        List.of(Violation.of(field, message, rule, arguments)));
  }

  @Override
  public String toString() {
    return "SerializedPlan[mesh=" + mesh + ", changes=" + changes.size() + "]";
  }
}
