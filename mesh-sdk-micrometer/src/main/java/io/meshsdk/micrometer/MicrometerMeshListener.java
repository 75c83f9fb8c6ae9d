package io.meshsdk.micrometer;

import io.meshsdk.ApplyFailedException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManagerBuilder;
import io.meshsdk.event.AnalysisCompleted;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.ApplyStarted;
import io.meshsdk.event.ClusterApplied;
import io.meshsdk.event.ClusterHealthChanged;
import io.meshsdk.event.DriftFound;
import io.meshsdk.event.MembershipChanged;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.event.PlanComputed;
import io.meshsdk.event.TopologyRead;
import io.meshsdk.event.WriteRetried;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

/**
 * Records what a {@link io.meshsdk.MeshManager} does as Micrometer meters, from the manager's
 * {@linkplain MeshListener listener events}, in a {@link MeterRegistry} the platform passes in;
 * with an {@link ObservationRegistry}, also an {@link Observation} named {@value #APPLY_OBSERVATION}
 * around each apply, for tracing.
 *
 * <pre>{@code
 * MeshManager meshes = MicrometerMeshListener.bindTo(MeshManager.builder(), meterRegistry)
 *     .connector(connector)
 *     .build();
 * }</pre>
 *
 * <p>The meters, with their tags:
 *
 * <ul>
 *   <li>{@value #PLANS} (timer): plans computed; {@code mesh}, {@code operation} ({@code apply},
 *       {@code delete}, {@code reconcile}, ...), {@code outcome} ({@code changed} when the plan
 *       writes something, {@code unchanged} otherwise)
 *   <li>{@value #APPLIES} (timer): plans applied on every cluster; {@code mesh}, {@code operation},
 *       {@code outcome} ({@code success}, {@code failure} or {@code cancelled})
 *   <li>{@value #CLUSTER_APPLIES} (timer): a plan's objects handled on one cluster; {@code mesh},
 *       {@code cluster}, {@code outcome} ({@code success} or {@code failure})
 *   <li>{@value #APPLY_OBJECTS} (counter): objects handled, which is the write requests sent to
 *       each cluster's API server; {@code mesh}, {@code cluster}, {@code action} ({@code create},
 *       {@code update}, {@code delete}, {@code unchanged}), {@code status} ({@code applied},
 *       {@code unchanged}, {@code failed}, {@code skipped})
 *   <li>{@value #APPLY_RETRIES} (counter): writes that failed transiently and were tried again;
 *       {@code mesh}, {@code cluster}, {@code error} (the {@link ErrorCode}, in lower case)
 *   <li>{@value #CONFLICTS} (counter): writes an API server refused because the object had moved or
 *       another field manager owns a field ({@link ErrorCode#CONFLICT}, {@link ErrorCode#STALE_PLAN}),
 *       retried or not; {@code mesh}, {@code cluster}, {@code error}
 *   <li>{@value #TOPOLOGY_READS} (timer): topology reads; {@code mesh}, {@code outcome} ({@code
 *       complete} or {@code partial})
 *   <li>{@value #TOPOLOGY_QUERIES} (distribution summary): telemetry queries per topology read;
 *       {@code mesh}
 *   <li>{@value #MEMBERSHIP_CHANGES} (counter): clusters joining or leaving; {@code mesh}, {@code
 *       cluster}, {@code change} ({@code joined} or {@code left})
 *   <li>{@value #HEALTH_CHANGES} (counter): a cluster's health status changing; {@code cluster},
 *       {@code status}
 *   <li>{@value #DRIFT_FOUND} (counter): drift checks that found drift; {@code mesh}
 *   <li>{@value #ANALYSES} (timer): analyses of a mesh or a plan; {@code mesh}, {@code purpose}
 *       ({@code live}, {@code plan}, {@code preflight}), {@code outcome} ({@code clean}, {@code
 *       errors} when errors were found, {@code refused} when a preflight found errors the plan
 *       would introduce, {@code partial} when a cluster could not be read)
 *   <li>{@value #ANALYSIS_FINDINGS} (distribution summary): findings reported per analysis; {@code
 *       mesh}, {@code severity}
 * </ul>
 *
 * <p>Tags hold only values of which a platform has few: meshes, clusters and enumerations. Object
 * names, namespaces, hosts, principals and plan hashes never become tags, as each would make a new
 * time series; the plan hash is a high-cardinality key value of the observation only, which
 * tracing keeps with the span.
 *
 * <p>Durations are the ones the events carry, measured with the manager's {@link java.time.Clock}.
 * Thread-safe, as listeners must be.
 *
 * @since 0.2.0
 */
