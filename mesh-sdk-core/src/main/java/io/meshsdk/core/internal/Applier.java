package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshException;
import io.meshsdk.event.ClusterApplied;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.event.WriteRetried;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MeshManagerSettings;
import io.meshsdk.spi.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a plan: clusters in parallel on the engine's bounded pool; on one cluster, kinds in plan
 * order and objects of one kind concurrently up to {@link MeshManagerSettings#writesPerCluster()}
 * ({@link StagedWrites}). A transient failure is retried with exponential backoff and jitter; a lasting one
 * fails that object and skips the objects of its cluster not yet started, so that nothing is
 * written on top of a missing dependency; writes already in flight finish and report their own
 * outcome. Other clusters carry on.
 *
 * <p>A write whose response was lost may have landed: its retry then meets the SDK's own write
 * ({@code ALREADY_EXISTS} on a create, {@code STALE_PLAN} on an update). The object is read
 * again, and when it is exactly what the change wanted (same owner, same intent hash, same
 * content) the change counts as applied.
 */
final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** The longest Retry-After honoured, so that a misbehaving proxy cannot park a thread for hours. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Engine engine;
  private final boolean force;

  Applier(Engine engine, ApplyMode mode) {
    this.engine = engine;
    this.force = mode == ApplyMode.FORCE;
  }

  ApplyResult apply(DefaultPlan plan) {
    return apply(plan, new AtomicBoolean());
  }

  /**
   * Applies a plan, checking {@code cancelled} before each object is written: once it is set, the
   * objects not yet attempted are skipped, while a write in flight completes.
   */
  ApplyResult apply(DefaultPlan plan, AtomicBoolean cancelled) {
    Map<String, List<ResourceChange>> byCluster = new LinkedHashMap<>();
    for (ResourceChange change : plan.changes()) {
      byCluster.computeIfAbsent(change.cluster(), c -> new ArrayList<>()).add(change);
    }
    Map<String, Future<ClusterApplyResult>> running = new LinkedHashMap<>();
    byCluster.forEach((cluster, changes) ->
        running.put(cluster, engine.applyPool.submit(() -> applyCluster(plan.mesh(), cluster, changes, cancelled))));
    List<ClusterApplyResult> results = new ArrayList<>();
    for (Map.Entry<String, Future<ClusterApplyResult>> entry : running.entrySet()) {
      try {
        results.add(entry.getValue().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.values().forEach(f -> f.cancel(true));
        throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while applying the plan for mesh " + plan.mesh(), e);
      } catch (ExecutionException e) {
        throw new MeshException(ErrorCode.INTERNAL, "applying to cluster " + entry.getKey() + " failed unexpectedly", e.getCause());
      }
    }
    ApplyResult result = ApplyResult.of(plan.mesh(), results);
    LOG.debug("applied plan for mesh {}: {} write(s), successful={}", plan.mesh(), result.writes(), result.successful());
    return result;
  }

  private ClusterApplyResult applyCluster(String mesh, String cluster, List<ResourceChange> changes,
      AtomicBoolean cancelled) {
    Instant started = engine.hooks.now();
    ObservedOutcomes outcomes = new ObservedOutcomes(engine.hooks, mesh, cluster, changes.size());
    AtomicReference<MeshException> broken = new AtomicReference<>();
    ClusterConnection connection;
    try {
      connection = engine.connection(cluster);
    } catch (MeshException e) {
      connection = null;
      broken.set(e);
    }
    ClusterConnection connected = connection;
    boolean finished = new StagedWrites(engine.writePool, engine.settings.writesPerCluster()).run(changes, i -> {
      ResourceChange change = changes.get(i);
      ObjectOutcome.Builder outcome = ObjectOutcome.builder().ref(change.ref()).action(change.action());
      if (change.action() == ChangeAction.UNCHANGED) {
        outcomes.set(i, outcome.status(ObjectOutcome.Status.UNCHANGED).build());
      } else if (cancelled.get()) {
        outcomes.set(i, outcome.status(ObjectOutcome.Status.SKIPPED).error("not attempted: the apply was cancelled").build());
      } else if (broken.get() != null && connected != null) {
        outcomes.set(i, outcome.status(ObjectOutcome.Status.SKIPPED)
            .error("not attempted: an earlier object on this cluster failed").build());
      } else if (broken.get() != null) {
        outcomes.set(i, failed(outcome, broken.get(), 0));
      } else {
        ObjectOutcome done = write(mesh, connected, change, outcome);
        if (done.status() == ObjectOutcome.Status.FAILED) {
          broken.compareAndSet(null, new MeshException(done.errorCode().orElse(ErrorCode.INTERNAL), done.error().orElse("")));
        }
        outcomes.set(i, done);
      }
    });
    if (!finished) {
      for (int i = 0; i < changes.size(); i++) {
        ResourceChange change = changes.get(i);
        outcomes.setIfAbsent(i, ObjectOutcome.builder().ref(change.ref()).action(change.action())
            .status(ObjectOutcome.Status.SKIPPED).error("not attempted: the apply was interrupted").build());
      }
    }
    ClusterApplyResult result = ClusterApplyResult.of(cluster, outcomes.inPlanOrder());
    Instant finishedAt = engine.hooks.now();
    engine.hooks.fire(l -> l.clusterApplied(ClusterApplied.builder().at(finishedAt).mesh(mesh).result(result)
        .duration(Duration.between(started, finishedAt)).build()));
    return result;
  }

  private ObjectOutcome write(String mesh, ClusterConnection connection, ResourceChange change,
      ObjectOutcome.Builder outcome) {
    ResourceType type = engine.type(change.ref());
    int maxAttempts = engine.settings.maxAttempts();
    for (int attempt = 1; ; attempt++) {
      try {
        perform(connection, type, change);
        LOG.debug("{} {} on cluster {} (attempt {})", change.action(), change.ref(), change.cluster(), attempt);
        return outcome.status(ObjectOutcome.Status.APPLIED).attempts(attempt).build();
      } catch (MeshException e) {
        if (mayHaveLanded(change, e) && landed(connection, type, change)) {
          LOG.debug("{} {} on cluster {} had already landed (attempt {}); counted as applied", change.action(),
              change.ref(), change.cluster(), attempt);
          return outcome.status(ObjectOutcome.Status.APPLIED).attempts(attempt).build();
        }
        if (!e.retryable() || attempt >= maxAttempts) {
          LOG.warn("{} {} on cluster {} failed after {} attempt(s): {}", change.action(), change.ref(),
              change.cluster(), attempt, e.getMessage());
          return failed(outcome, e, attempt);
        }
        LOG.debug("{} {} on cluster {} failed ({}); retrying", change.action(), change.ref(), change.cluster(), e.code());
        int failedAttempt = attempt;
        engine.hooks.fire(l -> l.writeRetried(WriteRetried.builder().at(engine.hooks.now()).mesh(mesh)
            .cluster(change.cluster()).ref(change.ref()).attempt(failedAttempt).errorCode(e.code()).build()));
        if (!pause(engine.settings, attempt, e)) {
          return failed(outcome, new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting to retry"), attempt);
        }
      } catch (RuntimeException e) {
        LOG.warn("{} {} on cluster {} failed unexpectedly", change.action(), change.ref(), change.cluster(), e);
        return failed(outcome, new MeshException(ErrorCode.INTERNAL, String.valueOf(e.getMessage()), e), attempt);
      }
    }
  }

  /**
   * The outcomes of one cluster in plan order, each told to the listeners once, as it is set.
   * Concurrent writers set them; listeners are told one at a time.
   */
  private static final class ObservedOutcomes {
    private final Hooks hooks;
    private final String mesh;
    private final String cluster;
    private final ObjectOutcome[] outcomes;

    ObservedOutcomes(Hooks hooks, String mesh, String cluster, int size) {
      this.hooks = hooks;
      this.mesh = mesh;
      this.cluster = cluster;
      this.outcomes = new ObjectOutcome[size];
    }

    synchronized void set(int index, ObjectOutcome outcome) {
      outcomes[index] = outcome;
      hooks.fire(l -> l.objectApplied(ObjectApplied.builder().at(hooks.now()).mesh(mesh).cluster(cluster)
          .outcome(outcome).build()));
    }

    synchronized void setIfAbsent(int index, ObjectOutcome outcome) {
      if (outcomes[index] == null) {
        set(index, outcome);
      }
    }

    synchronized List<ObjectOutcome> inPlanOrder() {
      return List.of(outcomes);
    }
  }

  /** The errors a write meets when it, or an identical write, already landed. */
  private static boolean mayHaveLanded(ResourceChange change, MeshException e) {
    switch (change.action()) {
      case CREATE:
        return e.code() == ErrorCode.ALREADY_EXISTS;
      case UPDATE:
      case ADOPT:
        return e.code() == ErrorCode.STALE_PLAN || e.code() == ErrorCode.CONFLICT;
      default:
        return false;
    }
  }

  /**
   * Whether the object on the cluster is the one the change meant to write: the same owning
   * policy (or the mesh), the intent hash it meant to write, and nothing else different.
   */
  private static boolean landed(ClusterConnection connection, ResourceType type, ResourceChange change) {
    MeshResource desired = change.desired().orElseThrow();
    Optional<MeshResource> current;
    try {
      current = connection.get(type, desired.namespace().orElse(null), desired.name());
    } catch (MeshException e) {
      LOG.debug("reading {} back on cluster {} failed: {}", change.ref(), change.cluster(), e.getMessage());
      return false;
    }
    if (current.isEmpty()) {
      return false;
    }
    MeshResource found = current.get();
    String mesh = desired.labels().get(Ownership.MESH);
    return mesh != null && Ownership.ownedBy(found, mesh)
        && Objects.equals(Ownership.owner(found), Ownership.owner(desired))
        && Objects.equals(found.labels().get(Ownership.COMPONENT), desired.labels().get(Ownership.COMPONENT))
        && Objects.equals(found.annotations().get(Ownership.INTENT_HASH), desired.annotations().get(Ownership.INTENT_HASH))
        && JsonDiff.diff(found, desired).isEmpty();
  }

  private void perform(ClusterConnection connection, ResourceType type, ResourceChange change) {
    ResourceRef ref = change.ref();
    switch (change.action()) {
      case CREATE:
        connection.apply(type, change.desired().orElseThrow(), ApplyOptions.builder().createOnly(true).build());
        break;
      case UPDATE:
        connection.apply(type, change.desired().orElseThrow(), ApplyOptions.builder().force(force)
            .expectedResourceVersion(change.live().flatMap(l -> l.resourceVersion()))
            .expectedUid(change.live().flatMap(Applier::uid)).lastRead(change.live()).build());
        break;
      case ADOPT:
        // taking over is the point: fields another manager wrote become the SDK's, but only on the
        // very object that was read, unchanged since
        connection.apply(type, change.desired().orElseThrow(), ApplyOptions.builder().force(true)
            .expectedResourceVersion(change.live().flatMap(l -> l.resourceVersion()))
            .expectedUid(change.live().flatMap(Applier::uid)).build());
        break;
      case DELETE:
        connection.delete(type, ref.namespace().orElse(null), ref.name(),
            change.live().flatMap(l -> l.resourceVersion()));
        break;
      default:
        break;
    }
  }

  private static Optional<String> uid(MeshResource live) {
    return Optional.ofNullable(live.content().path("metadata").path("uid").textValue()).filter(u -> !u.isEmpty());
  }

  /**
   * Waits before retry {@code attempt} of a read or a write: the backoff of {@link
   * #backoffMillis}, never shorter than the server's Retry-After. False when interrupted (the
   * flag is restored).
   */
  static boolean pause(MeshManagerSettings settings, int attempt, MeshException cause) {
    Duration retryAfter = cause instanceof MeshBackendException
        ? ((MeshBackendException) cause).retryAfter().orElse(Duration.ZERO)
        : Duration.ZERO;
    long wait = backoffMillis(settings.initialBackoff(), attempt, retryAfter,
        ThreadLocalRandom.current().nextDouble());
    try {
      TimeUnit.MILLISECONDS.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The wait before retry {@code attempt}: exponential backoff from {@code initial} with jitter
   * ({@code random} in [0, 1)), capped, but never shorter than the server's Retry-After (itself
   * honoured up to {@link #MAX_RETRY_AFTER}).
   */
  static long backoffMillis(Duration initial, int attempt, Duration retryAfter, double random) {
    long base = initial.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    long jittered = (long) (capped * (0.5 + random));
    long asked = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
    return Math.max(jittered, asked);
  }

  private static ObjectOutcome failed(ObjectOutcome.Builder outcome, MeshException e, int attempts) {
    return outcome.status(ObjectOutcome.Status.FAILED).attempts(attempts).errorCode(e.code())
        .error(String.valueOf(e.getMessage())).build();
  }
}
