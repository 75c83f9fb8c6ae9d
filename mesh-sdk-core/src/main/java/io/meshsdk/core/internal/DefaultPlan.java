package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.AnalysisRejectedException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.event.AnalysisCompleted;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.ApplyStarted;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.event.PlanComputed;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plan bound to the engine that made it, so that it can be applied once. */
final class DefaultPlan implements Plan {
  private static final int MAX_VALUE_WIDTH = 100;
  private static final String INTENT_PATH = "/metadata/annotations/" + Ownership.INTENT.replace("/", "~1");
  private static final String INTENT_HASH_PATH = "/metadata/annotations/" + Ownership.INTENT_HASH.replace("/", "~1");

  private static final Logger LOG = LoggerFactory.getLogger(DefaultPlan.class);

  private final Engine engine;
  private final String mesh;
  private final List<ResourceChange> changes;
  private final Claims claims;
  private final AtomicBoolean applied = new AtomicBoolean();
  /** What the plan is for, as audit records and events name it; set by whoever made the plan. */
  private volatile MeshOperation operation = MeshOperation.APPLY;
  /** Whether the plan writes for a mesh whose record is not stored yet (its control plane, as it is created). */
  private volatile boolean beforeRecord;

  DefaultPlan(Engine engine, String mesh, List<ResourceChange> changes) {
    this.engine = engine;
    this.mesh = mesh;
    this.changes = List.copyOf(changes);
    this.claims = new Claims(engine);
  }

  @Override
  public String mesh() {
    return mesh;
  }

  @Override
  public List<ResourceChange> changes() {
    return changes;
  }

  /** Names what the plan is for; returns this plan. */
  DefaultPlan operation(MeshOperation operation) {
    this.operation = operation;
    return this;
  }

  MeshOperation operation() {
    return operation;
  }

  /**
   * Marks the plan as writing for a mesh being created, whose record is stored only once the plan
   * is applied; other plans are refused for a mesh without a record.
   *
   * @return this plan
   */
  DefaultPlan beforeRecord() {
    this.beforeRecord = true;
    return this;
  }
  /**
   * Tells the listeners that this plan was made, and how long that took since {@code started}.
   *
   * @return this plan
   */
  DefaultPlan computed(Instant started) {
    if (engine.hooks.hasListeners()) {
      Instant finished = engine.hooks.now();
      Map<ChangeAction, Integer> actions = new EnumMap<>(ChangeAction.class);
      changes().forEach(c -> actions.merge(c.action(), 1, Integer::sum));
      String hash = hash();
      engine.hooks.fire(l -> l.planComputed(PlanComputed.builder().at(finished).mesh(mesh)
          .operation(operation()).planHash(hash).principal(engine.principal).clusters(clusters())
          .actions(actions).duration(Duration.between(started, finished)).build()));
    }
    return this;
  }


  @Override
  public ApplyResult apply(ApplyMode mode) {
    return apply(mode, Preflight.ANALYZE);
  }