public final class MicrometerMeshListener implements MeshListener {

  /** The timer of plans computed. */
  public static final String PLANS = "meshsdk.plans";
  /** The timer of plans applied. */
  public static final String APPLIES = "meshsdk.applies";
  /** The timer of a plan's objects handled on one cluster. */
  public static final String CLUSTER_APPLIES = "meshsdk.cluster.applies";
  /** The counter of objects handled per cluster, action and status. */
  public static final String APPLY_OBJECTS = "meshsdk.apply.objects";
  /** The counter of writes tried again after a transient failure. */
  public static final String APPLY_RETRIES = "meshsdk.apply.retries";
  /** The counter of writes refused for a conflict. */
  public static final String CONFLICTS = "meshsdk.conflicts";
  /** The timer of topology reads. */
  public static final String TOPOLOGY_READS = "meshsdk.topology.reads";
  /** The distribution of telemetry queries per topology read. */
  public static final String TOPOLOGY_QUERIES = "meshsdk.topology.queries";
  /** The counter of clusters joining or leaving meshes. */
  public static final String MEMBERSHIP_CHANGES = "meshsdk.membership.changes";
  /** The counter of cluster health status changes. */
  public static final String HEALTH_CHANGES = "meshsdk.cluster.health.changes";
  /** The counter of drift checks that found drift. */
  public static final String DRIFT_FOUND = "meshsdk.drift.found";
  /** The timer of analyses. */
  public static final String ANALYSES = "meshsdk.analyses";
  /** The distribution of findings per analysis. */
  public static final String ANALYSIS_FINDINGS = "meshsdk.analysis.findings";
  /** The name of the observation around each apply. */
  public static final String APPLY_OBSERVATION = "meshsdk.apply";

  private final ObservationRegistry observations;
  private final Meter.MeterProvider<Timer> plans;
  private final Meter.MeterProvider<Timer> applies;
  private final Meter.MeterProvider<Timer> clusterApplies;
  private final Meter.MeterProvider<Counter> objects;
  private final Meter.MeterProvider<Counter> retries;
  private final Meter.MeterProvider<Counter> conflicts;
  private final Meter.MeterProvider<Timer> topologyReads;
  private final Meter.MeterProvider<DistributionSummary> topologyQueries;
  private final Meter.MeterProvider<Counter> membership;
  private final Meter.MeterProvider<Counter> health;
  private final Meter.MeterProvider<Counter> drift;
  private final Meter.MeterProvider<Timer> analyses;
  private final Meter.MeterProvider<DistributionSummary> findings;
  /** The observations of applies in progress, by mesh and plan hash. */
  private final ConcurrentMap<String, Deque<Observation>> applying = new ConcurrentHashMap<>();

  /**
   * Records meters only, without observations.
   *
   * @param registry where the meters go
   */
  public MicrometerMeshListener(MeterRegistry registry) {
    this(registry, ObservationRegistry.NOOP);
  }

