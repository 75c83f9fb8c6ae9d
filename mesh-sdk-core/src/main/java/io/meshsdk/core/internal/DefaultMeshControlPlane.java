package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ControlPlaneNotReadyException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.RevisionInUseException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.ControlPlaneCondition;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.ProxyRestart;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ControlPlaneLifecycle;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of a mesh, driven through the backend's {@link ControlPlaneLifecycle}. Every
 * step plans the resources the lifecycle wants for the next state of the mesh's record, and the
 * plan records that state once its objects are written (see {@link ControlPlanePlan}).
 */
final class DefaultMeshControlPlane implements MeshControlPlane {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshControlPlane.class);
  private static final long MAX_PAUSE_MILLIS = 1000;

  private final Engine engine;
  private final String mesh;

  DefaultMeshControlPlane(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  // ---- reading ----

  @Override
  public ControlPlaneStatus status() {
    MeshSpec spec = installed(engine.mesh(mesh).value());
    return status(spec, spec.configClusters().get(0));
  }

  @Override
  public ControlPlaneStatus status(String cluster) {
    MeshSpec spec = installed(engine.mesh(mesh).value());
    if (!spec.clusters().contains(cluster)) {
      throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is not a cluster of mesh " + mesh
          + "; its clusters are " + spec.clusters());
    }
    return status(spec, cluster);
  }

  private ControlPlaneStatus status(MeshSpec spec, String cluster) {
    ControlPlaneLifecycle lifecycle = lifecycle();
    ClusterConnection connection = engine.connection(cluster);
    List<MeshResource> live = new ArrayList<>();
    for (ResourceType type : lifecycle.resourceTypes()) {
      live.addAll(connection.list(type, null, Map.of()));
    }
    return lifecycle.status(spec, cluster, live);
  }

  @Override
  public ControlPlaneStatus awaitReady(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new ValidationException("awaitReady", List.of(Violation.of("timeout", "must not be negative, but was "
          + timeout)));
    }
    MeshSpec spec = installed(engine.mesh(mesh).value());
    Instant deadline = engine.settings.clock().instant().plus(timeout);
    long pause = 50;
    while (true) {
      ControlPlaneStatus first = null;
      ControlPlaneStatus waitingFor = null;
      for (String cluster : spec.clusters()) {
        ControlPlaneStatus status = status(spec, cluster);
        first = first == null ? status : first;
        if (!status.ready() && waitingFor == null) {
          waitingFor = status;
        }
      }
      if (waitingFor == null) {
        return first;
      }
      if (!engine.settings.clock().instant().isBefore(deadline)) {
        List<ControlPlaneCondition> conditions = new ArrayList<>(waitingFor.conditions());
        for (ControlPlaneRevision revision : waitingFor.revisions()) {
          if (!revision.ready()) {
            revision.conditions().stream()
                .map(c -> ControlPlaneCondition.of(c.type(), c.status(), c.reason().orElse(null),
                    "revision " + revision.name() + c.message().map(m -> ": " + m).orElse("")))
                .forEach(conditions::add);
          }
        }
        throw new ControlPlaneNotReadyException(mesh, waitingFor.cluster(), conditions,
            timeout.toMillis() < 1000 ? timeout.toMillis() + "ms" : timeout.toSeconds() + "s");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting for the control plane of mesh "
            + mesh, e);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }

  // ---- planning the steps of an upgrade ----

  @Override
  public Plan planInstall() {
    Versioned<MeshSpec> record = checked();
    return plan(record, record.value(), List.of());
  }

  @Override
  public Plan planUpgrade(String version) {
    Versioned<MeshSpec> record = checked();
    IstioInstall install = record.value().istio().orElseThrow();
    if (install.canaryVersion().isPresent()) {
      throw new MeshConflictException("mesh " + mesh + " is already trying " + install.canaryVersion().get()
          + " as a canary of " + install.version() + "; promote it or roll it back first");
    }
    if (install.previousVersion().isPresent()) {
      throw new MeshConflictException("mesh " + mesh + " still runs the revision of " + install.previousVersion().get()
          + " beside " + install.version() + "; remove it (planRemoveRevision) before the next upgrade");
    }
    if (install.version().equals(version)) {
      throw new MeshConflictException("mesh " + mesh + " already runs Istio " + version);
    }
    IstioInstall next = IstioInstall.builder().from(install).canaryVersion(version).build();
    validate(engine, with(record.value(), next));
    return plan(record, with(record.value(), next), List.of());
  }

  @Override
  public Plan planPromote() {
    Versioned<MeshSpec> record = checked();
    IstioInstall install = record.value().istio().orElseThrow();
    String canary = install.canaryVersion().orElseThrow(() -> new MeshConflictException(
        "mesh " + mesh + " has no canary to promote; start an upgrade with planUpgrade first"));
    IstioInstall next = IstioInstall.builder().from(install).version(canary).canaryVersion(Optional.empty())
        .previousVersion(install.version()).build();
    return plan(record, with(record.value(), next), List.of());
  }

  @Override
  public Plan planRollback() {
    Versioned<MeshSpec> record = checked();
    IstioInstall install = record.value().istio().orElseThrow();
    IstioInstall next;
    if (install.canaryVersion().isPresent()) {
      next = IstioInstall.builder().from(install).canaryVersion(Optional.empty())
          .previousVersion(install.canaryVersion()).build();
    } else if (install.previousVersion().isPresent()) {
      next = IstioInstall.builder().from(install).version(install.previousVersion().get())
          .previousVersion(install.version()).build();
    } else {
      throw new MeshConflictException("mesh " + mesh + " runs only Istio " + install.version()
          + "; there is no earlier revision to roll back to");
    }
    return plan(record, with(record.value(), next), List.of());
  }

  @Override
  public Plan planRemoveRevision() {
    Versioned<MeshSpec> record = checked();
    MeshSpec spec = record.value();
    IstioInstall install = spec.istio().orElseThrow();
    String previous = install.previousVersion().orElseThrow(() -> new MeshConflictException(
        "mesh " + mesh + " has no revision left behind to remove; it runs " + install.version()
            + install.canaryVersion().map(c -> " and the canary " + c).orElse("")));
    ControlPlaneLifecycle lifecycle = lifecycle();
    String revision = lifecycle.revisionName(spec, previous);
    List<String> users = users(spec, revision);
    if (!users.isEmpty()) {
      throw new RevisionInUseException(mesh, revision, users);
    }
    List<ResourceChange> deletions = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      engine.connection(cluster).get(lifecycle.revisionType(), null, revision)
          .filter(r -> lifecycle.ownsRevision(spec, r))
          .ifPresent(r -> deletions.add(ResourceChange.builder().cluster(cluster).ref(r.ref())
              .action(ChangeAction.DELETE).live(r).build()));
    }
    IstioInstall next = IstioInstall.builder().from(install).previousVersion(Optional.empty()).build();
    return plan(record, with(spec, next), deletions);
  }

  @Override
  public Plan restore(String json) {
    Versioned<MeshSpec> record = checked();
    MeshSpec spec = record.value();
    ControlPlaneLifecycle lifecycle = lifecycle();
    ControlPlanePlan plan = ControlPlanePlan.parse(engine, mesh, json, record);
    for (ResourceChange change : plan.changes()) {
      if (!spec.clusters().contains(change.cluster())) {
        throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "plan.cluster-outside-mesh",
            Map.of("cluster", change.cluster(), "mesh", mesh), "the plan writes " + change.ref() + " to cluster "
                + change.cluster() + ", which is not a cluster of mesh " + mesh + " " + spec.clusters(), null);
      }
      boolean lifecycleKind = lifecycle.resourceTypes().stream().anyMatch(t -> t.apiVersion().equals(
          change.ref().apiVersion()) && t.kind().equals(change.ref().kind()));
      // a revision is the operator's, owned by the mesh's Istio resource rather than labelled
      boolean revision = change.action() == ChangeAction.DELETE && change.desired().isEmpty()
          && change.live().map(live -> live.ref().equals(change.ref()) && lifecycle.ownsRevision(spec, live))
              .orElse(false);
      List<MeshResource> objects = new ArrayList<>();
      change.live().ifPresent(objects::add);
      change.desired().ifPresent(objects::add);
      boolean owned = objects.stream().allMatch(o -> o.ref().equals(change.ref()) && Ownership.ownedBy(o, mesh)
          && ControlPlaneLifecycle.COMPONENT.equals(o.labels().get(Ownership.COMPONENT)));
      if (!lifecycleKind || !(revision || owned)) {
        throw new MeshException(ErrorCode.INVALID_INPUT, "plan.foreign-object",
            Map.of("object", change.ref().toString(), "cluster", change.cluster(), "mesh", mesh),
            "the plan's change of " + change.ref() + " on cluster " + change.cluster() + " holds an object that"
                + " is not part of the control plane of mesh " + mesh, null);
      }
    }
    return plan;
  }

  // ---- namespaces and workloads ----

  @Override
  public void useTag(String cluster, String namespace, String tag) {
    Inputs inputs = new Inputs().namespace("namespace", namespace);
    if (!STABLE_TAG.equals(tag) && !CANARY_TAG.equals(tag)) {
      inputs.add("tag", "must be " + STABLE_TAG + " or " + CANARY_TAG + ", but was " + (tag == null ? "null" : "\"" + tag + "\""));
    }
    inputs.throwIfAny("useTag");
    engine.hooks.check(engine.principal, MeshOperation.CONFIGURE_SIDECARS, Optional.of(mesh), Optional.of(namespace));
    engine.hooks.audited(engine.principal, MeshOperation.CONFIGURE_SIDECARS, Optional.of(mesh),
        "revision tag " + tag + " for namespace " + namespace + " of cluster " + cluster, () -> {
          installed(new DefaultMeshSidecars(engine, mesh).dataPlane(cluster));
          ClusterConnection connection = engine.connection(cluster);
          if (connection.get(DefaultMeshSidecars.NAMESPACE, null, namespace).isEmpty()) {
            throw new MeshNotFoundException("namespace " + namespace + " does not exist on cluster " + cluster);
          }
          ObjectNode patch = JsonNodeFactory.instance.objectNode();
          patch.putObject("metadata").putObject("labels").put(DefaultMeshSidecars.REVISION_LABEL, tag)
              .putNull(DefaultMeshSidecars.INJECTION_LABEL);
          connection.mergePatch(DefaultMeshSidecars.NAMESPACE, null, namespace, patch);
          LOG.debug("namespace {} of cluster {} now selects revision tag {}", namespace, cluster, tag);
          return null;
        });
  }

  @Override
  public List<ProxyRestart> pendingRestarts(String cluster) {
    MeshSpec spec = installed(new DefaultMeshSidecars(engine, mesh).dataPlane(cluster));
    Map<String, String> wanted = new LinkedHashMap<>();
    ClusterConnection connection = engine.connection(cluster);
    for (MeshResource namespace : connection.list(DefaultMeshSidecars.NAMESPACE, null, Map.of())) {
      String label = namespace.labels().get(DefaultMeshSidecars.REVISION_LABEL);
      if (label != null) {
        wanted.put(namespace.name(), resolve(spec, label));
      }
    }
    Map<String, int[]> differing = new TreeMap<>();
    Map<String, String[]> described = new LinkedHashMap<>();
    forEachProxy(connection, (namespace, workload, running) -> {
      String want = wanted.get(namespace);
      if (want != null && !want.equals(running)) {
        String key = namespace + "/" + workload + "/" + running;
        differing.computeIfAbsent(key, k -> new int[1])[0]++;
        described.put(key, new String[] {namespace, workload, running, want});
      }
    });
    List<ProxyRestart> restarts = new ArrayList<>();
    differing.forEach((key, count) -> {
      String[] d = described.get(key);
      restarts.add(ProxyRestart.of(d[0], d[1], d[2], d[3], count[0]));
    });
    restarts.sort(Comparator.comparing(ProxyRestart::namespace).thenComparing(ProxyRestart::deployment));
    return restarts;
  }

  /** The revision a value of the {@code istio.io/rev} label selects: a tag's revision, or the revision it names. */
  private String resolve(MeshSpec spec, String label) {
    IstioInstall install = spec.istio().orElseThrow();
    if (STABLE_TAG.equals(label)) {
      return lifecycle().revisionName(spec, install.version());
    }
    if (CANARY_TAG.equals(label)) {
      return lifecycle().revisionName(spec, install.canaryVersion().orElse(install.version()));
    }
    return label;
  }

  /** What on the data-plane clusters still uses a revision: workloads whose proxies run it, namespaces that name it. */
  private List<String> users(MeshSpec spec, String revision) {
    List<String> users = new ArrayList<>();
    for (String cluster : spec.dataPlaneClusters()) {
      ClusterConnection connection = engine.connection(cluster);
      addWorkloads(users, cluster, revision::equals);
      for (MeshResource namespace : connection.list(DefaultMeshSidecars.NAMESPACE, null, Map.of())) {
        if (revision.equals(namespace.labels().get(DefaultMeshSidecars.REVISION_LABEL))) {
          users.add("cluster " + cluster + ": namespace " + namespace.name() + " (label "
              + DefaultMeshSidecars.REVISION_LABEL + "=" + revision + ")");
        }
      }
    }
    return users;
  }

  /** The workloads on some of the mesh's clusters whose proxies any revision of its control plane injected. */
  List<String> proxies(MeshSpec spec, List<String> clusters) {
    IstioInstall install = spec.istio().orElseThrow();
    List<String> revisions = new ArrayList<>();
    revisions.add(lifecycle().revisionName(spec, install.version()));
    install.canaryVersion().ifPresent(v -> revisions.add(lifecycle().revisionName(spec, v)));
    install.previousVersion().ifPresent(v -> revisions.add(lifecycle().revisionName(spec, v)));
    List<String> users = new ArrayList<>();
    for (String cluster : clusters) {
      addWorkloads(users, cluster, revisions::contains);
    }
    return users;
  }

  /** Adds, per workload of a cluster, how many of its pods run a proxy from a revision that matches. */
  private void addWorkloads(List<String> users, String cluster, java.util.function.Predicate<String> revision) {
    Map<String, Integer> workloads = new TreeMap<>();
    forEachProxy(engine.connection(cluster), (namespace, workload, running) -> {
      if (revision.test(running)) {
        workloads.merge(namespace + "/" + workload, 1, Integer::sum);
      }
    });
    workloads.forEach((workload, pods) -> users.add("cluster " + cluster + ": Deployment " + workload + " ("
        + pods + " pod" + (pods == 1 ? "" : "s") + ")"));
  }

  private interface ProxyVisitor {
    void visit(String namespace, String workload, String runningRevision);
  }

  /** Every pod with an injected proxy, with the Deployment that runs it (or the pod itself) and its proxy's revision. */
  private void forEachProxy(ClusterConnection connection, ProxyVisitor visitor) {
    ControlPlaneLifecycle lifecycle = lifecycle();
    Map<String, List<MeshResource>> deployments = connection.list(DefaultMeshSidecars.DEPLOYMENT, null, Map.of())
        .stream().collect(Collectors.groupingBy(d -> d.namespace().orElse("")));
    for (MeshResource pod : connection.list(DefaultMeshSidecars.POD, null, Map.of())) {
      Optional<String> running = lifecycle.proxyRevision(pod);
      if (running.isEmpty()) {
        continue;
      }
      String namespace = pod.namespace().orElse("");
      String workload = deployments.getOrDefault(namespace, List.of()).stream()
          .filter(d -> selects(d, pod)).map(MeshResource::name).findFirst().orElse(pod.name());
      visitor.visit(namespace, workload, running.get());
    }
  }

  private static boolean selects(MeshResource deployment, MeshResource pod) {
    JsonNode matchLabels = deployment.field("spec").map(s -> s.path("selector").path("matchLabels"))
        .orElse(JsonNodeFactory.instance.objectNode());
    Map<String, String> selector = DefaultMeshSidecars.strings(matchLabels);
    return !selector.isEmpty() && pod.labels().entrySet().containsAll(selector.entrySet());
  }

  // ---- what creating a mesh and joining a member write ----

  /** Checks a mesh's install before anything about the mesh is stored or written. */
  static void validate(Engine engine, MeshSpec spec) {
    if (spec.istio().isEmpty()) {
      return;
    }
    ControlPlaneLifecycle lifecycle = lifecycle(engine);
    List<Violation> violations = lifecycle.validate(spec, clusterSpecs(engine, spec));
    if (!violations.isEmpty()) {
      throw new ValidationException("the control plane of mesh " + spec.name(), violations);
    }
    if (spec.mode() == MeshMode.HOSTED && !spec.members().isEmpty()) {
      discoveryAddress(engine, spec, spec.members().get(0));
    }
  }

  /** Checks, before a member joins, that the mesh can tell it where its control plane is. */
  static void checkJoin(Engine engine, MeshSpec spec, String member) {
    if (spec.istio().isPresent() && engine.backend.controlPlane().isPresent()) {
      discoveryAddress(engine, spec, member);
    }
  }

  /**
   * Where the members of a hosted mesh reach its control plane.
   *
   * @throws ValidationException naming {@code istio.discoveryAddress} when none is known
   */
  private static String discoveryAddress(Engine engine, MeshSpec spec, String member) {
    String controlPlane = spec.configClusters().get(0);
    List<ClusterConnection> members = spec.members().stream().map(engine::connection).collect(Collectors.toList());
    return lifecycle(engine).discoveryAddress(spec, engine.connection(controlPlane), members).orElseThrow(() ->
        new ValidationException("the control plane of mesh " + spec.name(), List.of(Violation.of(
            "istio.discoveryAddress", "is needed for member " + member + " to reach istiod on " + controlPlane
                + ": set IstioInstall.discoveryAddress, or run an east-west gateway on " + controlPlane
                + " (mesh.gateways()) whose Service has an external address"))));
  }

  /**
   * Writes the control plane of a mesh being created, whose record is not stored yet, and undoes
   * what it created when a write fails.
   */
  static void install(Engine engine, MeshSpec spec) {
    DefaultMeshControlPlane controlPlane = new DefaultMeshControlPlane(engine, spec.name());
    DefaultPlan plan = controlPlane.changes(spec, List.of()).operation(MeshOperation.CREATE_MESH).beforeRecord();
    plan.computed(engine.hooks.now());
    // a step of creating the mesh, like membership wiring: its objects are the operator's, not
    // configuration analysis judges, and the mesh has no record to analyze yet
    ApplyResult result = plan.apply(ApplyMode.STANDARD, Preflight.SKIP);
    if (!result.successful()) {
      DefaultPlan.undoCreations(engine, result, "the control plane of mesh " + spec.name() + " failed to install");
      result.orThrow();
    }
  }

  /** Writes the resources one member needs, when the mesh has an install; called as the member joins. */
  static void joinMember(Engine engine, MeshSpec spec, String member) {
    if (spec.istio().isEmpty() || engine.backend.controlPlane().isEmpty()) {
      return;
    }
    DefaultMeshControlPlane controlPlane = new DefaultMeshControlPlane(engine, spec.name());
    ApplyResult result = controlPlane.changes(spec, List.of(), List.of(member)).operation(MeshOperation.JOIN)
        .apply(ApplyMode.STANDARD, Preflight.SKIP); // a step of the join, as membership wiring is
    if (!result.successful()) {
      // the join is undone, so is what it wrote here
      DefaultPlan.undoCreations(engine, result, "member " + member + " failed to join mesh " + spec.name());
      result.orThrow();
    }
  }

  /**
   * Takes back what {@link #install} wrote when creating the mesh fails after it, keeping the
   * original failure as the one reported.
   */
  static void uninstall(Engine engine, MeshSpec spec, RuntimeException failure) {
    for (String cluster : spec.clusters()) {
      try {
        remove(engine, spec, cluster);
      } catch (RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
    }
  }

  /** Deletes the control-plane resources the mesh owns on one cluster, newest kinds first. */
  private static void remove(Engine engine, MeshSpec spec, String cluster) {
    ControlPlaneLifecycle lifecycle = lifecycle(engine);
    ClusterConnection connection = engine.connection(cluster);
    Map<String, String> selector = new LinkedHashMap<>(Ownership.selector(spec.name()));
    selector.put(Ownership.COMPONENT, ControlPlaneLifecycle.COMPONENT);
    List<ResourceType> types = new ArrayList<>(lifecycle.resourceTypes());
    java.util.Collections.reverse(types);
    for (ResourceType type : types) {
      for (MeshResource object : connection.list(type, null, selector)) {
        connection.delete(type, object.namespace().orElse(null), object.name(), object.resourceVersion());
      }
    }
  }

  // ---- plans ----

  private Plan plan(Versioned<MeshSpec> record, MeshSpec next, List<ResourceChange> extra) {
    Instant started = engine.hooks.now();
    DefaultPlan plan = changes(next, extra);
    plan.computed(started);
    return new ControlPlanePlan(engine, plan, record, next);
  }

  private DefaultPlan changes(MeshSpec next, List<ResourceChange> extra) {
    return changes(next, extra, next.clusters());
  }

  /** The changes that bring the given clusters to what the lifecycle wants for {@code next}, then {@code extra}. */
  private DefaultPlan changes(MeshSpec next, List<ResourceChange> extra, List<String> clusters) {
    ControlPlaneLifecycle lifecycle = lifecycle();
    List<ClusterSpec> specs = clusterSpecs(engine, next);
    boolean members = next.mode() == MeshMode.HOSTED
        && clusters.stream().anyMatch(c -> !next.configClusters().contains(c));
    Optional<String> address = members
        ? Optional.of(discoveryAddress(engine, next, clusters.stream()
            .filter(c -> !next.configClusters().contains(c)).findFirst().orElseThrow()))
        : Optional.empty();
    List<ResourceChange> changes = new ArrayList<>();
    for (String cluster : clusters) {
      ClusterConnection connection = engine.connection(cluster);
      List<MeshResource> wanted = lifecycle.wanted(next, specs, cluster, address);
      requireNamespaces(connection, wanted);
      for (MeshResource object : wanted) {
        MeshResource desired = Ownership.stampMesh(object, mesh);
        ResourceType type = engine.type(desired.ref());
        Optional<MeshResource> live = connection.get(type, desired.namespace().orElse(null), desired.name());
        ResourceChange.Builder change = ResourceChange.builder().cluster(cluster).ref(desired.ref()).desired(desired);
        if (live.isEmpty()) {
          changes.add(change.action(ChangeAction.CREATE).diff(JsonDiff.creation(desired)).build());
          continue;
        }
        if (!Ownership.ownedBy(live.get(), mesh)) {
          throw new MeshConflictException("cannot install the control plane of mesh " + mesh + " on cluster " + cluster
              + ": " + desired.ref() + " already exists and mesh-sdk does not own it for this mesh; remove it, or leave"
              + " MeshSpec.istio() unset to keep the Istio installed there");
        }
        List<DiffEntry> diff = JsonDiff.diff(live.get(), desired);
        changes.add(change.live(live.get()).diff(diff)
            .action(diff.isEmpty() ? ChangeAction.UNCHANGED : ChangeAction.UPDATE).build());
      }
      extra.stream().filter(c -> c.cluster().equals(cluster)).forEach(changes::add);
    }
    return new DefaultPlan(engine, mesh, changes).operation(MeshOperation.MANAGE_CONTROL_PLANE);
  }


  // ---- checks ----

  /**
   * Refuses, before anything is written, objects whose namespace the cluster does not have: the
   * operator installs the control plane into that namespace too, and the SDK never creates one.
   */
  private void requireNamespaces(ClusterConnection connection, List<MeshResource> wanted) {
    if (!connection.live()) {
      return;
    }
    for (String namespace : wanted.stream().map(o -> o.namespace().orElse(null)).filter(n -> n != null)
        .distinct().collect(Collectors.toList())) {
      if (connection.get(DefaultMeshSidecars.NAMESPACE, null, namespace).isEmpty()) {
        throw new MeshNotFoundException("namespace.not-found", Map.of("namespace", namespace, "cluster",
            connection.cluster()), "namespace " + namespace + " does not exist on cluster " + connection.cluster()
            + ", where the control plane of mesh " + mesh + " is installed; create it first (the SDK never creates"
            + " or deletes a namespace)");
      }
    }
  }

  /** The record, once the access policy allows managing the control plane and the mesh has an install. */
  private Versioned<MeshSpec> checked() {
    engine.hooks.check(engine.principal, MeshOperation.MANAGE_CONTROL_PLANE, Optional.of(mesh), Optional.empty());
    Versioned<MeshSpec> record = engine.mesh(mesh);
    installed(record.value());
    return record;
  }

  private MeshSpec installed(MeshSpec spec) {
    lifecycle();
    if (spec.istio().isEmpty()) {
      throw new UnsupportedCapabilityException("mesh " + mesh + " has no MeshSpec.istio(): its control plane was"
          + " installed by someone else, and the SDK neither installs nor upgrades it");
    }
    return spec;
  }

  private ControlPlaneLifecycle lifecycle() {
    return lifecycle(engine);
  }

  private static ControlPlaneLifecycle lifecycle(Engine engine) {
    return engine.backend.controlPlane().orElseThrow(() -> new UnsupportedCapabilityException(
        "the " + engine.backend.id() + " backend installs no control plane; leave MeshSpec.istio() unset"));
  }

  private static MeshSpec with(MeshSpec spec, IstioInstall install) {
    return MeshSpec.hosted(spec.name()).from(spec).istio(install).build();
  }

  private static List<ClusterSpec> clusterSpecs(Engine engine, MeshSpec spec) {
    List<ClusterSpec> clusters = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      clusters.add(engine.store.cluster(cluster).map(Versioned::value).orElseThrow(() -> new MeshNotFoundException(
          "cluster.not-registered", Map.of("cluster", cluster), "cluster " + cluster + " is not registered")));
    }
    return clusters;
  }

  @Override
  public String toString() {
    return "MeshControlPlane[" + mesh + "]";
  }
}
