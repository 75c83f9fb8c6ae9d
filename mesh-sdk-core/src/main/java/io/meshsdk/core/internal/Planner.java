package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.spi.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes plans: the wanted objects from the backend, the live SDK-owned objects read with one
 * list call per (cluster, kind, namespace), and the difference between them.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private final Engine engine;
  private final Placement placement;

  Planner(Engine engine, Placement placement) {
    this.engine = engine;
    this.placement = placement;
  }

  DefaultPlan plan(String mesh, List<? extends Policy> policies) {
    return plan(mesh, policies, false);
  }

  /**
   * Plans policies; when {@code adopting}, an object a policy wants that exists without the
   * SDK's labels is taken over ({@link ChangeAction#ADOPT}) instead of refused.
   */
  DefaultPlan plan(String mesh, List<? extends Policy> policies, boolean adopting) {
    MeshSpec spec = engine.mesh(mesh).value();
    checkRequest(policies);
    TranslationContext context = TranslationContext.of(mesh);
    Map<PolicyRef, List<MeshResource>> desired = new LinkedHashMap<>();
    Set<String> namespaces = new TreeSet<>();
    Map<ResourceRef, PolicyRef> claimed = new HashMap<>();
    for (Policy policy : policies) {
      List<MeshResource> objects = desired(mesh, policy, context);
      for (MeshResource object : objects) {
        PolicyRef other = claimed.putIfAbsent(object.ref(), policy.ref());
        if (other != null) {
          throw new MeshConflictException(ErrorCode.CONFLICT, "policy.object-claimed", Map.of("policy", policy.ref().toString(),
              "other", other.toString(), "object", object.ref().toString()), policy.ref() + " and " + other + " would both produce " + object.ref()
              + "; two policies can never own one object. Rename one of them.");
        }
        object.namespace().ifPresent(namespaces::add);
      }
      desired.put(policy.ref(), objects);
      namespaces.add(policy.namespace());
    }
    List<ResourceChange> changes = new ArrayList<>();
    for (String cluster : placement.clusters(spec)) {
      ClusterConnection connection = engine.connection(cluster);
      List<MeshResource> live = readLive(connection, mesh, namespaces, typesOf(policies.stream().map(Policy::kind)));
      checkHostConflicts(policies, live, cluster);
      Map<PolicyRef, List<MeshResource>> byPolicy = byPolicy(live);
      Map<ResourceRef, MeshResource> liveByRef = new HashMap<>();
      live.forEach(o -> liveByRef.put(o.ref(), o));
      List<ResourceChange> clusterChanges = new ArrayList<>();
      for (Policy policy : policies) {
        List<MeshResource> previous = byPolicy.getOrDefault(policy.ref(), List.of());
        clusterChanges.addAll(diffPolicy(connection, policy, desired.get(policy.ref()), previous, liveByRef));
      }
      changes.addAll(ordered(requireFree(connection, mesh, clusterChanges, liveByRef, adopting)));
    }
    LOG.debug("planned {} change(s) for {} policies of mesh {}", changes.size(), policies.size(), mesh);
    return new DefaultPlan(engine, mesh, changes);
  }

  DefaultPlan planDeletion(String mesh, List<PolicyRef> refs) {
    MeshSpec spec = engine.mesh(mesh).value();
    Set<String> namespaces = refs.stream().map(PolicyRef::namespace).collect(Collectors.toCollection(TreeSet::new));
    List<ResourceChange> changes = new ArrayList<>();
    Set<PolicyRef> found = new HashSet<>();
    for (String cluster : placement.clusters(spec)) {
      Map<PolicyRef, List<MeshResource>> byPolicy = byPolicy(
          readLive(engine.connection(cluster), mesh, namespaces, typesOf(refs.stream().map(PolicyRef::kind))));
      List<ResourceChange> clusterChanges = new ArrayList<>();
      for (PolicyRef ref : refs) {
        for (MeshResource object : byPolicy.getOrDefault(ref, List.of())) {
          found.add(ref);
          clusterChanges.add(ResourceChange.builder()
              .cluster(cluster).ref(object.ref()).action(ChangeAction.DELETE).live(object).build());
        }
      }
      changes.addAll(ordered(clusterChanges));
    }
    List<PolicyRef> missing = refs.stream().filter(r -> !found.contains(r)).collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new MeshNotFoundException("mesh " + mesh + " has no objects of " + missing
          + " on its config clusters " + placement.clusters(spec));
    }
    return new DefaultPlan(engine, mesh, changes);
  }

  /**
   * Reconciling: the policies read back from the clusters planned again, and the objects the
   * mesh owns put back as its membership wiring wants them, judged on the objects already read
   * from each config cluster.
   */
  DefaultPlan planReconcile(String mesh, List<? extends Policy> policies, Map<String, List<MeshResource>> live) {
    List<ResourceChange> changes = new ArrayList<>(plan(mesh, policies).changes());
    MeshSpec spec = engine.mesh(mesh).value();
    live.forEach((cluster, objects) -> meshOwnedChanges(engine.connection(cluster), mesh, spec, objects).stream()
        .filter(c -> c.action() != ChangeAction.UNCHANGED)
        .forEach(changes::add));
    return new DefaultPlan(engine, mesh, changes);
  }

  /**
   * How the objects the mesh owns on a config cluster compare with what its membership wiring
   * wants there: an UPDATE for one edited, a CREATE for one missing, a DELETE for one no longer
   * wanted (only objects marked as the membership wiring's). Empty when the wiring cannot say
   * what it wants. An object of that name that the mesh does not own is left alone, as wiring
   * leaves it.
   */
  List<ResourceChange> meshOwnedChanges(ClusterConnection connection, String mesh, MeshSpec spec,
      List<MeshResource> live) {
    Optional<List<MeshResource>> wanted = engine.backend.membership()
        .flatMap(w -> w.wanted(spec, clusterSpecs(spec), connection.cluster()));
    if (wanted.isEmpty()) {
      return List.of();
    }
    Map<ResourceRef, MeshResource> liveByRef = new HashMap<>();
    live.forEach(o -> liveByRef.put(o.ref(), o));
    Set<ResourceRef> kept = new HashSet<>();
    List<ResourceChange> changes = new ArrayList<>();
    String cluster = connection.cluster();
    for (MeshResource object : wanted.get()) {
      MeshResource desired = Ownership.stampMesh(object, mesh);
      ResourceRef ref = desired.ref();
      ResourceType type = engine.resourceTypes().stream()
          .filter(t -> t.kind().equals(ref.kind()) && t.apiVersion().equals(ref.apiVersion()))
          .findFirst().orElse(null);
      if (type == null) {
        continue; // not of a kind the engine reads back
      }
      kept.add(ref);
      MeshResource current = liveByRef.get(ref);
      ResourceChange.Builder change = ResourceChange.builder().cluster(cluster).ref(ref).desired(desired);
      if (current != null) {
        if (Ownership.meshOwned(current)) {
          List<DiffEntry> diff = JsonDiff.diff(current, desired);
          changes.add(change.live(current).diff(diff)
              .action(diff.isEmpty() ? ChangeAction.UNCHANGED : ChangeAction.UPDATE).build());
        }
      } else if (connection.get(type, ref.namespace().orElse(null), ref.name()).isEmpty()) {
        changes.add(change.action(ChangeAction.CREATE).diff(JsonDiff.creation(desired)).build());
      }
    }
    for (MeshResource object : live) {
      // only what carries the membership mark is taken back; an unmarked object may be a policy's that lost its labels
      if (MembershipWiring.COMPONENT.equals(object.labels().get(Ownership.COMPONENT)) && Ownership.meshOwned(object)
          && !kept.contains(object.ref())) {
        changes.add(ResourceChange.builder().cluster(cluster).ref(object.ref())
            .action(ChangeAction.DELETE).live(object).build());
      }
    }
    return ordered(changes);
  }

  private List<ClusterSpec> clusterSpecs(MeshSpec spec) {
    List<ClusterSpec> clusters = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      engine.store.cluster(cluster).map(Versioned::value).ifPresent(clusters::add);
    }
    return clusters;
  }

  /**
   * Deletes what policies left on the config clusters that no readable intent claims any more,
   * such as objects whose intent annotation was corrupted: they are the SDK's, so deleting the
   * mesh deletes them. Objects the mesh owns (membership wiring) are left to leave.
   */
  DefaultPlan planOrphans(String mesh) {
    MeshSpec spec = engine.mesh(mesh).value();
    List<ResourceChange> changes = new ArrayList<>();
    for (String cluster : placement.clusters(spec)) {
      List<ResourceChange> clusterChanges = new ArrayList<>();
      List<MeshResource> live = readLive(engine.connection(cluster), mesh, null);
      // a policy's intent is on one of its objects; the others are claimed through it
      Set<PolicyRef> claimed = new HashSet<>();
      live.forEach(o -> Ownership.intent(o).ifPresent(p -> claimed.add(p.ref())));
      for (MeshResource object : live) {
        if (!Ownership.meshOwned(object) && Ownership.intent(object).isEmpty()
            && Ownership.owner(object).filter(claimed::contains).isEmpty()) {
          clusterChanges.add(ResourceChange.builder().cluster(cluster).ref(object.ref())
              .action(ChangeAction.DELETE).live(object).build());
        }
      }
      changes.addAll(ordered(clusterChanges));
    }
    return new DefaultPlan(engine, mesh, changes);
  }

  /**
   * The objects a policy wants, stamped with the ownership labels; the one applied last also
   * carries the policy's intent (see {@link #carrier}), so that the others change only when what
   * they say changes.
   */
  List<MeshResource> desired(String mesh, Policy policy, TranslationContext context) {
    List<MeshResource> translated = engine.backend.translate(policy, context);
    int carrier = carrier(translated);
    String intent = Json.canonical(policy);
    String hash = Json.hash(intent);
    List<MeshResource> objects = new ArrayList<>(translated.size());
    for (int i = 0; i < translated.size(); i++) {
      MeshResource object = translated.get(i);
      engine.type(object.ref());
      objects.add(i == carrier
          ? Ownership.stamp(object, mesh, policy, intent, hash)
          : Ownership.stampOwner(object, mesh, policy));
    }
    return objects;
  }

  /**
   * Which of a policy's objects carries its intent: the one applied last (the backend's order of
   * kinds, then the object's reference), so that the intent in force changes only after the
   * objects it describes were written. For a TrafficPolicy that is the VirtualService, which holds
   * the routes that most changes are about.
   */
  private int carrier(List<MeshResource> objects) {
    List<ResourceType> types = engine.resourceTypes();
    int last = -1;
    for (int i = 0; i < objects.size(); i++) {
      if (last < 0 || writeOrder(types, objects.get(i).ref(), objects.get(last).ref()) > 0) {
        last = i;
      }
    }
    return last;
  }

  private static int writeOrder(List<ResourceType> types, ResourceRef a, ResourceRef b) {
    int byRank = Integer.compare(rank(types, a), rank(types, b));
    return byRank != 0 ? byRank : a.compareTo(b);
  }

  /** The object on which a policy's intent is written, in a mesh; empty when it cannot be translated. */
  Optional<ResourceRef> carrierOf(String mesh, Policy policy) {
    try {
      List<MeshResource> objects = engine.backend.translate(policy, TranslationContext.of(mesh));
      return objects.isEmpty() ? Optional.empty() : Optional.of(objects.get(carrier(objects)).ref());
    } catch (RuntimeException e) {
      LOG.debug("cannot translate {} to tell which object carries its intent", policy.ref(), e);
      return Optional.empty();
    }
  }

  /** The kinds that policies of these kinds may produce, in the backend's order. */
  private List<ResourceType> typesOf(Stream<String> policyKinds) {
    Set<ResourceType> wanted = new HashSet<>();
    policyKinds.distinct().forEach(kind -> wanted.addAll(engine.backend.resourceTypes(kind)));
    return engine.resourceTypes().stream().filter(wanted::contains).collect(Collectors.toList());
  }

  /** The clusters this planner places the mesh's policies on. */
  List<String> clusters(MeshSpec spec) {
    return placement.clusters(spec);
  }

  /** Reads every SDK-owned object of the mesh: one list per kind and namespace. */
  List<MeshResource> readLive(ClusterConnection connection, String mesh, Set<String> namespaces) {
    return readLive(connection, mesh, namespaces, engine.resourceTypes());
  }

  /** Reads the SDK-owned objects of some kinds: one list per kind and namespace. */
  private List<MeshResource> readLive(
      ClusterConnection connection, String mesh, Set<String> namespaces, List<ResourceType> types) {
    List<MeshResource> live = new ArrayList<>();
    for (ResourceType type : types) {
      if (namespaces == null) {
        live.addAll(connection.list(type, null, Ownership.selector(mesh)));
      } else {
        for (String namespace : namespaces) {
          live.addAll(connection.list(type, namespace, Ownership.selector(mesh)));
        }
      }
    }
    return live;
  }

  private void checkRequest(List<? extends Policy> policies) {
    List<Violation> violations = new ArrayList<>();
    Map<PolicyRef, Integer> seen = new HashMap<>();
    Map<String, Integer> hosts = new HashMap<>();
    for (int i = 0; i < policies.size(); i++) {
      Policy policy = policies.get(i);
      requireCapability(policy);
      Integer earlier = seen.putIfAbsent(policy.ref(), i);
      if (earlier != null) {
        violations.add(Violation.of("policies[" + i + "]", "repeats " + policy.ref() + " of policies[" + earlier + "]"));
      }
      if (policy instanceof TrafficPolicy) {
        String host = hostKey((TrafficPolicy) policy);
        Integer same = hosts.putIfAbsent(host, i);
        if (same != null && earlier == null) {
          violations.add(Violation.of("policies[" + i + "]", "governs host " + ((TrafficPolicy) policy).host()
              + " like policies[" + same + "]; say everything about a host in one TrafficPolicy"));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new ValidationException("the plan request", violations);
    }
  }

  /** Every kind declares the capability it needs; the engine asks the backend for it, whatever the kind. */
  private void requireCapability(Policy policy) {
    BackendCapability needed = policy.capability();
    if (needed == null || !engine.backend.capabilities().contains(needed)) {
      throw new UnsupportedCapabilityException("the " + engine.backend.id() + " backend cannot translate "
          + policy.ref() + ": it lacks the capability " + needed + " that policies of kind " + policy.kind()
          + " need");
    }
  }

  /** One service, one policy: refuses a TrafficPolicy for a host another live policy governs. */
  private static void checkHostConflicts(List<? extends Policy> policies, List<MeshResource> live, String cluster) {
    Map<String, PolicyRef> governed = new HashMap<>();
    for (MeshResource object : live) {
      Ownership.intent(object)
          .filter(TrafficPolicy.class::isInstance)
          .map(TrafficPolicy.class::cast)
          .ifPresent(p -> governed.putIfAbsent(hostKey(p), p.ref()));
    }
    for (Policy policy : policies) {
      if (policy instanceof TrafficPolicy) {
        PolicyRef owner = governed.get(hostKey((TrafficPolicy) policy));
        if (owner != null && !owner.equals(policy.ref())) {
          throw new MeshConflictException("host " + ((TrafficPolicy) policy).host() + " in namespace "
              + policy.namespace() + " is already governed by " + owner + " on cluster " + cluster
              + "; change that policy, or delete it first");
        }
      }
    }
  }

  private static String hostKey(TrafficPolicy policy) {
    String host = policy.host();
    return host.indexOf('.') < 0 ? host + "." + policy.namespace() : host.replaceFirst("\\.svc\\..*$", "");
  }

  private List<ResourceChange> diffPolicy(ClusterConnection connection, Policy policy,
      List<MeshResource> wanted, List<MeshResource> previous, Map<ResourceRef, MeshResource> live) {
    Map<ResourceRef, MeshResource> byRef = new HashMap<>();
    for (MeshResource object : previous) {
      byRef.put(object.ref(), object);
    }
    requireSameWorkloads(connection, policy, previous);
    String wantedHash = wanted.stream().map(o -> o.annotations().get(Ownership.INTENT_HASH))
        .filter(Objects::nonNull).findFirst().orElse(null);
    List<ResourceChange> changes = new ArrayList<>();
    String cluster = connection.cluster();
    for (MeshResource object : wanted) {
      MeshResource current = byRef.remove(object.ref());
      MeshResource taken = current == null ? live.get(object.ref()) : null;
      if (taken != null) {
        if (!ownedBy(taken, policy.ref())) {
          throw new MeshConflictException(policy.ref() + " would take " + object.ref() + " on cluster " + cluster
              + " from " + Ownership.describeOwner(taken) + ", which owns it; two policies can never own one"
              + " object. Rename one of the policies, or delete the other one first.");
        }
        current = taken; // this policy's object, written before the kind label, whose intent annotation was lost
      }
      ResourceChange.Builder change = ResourceChange.builder().cluster(cluster).ref(object.ref()).desired(object);
      if (current != null) {
        List<DiffEntry> diff = JsonDiff.diff(current, object, written(current, object, previous, wantedHash));
        changes.add(change.live(current).diff(diff)
            .action(diff.isEmpty() ? ChangeAction.UNCHANGED : ChangeAction.UPDATE).build());
      } else {
        changes.add(change.action(ChangeAction.CREATE).diff(JsonDiff.creation(object)).build());
      }
    }
    for (MeshResource stale : byRef.values()) {
      changes.add(ResourceChange.builder().cluster(cluster).ref(stale.ref())
          .action(ChangeAction.DELETE).live(stale).build());
    }
    return changes;
  }

  /**
   * Whether a policy owns an object: by the kind and name of its owner, or, on an object written
   * before the kind label whose intent annotation was lost, by the name alone.
   */
  static boolean ownedBy(MeshResource object, PolicyRef policy) {
    Optional<PolicyRef> owner = Ownership.owner(object);
    if (owner.isPresent()) {
      return owner.get().equals(policy);
    }
    return policy.name().equals(object.labels().get(Ownership.POLICY))
        && policy.namespace().equals(object.namespace().orElse(null));
  }

  /**
   * Policies named after their workload selector's {@code app} label (mTLS, sidecar and telemetry
   * policies) share a name when two selectors share that label; the second must not move the
   * first one's selector.
   */
  private static void requireSameWorkloads(ClusterConnection connection, Policy policy, List<MeshResource> previous) {
    Optional<Map<String, String>> selector = workloadSelector(policy);
    if (selector.isEmpty()) {
      return;
    }
    for (MeshResource object : previous) {
      Optional<Map<String, String>> owners = Ownership.intent(object).flatMap(Planner::workloadSelector);
      if (owners.isPresent() && !owners.get().equals(selector.get())) {
        throw new MeshConflictException(policy.ref() + " for workloads " + new TreeMap<>(selector.get())
            + " would take " + object.ref() + " on cluster " + connection.cluster() + " from " + policy.ref()
            + " for workloads " + new TreeMap<>(owners.get()) + ": both are named after the app label. Delete"
            + " that policy first, or say both in one policy.");
      }
    }
  }

  private static Optional<Map<String, String>> workloadSelector(Policy policy) {
    if (policy instanceof MtlsPolicy) {
      return Optional.of(((MtlsPolicy) policy).selector());
    }
    if (policy instanceof SidecarPolicy) {
      return Optional.of(((SidecarPolicy) policy).selector());
    }
    if (policy instanceof TelemetryPolicy) {
      return Optional.of(((TelemetryPolicy) policy).selector());
    }
    return Optional.empty();
  }

  /**
   * What the SDK wrote to a live object last: the intent in force before (the object's own, or
   * the one another object of its policy carries), translated again, so that fields it wrote and
   * no longer wants count as changes; and the intent annotations the object carries that it is
   * no longer to carry, such as those every object carried before 0.2.0. Empty when nothing the
   * SDK wrote is unwanted now as far as can be told: the intent in force is the wanted one, or it
   * cannot be trusted or translated.
   */
  private Optional<MeshResource> written(MeshResource live, MeshResource wanted, List<MeshResource> previous,
      String wantedHash) {
    MeshResource earlier = null;
    Optional<StoredIntents.Found> before = wantedHash != null && inForce(live, previous).contains(wantedHash)
        ? Optional.empty() // the intent in force is the wanted one: no translation needed
        : ownIntent(live).or(() -> policyIntent(live, previous));
    if (before.isPresent() && !before.get().hash.equals(wantedHash)) {
      String mesh = live.labels().get(Ownership.MESH);
      try {
        earlier = mesh == null ? null : desired(mesh, before.get().policy, TranslationContext.of(mesh)).stream()
            .filter(o -> o.ref().equals(live.ref())).findFirst().orElse(null);
      } catch (RuntimeException e) {
        LOG.debug("cannot translate the earlier intent of {} again; comparing the fields wanted now only", live.ref(), e);
      }
    }
    List<String> dropped = Stream.of(Ownership.INTENT, Ownership.INTENT_HASH)
        .filter(k -> live.annotations().containsKey(k) && !wanted.annotations().containsKey(k))
        .collect(Collectors.toList());
    if (dropped.isEmpty()) {
      return Optional.ofNullable(earlier);
    }
    MeshResource out = earlier != null ? earlier
        : MeshResource.of(MeshResource.skeleton(live.apiVersion(), live.kind(), live.namespace().orElse(null), live.name()));
    for (String key : dropped) {
      out = out.withAnnotation(key, live.annotations().get(key));
    }
    return Optional.of(out);
  }

  /** The intent hashes in force for a live object: its own, or those on the other objects of its policy. */
  private static Set<String> inForce(MeshResource live, List<MeshResource> previous) {
    String own = live.annotations().get(Ownership.INTENT_HASH);
    if (own != null) {
      return Set.of(own);
    }
    Set<String> hashes = new HashSet<>();
    previous.forEach(o -> Optional.ofNullable(o.annotations().get(Ownership.INTENT_HASH)).ifPresent(hashes::add));
    return hashes;
  }

  /** The intent of a live object's policy that the other objects of the policy carry, when it can be told. */
  private Optional<StoredIntents.Found> policyIntent(MeshResource live, List<MeshResource> previous) {
    String mesh = live.labels().get(Ownership.MESH);
    Optional<PolicyRef> owner = Ownership.owner(live);
    if (mesh == null || owner.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(StoredIntents.read(previous, p -> carrierOf(mesh, p)).trusted.get(owner.get()));
  }

  /** The intent an object carries itself, when its hash vouches for it. */
  private static Optional<StoredIntents.Found> ownIntent(MeshResource object) {
    String text = object.annotations().get(Ownership.INTENT);
    String hash = object.annotations().get(Ownership.INTENT_HASH);
    if (text == null || hash == null || !hash.equals(Json.hash(text))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StoredIntents.Found(object, text, hash, Json.policy(text)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What the SDK would create must not exist under another owner: it is never clobbered, unless
   * {@code adopting} and the object carries no SDK labels at all, when the creation becomes an
   * {@link ChangeAction#ADOPT} of it. One read per kind and namespace: a get when a single object
   * of that kind is created there, one unlabelled list when several are, so planning many new
   * policies does not cost a request each.
   *
   * @return the changes, with creations of adopted objects replaced by their adoption
   */
  private List<ResourceChange> requireFree(ClusterConnection connection, String mesh, List<ResourceChange> changes,
      Map<ResourceRef, MeshResource> live, boolean adopting) {
    Map<ResourceRef, ResourceChange> adopted = new HashMap<>();
    Map<ResourceRef, ResourceChange> creating = new HashMap<>();
    Map<ResourceType, Map<String, List<ResourceRef>>> creates = new LinkedHashMap<>();
    for (ResourceChange change : changes) {
      if (change.action() != ChangeAction.CREATE) {
        continue;
      }
      ResourceRef ref = change.ref();
      creating.put(ref, change);
      MeshResource sameMesh = live.get(ref);
      if (sameMesh != null) {
        throw new MeshConflictException("cannot create " + ref + " on cluster " + connection.cluster()
            + ": " + Ownership.describeOwner(sameMesh) + " of mesh " + mesh + " already owns it");
      }
      creates.computeIfAbsent(engine.type(ref), t -> new LinkedHashMap<>())
          .computeIfAbsent(ref.namespace().orElse(""), n -> new ArrayList<>()).add(ref);
    }
    creates.forEach((type, byNamespace) -> byNamespace.forEach((namespace, refs) -> {
      String ns = namespace.isEmpty() ? null : namespace;
      Map<String, MeshResource> existing = new HashMap<>();
      if (refs.size() == 1) {
        connection.get(type, ns, refs.get(0).name()).ifPresent(o -> existing.put(o.name(), o));
      } else {
        connection.list(type, ns, Map.of()).forEach(o -> existing.put(o.name(), o));
      }
      for (ResourceRef ref : refs) {
        MeshResource foreign = existing.get(ref.name());
        if (foreign != null && adopting && Adoption.adoptable(foreign)) {
          adopted.put(ref, Adoption.change(connection.cluster(), foreign, creating.get(ref).desired().orElseThrow()));
        } else if (foreign != null) {
          String owner = Ownership.MANAGER.equals(foreign.labels().get(Ownership.MANAGED_BY))
              ? "mesh " + foreign.labels().get(Ownership.MESH) + " (" + Ownership.describeOwner(foreign) + ")"
              : Optional.ofNullable(foreign.labels().get(Ownership.MANAGED_BY)).map(m -> "manager " + m)
                  .orElse("someone other than mesh-sdk");
          String policy = creating.get(ref).policy().map(p -> p + " ").orElse("");
          throw new MeshConflictException(policy + (adopting ? "cannot adopt " : "cannot create ") + ref
              + " on cluster " + connection.cluster() + ": it already exists, owned by " + owner
              + "; mesh-sdk never modifies objects it does not own."
              + (adopting ? " Adopt it through the mesh that owns it, or delete that policy first."
                  : " Rename the policy, or remove or adopt the existing object."));
        }
      }
    }));
    if (adopted.isEmpty()) {
      return changes;
    }
    return changes.stream().map(c -> c.action() == ChangeAction.CREATE && adopted.containsKey(c.ref())
        ? adopted.get(c.ref()) : c).collect(Collectors.toList());
  }

  /**
   * Groups live objects by the policy that owns them: its policy and policy-kind labels (the kind
   * of its intent on objects written before that label) and its namespace. One pass, so planning
   * many policies stays linear.
   */
  private static Map<PolicyRef, List<MeshResource>> byPolicy(List<MeshResource> live) {
    Map<PolicyRef, List<MeshResource>> out = new HashMap<>();
    for (MeshResource object : live) {
      Ownership.owner(object).ifPresent(ref -> out.computeIfAbsent(ref, k -> new ArrayList<>()).add(object));
    }
    return out;
  }

  /** Creates and updates in dependency order, then deletions in reverse order. */
  private List<ResourceChange> ordered(List<ResourceChange> changes) {
    List<ResourceType> types = engine.resourceTypes();
    Comparator<ResourceChange> byRank = Comparator.comparingInt(c -> rank(types, c.ref()));
    Comparator<ResourceChange> writes = byRank.thenComparing(ResourceChange::ref);
    Comparator<ResourceChange> deletes = byRank.reversed().thenComparing(ResourceChange::ref);
    List<ResourceChange> out = changes.stream().filter(c -> c.action() != ChangeAction.DELETE)
        .sorted(writes).collect(Collectors.toList());
    changes.stream().filter(c -> c.action() == ChangeAction.DELETE).sorted(deletes).forEach(out::add);
    return out;
  }

  private static int rank(List<ResourceType> types, ResourceRef ref) {
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).kind().equals(ref.kind()) && types.get(i).apiVersion().equals(ref.apiVersion())) {
        return i;
      }
    }
    return types.size();
  }
}