  /**
   * Records meters, and an observation around each apply.
   *
   * @param registry where the meters go
   * @param observations where the observations go; {@link ObservationRegistry#NOOP} for none
   */
  public MicrometerMeshListener(MeterRegistry registry, ObservationRegistry observations) {
    Objects.requireNonNull(registry, "registry");
    this.observations = Objects.requireNonNull(observations, "observations");
    plans = Timer.builder(PLANS).description("Plans computed: reading the clusters and comparing")
        .withRegistry(registry);
    applies = Timer.builder(APPLIES).description("Plans applied on every cluster they write to")
        .withRegistry(registry);
    clusterApplies = Timer.builder(CLUSTER_APPLIES).description("A plan's objects handled on one cluster")
        .withRegistry(registry);
    objects = Counter.builder(APPLY_OBJECTS).description("Objects of plans handled, per cluster, action and status")
        .withRegistry(registry);
    retries = Counter.builder(APPLY_RETRIES).description("Writes that failed transiently and were tried again")
        .withRegistry(registry);
    conflicts = Counter.builder(CONFLICTS).description("Writes refused because the object moved or a field is owned by another manager")
        .withRegistry(registry);
    topologyReads = Timer.builder(TOPOLOGY_READS).description("Topology reads").withRegistry(registry);
    topologyQueries = DistributionSummary.builder(TOPOLOGY_QUERIES).description("Telemetry queries per topology read")
        .withRegistry(registry);
    membership = Counter.builder(MEMBERSHIP_CHANGES).description("Clusters joining or leaving meshes")
        .withRegistry(registry);
    health = Counter.builder(HEALTH_CHANGES).description("Cluster health status changes").withRegistry(registry);
    drift = Counter.builder(DRIFT_FOUND).description("Drift checks that found objects changed out of band")
        .withRegistry(registry);
    analyses = Timer.builder(ANALYSES).description("Analyses of a mesh or a plan: reading the clusters and checking")
        .withRegistry(registry);
    findings = DistributionSummary.builder(ANALYSIS_FINDINGS).description("Findings reported per analysis, by severity")
        .withRegistry(registry);
  }

  /**
   * Adds a listener recording into {@code registry} to a manager's builder.
   *
   * @param builder the manager's builder
   * @param registry where the meters go
   * @return the builder
   */
  public static MeshManagerBuilder bindTo(MeshManagerBuilder builder, MeterRegistry registry) {
    return builder.listener(new MicrometerMeshListener(registry));
  }

  /**
   * Adds a listener recording into {@code registry} and {@code observations} to a manager's
   * builder.
   *
   * @param builder the manager's builder
   * @param registry where the meters go
   * @param observations where the observations around applies go
   * @return the builder
   */
  public static MeshManagerBuilder bindTo(MeshManagerBuilder builder, MeterRegistry registry,
      ObservationRegistry observations) {
    return builder.listener(new MicrometerMeshListener(registry, observations));
  }

  @Override
  public void analysisCompleted(AnalysisCompleted event) {
    String outcome = !event.unreadable().isEmpty() ? "partial"
        : event.purpose() == AnalysisCompleted.Purpose.PREFLIGHT && event.introducedErrors() > 0 ? "refused"
        : event.errors() > 0 ? "errors" : "clean";
    analyses.withTags("mesh", event.mesh(), "purpose", lower(event.purpose()), "outcome", outcome)
        .record(event.duration());
    findings.withTags("mesh", event.mesh(), "severity", "error").record(event.errors());
    findings.withTags("mesh", event.mesh(), "severity", "warning").record(event.warnings());
    findings.withTags("mesh", event.mesh(), "severity", "info").record(event.infos());
  }

  @Override
  public void planComputed(PlanComputed event) {
    boolean changed = event.actions().keySet().stream().anyMatch(a -> a != ChangeAction.UNCHANGED);
    plans.withTags("mesh", event.mesh(), "operation", lower(event.operation()),
        "outcome", changed ? "changed" : "unchanged").record(event.duration());
  }

