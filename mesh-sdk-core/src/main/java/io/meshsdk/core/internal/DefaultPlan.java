package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A plan bound to the engine that made it, so that it can be applied once. */
final class DefaultPlan implements Plan {
  private static final int MAX_VALUE_WIDTH = 100;
  private static final String INTENT_PATH = "/metadata/annotations/" + Ownership.INTENT.replace("/", "~1");
  private static final String INTENT_HASH_PATH = "/metadata/annotations/" + Ownership.INTENT_HASH.replace("/", "~1");

  private final Engine engine;
  private final String mesh;
  private final List<ResourceChange> changes;
  private final AtomicBoolean applied = new AtomicBoolean();

  DefaultPlan(Engine engine, String mesh, List<ResourceChange> changes) {
    this.engine = engine;
    this.mesh = mesh;
    this.changes = List.copyOf(changes);
  }

  @Override
  public String mesh() {
    return mesh;
  }

  @Override
  public List<ResourceChange> changes() {
    return changes;
  }

  @Override
  public ApplyResult apply(ApplyMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (!applied.compareAndSet(false, true)) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, "plan.already-applied", java.util.Map.of("mesh", mesh),
          "this plan for mesh " + mesh + " was already applied; make a new plan");
    }
    return new Applier(engine, mode).apply(this);
  }

  @Override
  public Plan validateOnServer() {
    List<Violation> refused = new ArrayList<>();
    for (ResourceChange change : changes) {
      if (change.action() != ChangeAction.CREATE && change.action() != ChangeAction.UPDATE) {
        continue;
      }
      ApplyOptions.Builder options = ApplyOptions.builder().dryRun(true);
      if (change.action() == ChangeAction.UPDATE) {
        options.expectedResourceVersion(change.live().flatMap(MeshResource::resourceVersion));
      } else {
        options.createOnly(true);
      }
      try {
        engine.connection(change.cluster())
            .apply(engine.type(change.ref()), change.desired().orElseThrow(), options.build());
      } catch (MeshException e) {
        if (e.retryable()) {
          throw e;
        }
        refused.add(Violation.of(change.cluster() + ": " + change.ref(), String.valueOf(e.getMessage()), "refused",
            java.util.Map.of("cluster", change.cluster(), "object", change.ref().toString())));
      }
    }
    if (!refused.isEmpty()) {
      throw new ValidationException("the plan for mesh " + mesh + ", as judged by the API servers,", refused);
    }
    return this;
  }

  @Override
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("Plan for mesh ").append(mesh).append(": ")
        .append(count(ChangeAction.CREATE)).append(" to create, ")
        .append(count(ChangeAction.UPDATE)).append(" to update, ")
        .append(count(ChangeAction.DELETE)).append(" to delete, ")
        .append(count(ChangeAction.UNCHANGED)).append(" unchanged\n");
    for (String cluster : clusters()) {
      out.append("\ncluster ").append(cluster).append('\n');
      for (ResourceChange change : changes(cluster)) {
        renderChange(change, out);
      }
    }
    if (changes.isEmpty()) {
      out.append("\n(no objects)\n");
    }
    return out.toString();
  }

  private static void renderChange(ResourceChange change, StringBuilder out) {
    switch (change.action()) {
      case CREATE:
        out.append("  + create ").append(change.ref()).append('\n');
        indent(readable(change.desired().orElseThrow()), "      ", out);
        break;
      case UPDATE:
        out.append("  ~ update ").append(change.ref()).append('\n');
        for (DiffEntry entry : change.diff()) {
          if (entry.path().equals(INTENT_PATH)) {
            continue; // shown through its hash, which is short
          }
          String line = entry.path().equals(INTENT_HASH_PATH)
              ? "~ intent: " + unquote(entry.before()) + " -> " + unquote(entry.after())
              : entry.toString();
          out.append("      ").append(abbreviate(line)).append('\n');
        }
        break;
      case DELETE:
        out.append("  - delete ").append(change.ref()).append('\n');
        break;
      default:
        out.append("  = unchanged ").append(change.ref()).append('\n');
        break;
    }
  }

  /** The object's YAML with the long intent annotation shortened to its hash. */
  private static String readable(MeshResource resource) {
    ObjectNode content = resource.content();
    ObjectNode annotations = (ObjectNode) content.path("metadata").path("annotations");
    if (annotations.has(Ownership.INTENT)) {
      annotations.put(Ownership.INTENT, "<intent " + resource.annotations().get(Ownership.INTENT_HASH) + ">");
    }
    return MeshResource.of(content).toYaml();
  }

  private static String unquote(Optional<String> json) {
    return json.map(j -> j.replace("\"", "")).orElse("(none)");
  }

  private static void indent(String text, String prefix, StringBuilder out) {
    for (String line : text.split("\n")) {
      out.append(prefix).append(abbreviate(line)).append('\n');
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= MAX_VALUE_WIDTH + 20 ? line : line.substring(0, MAX_VALUE_WIDTH + 19) + "…";
  }

  @Override
  public String toString() {
    return "Plan[mesh=" + mesh + ", changes=" + changes.size() + "]";
  }
}