  @Override
  public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode) {
    return applyAsync(mode, Preflight.ANALYZE);
  }

  @Override
  public ApplyResult apply(ApplyMode mode, Preflight preflight) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(preflight, "preflight");
    claim();
    preflight(preflight);
    return execute(mode, new AtomicBoolean());
  }

  @Override
  public AnalysisReport analyze(AnalysisOptions options) {
    Objects.requireNonNull(options, "options");
    return Analyses.visible(engine, mesh, new Analyses(engine).plan(this, options,
        AnalysisCompleted.Purpose.PLAN));
  }

  /**
   * Refuses the plan when its analysis finds errors it would introduce. The plan stays
   * applicable: nothing was written, so it may be applied again with {@link Preflight#SKIP}.
   */
  private void preflight(Preflight preflight) {
    Analyses analyses = new Analyses(engine);
    if (preflight == Preflight.SKIP || !hasChanges() || !analyses.any()) {
      return;
    }
    AnalysisReport report;
    try {
      report = analyses.plan(this, AnalysisOptions.defaults(), AnalysisCompleted.Purpose.PREFLIGHT);
    } catch (RuntimeException e) {
      applied.set(false);
      throw e;
    }
    if (!report.blockingErrors().isEmpty()) {
      applied.set(false);
      throw new AnalysisRejectedException(mesh, report);
    }
  }

  @Override
  public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode, Preflight preflight) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(preflight, "preflight");
    claim();
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletableFuture<ApplyResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // never interrupt: a write in flight finishes, the next one is not started
        cancelled.set(true);
        return super.cancel(false);
      }
    };
    try {
      engine.asyncExecutor().execute(() -> {
        try {
          preflight(preflight);
          future.complete(execute(mode, cancelled));
        } catch (RuntimeException | Error e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new MeshException(ErrorCode.CONFIGURATION,
          "the executor refused to apply the plan for mesh " + mesh + "; is the MeshManager closed?", e));
    }
    return future;
  }

  /** A plan is applied at most once; the access policy must allow every namespace it writes in. */
  private void claim() {
    for (Optional<String> namespace : writtenNamespaces()) {
      engine.hooks.check(engine.principal, operation, Optional.of(mesh), namespace);
    }
    if (!applied.compareAndSet(false, true)) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, "plan.already-applied", Map.of("mesh", mesh),
          "this plan for mesh " + mesh + " was already applied; make a new plan");
    }
  }

  /** The namespaces the plan writes in; empty for a cluster-scoped object, which concerns the whole mesh. */
  private Set<Optional<String>> writtenNamespaces() {
    Set<Optional<String>> namespaces = new LinkedHashSet<>();
    for (ResourceChange change : changes) {
      if (change.action() != ChangeAction.UNCHANGED) {
        namespaces.add(change.ref().namespace());
      }
    }
    return namespaces;
  }

  private ApplyResult execute(ApplyMode mode, AtomicBoolean cancelled) {
    Hooks hooks = engine.hooks;
    String hash = hash();
    Instant started = hooks.now();
    hooks.fire(l -> l.applyStarted(ApplyStarted.builder().at(started).mesh(mesh).operation(operation)
        .planHash(hash).principal(engine.principal).clusters(clusters())
        .writes((int) changes.stream().filter(c -> c.action() != ChangeAction.UNCHANGED).count()).build()));
    AuditRecord.Builder record = AuditRecord.builder().principal(engine.principal).operation(operation)
        .mesh(mesh).planHash(hash).startedAt(started);
    ApplyResult result;
    try {
      boolean writes = changes.stream().anyMatch(c -> c.action() != ChangeAction.UNCHANGED);
      if (writes && !beforeRecord) {
        engine.mesh(mesh); // a plan made before its mesh was deleted writes nothing
        requireNotDeleting();
      }
      result = new Applier(engine, mode).apply(this, cancelled);
      if (writes && !beforeRecord) {
        requireMeshStill(result);
      }
    } catch (RuntimeException e) {
      hooks.audit(record.outcome(AuditRecord.Outcome.FAILED).error(String.valueOf(e.getMessage()))
          .finishedAt(hooks.now()).build());
      throw e;
    }
    Instant finished = hooks.now();
    boolean wasCancelled = cancelled.get();
    hooks.fire(l -> l.applyFinished(ApplyFinished.builder().at(finished).mesh(mesh).operation(operation)
        .planHash(hash).principal(engine.principal).result(result).duration(Duration.between(started, finished))
        .cancelled(wasCancelled).build()));
    AuditRecord.Outcome outcome = result.successful() ? AuditRecord.Outcome.SUCCEEDED
        : wasCancelled ? AuditRecord.Outcome.CANCELLED : AuditRecord.Outcome.FAILED;
    hooks.audit(record.outcome(outcome).clusters(Hooks.counts(result)).finishedAt(finished).build());
    return result;
  }

  /**
   * Refuses, before anything is written, a plan that would create or adopt objects for a mesh
   * another replica is deleting: they would carry the labels of a mesh about to be gone.
   */
  private void requireNotDeleting() {
    boolean gives = changes.stream()
        .anyMatch(c -> c.action() == ChangeAction.CREATE || c.action() == ChangeAction.ADOPT);
    if (gives && claims.deleting(mesh)) {
      throw new MeshConflictException(ErrorCode.CONFLICT, "mesh.being-deleted", Map.of("mesh", mesh),
          "mesh " + mesh + " is being deleted by another replica; the plan was not applied and nothing was written");
    }
  }

  /**
   * Takes back what the apply wrote when the mesh was deleted while it ran (by another replica):
   * an object created or adopted for a mesh that is gone, or going, would be left with the labels
   * of a mesh that no longer exists. Created objects are deleted; adopted ones are given back as
   * they were before the adoption, so the failed apply leaves them as it found them. A deletion
   * claims the mesh before it counts the mesh's policies, so an object written after that count is
   * seen here (the deletion's last sweep leaves objects of policies to this).
   */
  private void requireMeshStill(ApplyResult result) {
    List<Map.Entry<String, ObjectOutcome>> adopted = applied(result, ChangeAction.ADOPT);
    if ((created(result).isEmpty() && adopted.isEmpty())
        || (engine.store.mesh(mesh).isPresent() && !claims.deleting(mesh))) {
      return;
    }
    String why = "mesh " + mesh + " was deleted while a plan was applied";
    int givenBack = 0;
    for (Map.Entry<String, ObjectOutcome> entry : adopted) {
      if (giveBack(entry.getKey(), entry.getValue().ref(), why)) {
        givenBack++;
      }
    }
    int removed = undoCreations(engine, result, why);
    throw new MeshNotFoundException("mesh.deleted-during-apply", Map.of("mesh", mesh), "mesh " + mesh
        + " was deleted, or began to be, while the plan was applied; the " + removed
        + " object(s) it created were removed"
        + (adopted.isEmpty() ? "" : " and " + givenBack + " of the " + adopted.size()
            + " it adopted were given back as they were (the others were gone or changed since)"));
  }

  /**
   * Writes an adopted object back as the plan read it before adopting it, if it is still the
   * mesh's object as the apply left it; false when it is gone (the deletion removed it) or was
   * changed since, or the write failed (logged).
   */
  private boolean giveBack(String cluster, ResourceRef ref, String why) {
    Optional<ResourceChange> change = changes.stream()
        .filter(c -> c.cluster().equals(cluster) && c.ref().equals(ref) && c.action() == ChangeAction.ADOPT)
        .findFirst();
    if (change.isEmpty() || change.get().live().isEmpty()) {
      return false;
    }
    try {
      ClusterConnection connection = engine.connection(cluster);
      ResourceType type = engine.type(ref);
      Optional<MeshResource> now = connection.get(type, ref.namespace().orElse(null), ref.name());
      if (now.isEmpty() || !Ownership.ownedBy(now.get(), mesh)) {
        return false;
      }
      connection.apply(type, Adoption.asBefore(change.get().live().get()), ApplyOptions.builder().force(true)
          .expectedResourceVersion(now.get().resourceVersion()).build());
      return true;
    } catch (RuntimeException e) {
      LOG.warn("{}; giving back {} it adopted on cluster {} failed: {}", why, ref, cluster, e.getMessage());
      return false;
    }
  }

  /**
   * Deletes, newest first, the objects an apply created, where what they were created for did
   * not come about; a failure to delete one is logged and the others are still deleted.
   *
   * @param why what did not come about, for the log
   * @return how many objects the apply had created
   */
  static int undoCreations(Engine engine, ApplyResult result, String why) {
    List<Map.Entry<String, ObjectOutcome>> created = created(result);
    Collections.reverse(created);
    for (Map.Entry<String, ObjectOutcome> entry : created) {
      String cluster = entry.getKey();
      ObjectOutcome outcome = entry.getValue();
      try {
        engine.connection(cluster).delete(engine.type(outcome.ref()), outcome.ref().namespace().orElse(null),
            outcome.ref().name(), Optional.empty());
      } catch (RuntimeException e) {
        LOG.warn("{}; removing {} it created on cluster {} failed: {}", why, outcome.ref(), cluster, e.getMessage());
      }
    }
    return created.size();
  }

  /** The objects an apply created, each with its cluster, in the order they were written. */
  private static List<Map.Entry<String, ObjectOutcome>> created(ApplyResult result) {
    return applied(result, ChangeAction.CREATE);
  }

  /** The objects an apply wrote with one action, each with its cluster, in the order they were written. */
  private static List<Map.Entry<String, ObjectOutcome>> applied(ApplyResult result, ChangeAction action) {
    List<Map.Entry<String, ObjectOutcome>> written = new ArrayList<>();
    result.clusters().forEach(cluster -> cluster.outcomes().stream()
        .filter(o -> o.action() == action && o.status() == ObjectOutcome.Status.APPLIED)
        .forEach(o -> written.add(Map.entry(cluster.cluster(), o))));
    return written;
  }

  @Override
  public String hash() {
    StringBuilder content = new StringBuilder();
    for (ResourceChange change : changes) {
      content.append(change.cluster()).append('\n')
          .append(change.ref()).append('\n')
          .append(change.action()).append('\n')
          .append(change.live().flatMap(MeshResource::resourceVersion).orElse("")).append('\n')
          .append(change.desired().map(d -> Json.canonical(d.content())).orElse("")).append('\n');
    }
    return Json.hash(mesh + "\n" + content);
  }

  @Override
  public Plan validateOnServer() {
    List<Violation> refused = new ArrayList<>();
    for (ResourceChange change : changes) {
      if (change.action() != ChangeAction.CREATE && change.action() != ChangeAction.UPDATE
          && change.action() != ChangeAction.ADOPT) {
        continue;
      }
      ApplyOptions.Builder options = ApplyOptions.builder().dryRun(true);
      if (change.action() == ChangeAction.UPDATE || change.action() == ChangeAction.ADOPT) {
        options.force(change.action() == ChangeAction.ADOPT);
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
            Map.of("cluster", change.cluster(), "object", change.ref().toString())));
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
        .append(count(ChangeAction.ADOPT) == 0 ? "" : count(ChangeAction.ADOPT) + " to adopt, ")
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
      case ADOPT:
        out.append(change.action() == ChangeAction.ADOPT ? "  * adopt " : "  ~ update ").append(change.ref())
            .append('\n');
        boolean secret = change.ref().kind().equals("Secret") && change.ref().apiVersion().equals("v1");
        for (DiffEntry entry : secret ? LifecycleDiff.redacted(change.diff()) : change.diff()) {
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

  /** The object's YAML with the long intent annotation shortened to its hash and a Secret's data redacted. */
  private static String readable(MeshResource resource) {
    ObjectNode content = LifecycleDiff.redactSecret(resource.content());
    JsonNode annotations = content.path("metadata").path("annotations");
    if (annotations.has(Ownership.INTENT)) { // on one object of each policy
      ((ObjectNode) annotations).put(Ownership.INTENT, "<intent " + resource.annotations().get(Ownership.INTENT_HASH) + ">");
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