  @Override
  public void applyStarted(ApplyStarted event) {
    if (observations.isNoop()) {
      return;
    }
    Observation observation = Observation.createNotStarted(APPLY_OBSERVATION, observations)
        .contextualName("apply " + event.mesh())
        .lowCardinalityKeyValue("mesh", event.mesh())
        .lowCardinalityKeyValue("operation", lower(event.operation()))
        .highCardinalityKeyValue("plan.hash", event.planHash())
        .highCardinalityKeyValue("clusters", String.join(",", event.clusters()))
        .highCardinalityKeyValue("writes", Integer.toString(event.writes()))
        .start();
    applying.computeIfAbsent(key(event.mesh(), event.planHash()), k -> new ConcurrentLinkedDeque<>()).add(observation);
  }

  @Override
  public void applyFinished(ApplyFinished event) {
    String outcome = event.result().successful() ? "success" : event.cancelled() ? "cancelled" : "failure";
    applies.withTags("mesh", event.mesh(), "operation", lower(event.operation()), "outcome", outcome)
        .record(event.duration());
    Observation observation = finishing(event.mesh(), event.planHash());
    if (observation != null) {
      observation.lowCardinalityKeyValue("outcome", outcome)
          .highCardinalityKeyValue("written", Long.toString(event.result().writes()));
      if (!event.result().successful() && !event.cancelled()) {
        observation.error(new ApplyFailedException(event.result()));
      }
      observation.stop();
    }
  }

  /** Takes the observation an apply started, if any. */
  private Observation finishing(String mesh, String planHash) {
    Observation[] found = new Observation[1];
    applying.computeIfPresent(key(mesh, planHash), (k, started) -> {
      found[0] = started.poll();
      return started.isEmpty() ? null : started;
    });
    return found[0];
  }

  @Override
  public void objectApplied(ObjectApplied event) {
    ObjectOutcome outcome = event.outcome();
    objects.withTags("mesh", event.mesh(), "cluster", event.cluster(), "action", lower(outcome.action()),
        "status", lower(outcome.status())).increment();
    if (outcome.status() == ObjectOutcome.Status.FAILED) {
      outcome.errorCode().filter(MicrometerMeshListener::isConflict)
          .ifPresent(code -> conflicts.withTags(Tags.of("mesh", event.mesh(), "cluster", event.cluster(),
              "error", lower(code))).increment());
    }
  }

  @Override
  public void writeRetried(WriteRetried event) {
    Tags tags = Tags.of("mesh", event.mesh(), "cluster", event.cluster(), "error", lower(event.errorCode()));
    retries.withTags(tags).increment();
    if (isConflict(event.errorCode())) {
      conflicts.withTags(tags).increment();
    }
  }

  @Override
  public void clusterApplied(ClusterApplied event) {
    clusterApplies.withTags("mesh", event.mesh(), "cluster", event.result().cluster(),
        "outcome", event.result().successful() ? "success" : "failure").record(event.duration());
  }

  @Override
  public void membershipChanged(MembershipChanged event) {
    membership.withTags("mesh", event.mesh(), "cluster", event.cluster(), "change", lower(event.change()))
        .increment();
  }

  @Override
  public void clusterHealthChanged(ClusterHealthChanged event) {
    health.withTags("cluster", event.cluster(), "status", lower(event.health().status())).increment();
  }

  @Override
  public void driftFound(DriftFound event) {
    drift.withTags("mesh", event.mesh()).increment();
  }

  @Override
  public void topologyRead(TopologyRead event) {
    topologyReads.withTags("mesh", event.mesh(), "outcome", event.partial() ? "partial" : "complete")
        .record(event.duration());
    topologyQueries.withTags("mesh", event.mesh()).record(event.queries());
  }

  private static boolean isConflict(ErrorCode code) {
    return code == ErrorCode.CONFLICT || code == ErrorCode.STALE_PLAN;
  }

  private static String key(String mesh, String planHash) {
    return mesh + '\n' + planHash;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "MicrometerMeshListener";
  }
}
