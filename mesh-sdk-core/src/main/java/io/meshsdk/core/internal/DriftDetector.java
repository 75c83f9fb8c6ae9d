package io.meshsdk.core.internal;

import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ClusterDrift;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out-of-band changes: reads the intents back from the SDK's objects on every config
 * cluster, translates them again and compares the result with the live objects.
 *
 * <p>Each policy's intent is on one of its objects per config cluster ({@link StoredIntents}); the
 * others are matched to it through their ownership labels. An intent is trusted only when its
 * annotation still matches its hash annotation; an object whose intent is missing or edited is
 * matched to its policy through the intent on another config cluster. When the intents of one
 * policy disagree (a partly failed apply, or an edit), none of them is trusted: which one is meant
 * cannot be told. The objects of a policy whose intent is nowhere any more (the object carrying it
 * was deleted on every config cluster) cannot be judged: they are reported unrecoverable and left
 * alone, never deleted.
 *
 * <p>Objects the mesh owns rather than a policy (what membership wiring writes, such as the
 * east-west gateway) are judged against what the wiring wants, never as drift of a policy.
 */
final class DriftDetector {
  private static final Logger LOG = LoggerFactory.getLogger(DriftDetector.class);
  private static final String INTENT_PATH = "/metadata/annotations/" + Ownership.INTENT.replace("/", "~1");
  private static final String INTENT_HASH_PATH = "/metadata/annotations/" + Ownership.INTENT_HASH.replace("/", "~1");

  private final Engine engine;
  private final Planner planner;

  DriftDetector(Engine engine, Planner planner) {
    this.engine = engine;
    this.planner = planner;
  }

  /** The policies in force whose intent can be told, read from the live objects. */
  static final class Intents {
    final Map<String, List<MeshResource>> live = new LinkedHashMap<>();
    final TreeMap<PolicyRef, Policy> trusted = new TreeMap<>();
    final Map<PolicyRef, Set<String>> conflicting = new HashMap<>();
    /** Why an object's own intent could not be used, by object. */
    final Map<MeshResource, String> unreadable = new HashMap<>();
  }

  Intents read(String mesh) {
    MeshSpec spec = engine.mesh(mesh).value();
    Intents intents = new Intents();
    List<MeshResource> all = new ArrayList<>();
    for (String cluster : planner.clusters(spec)) {
      List<MeshResource> live = planner.readLive(engine.connection(cluster), mesh, null);
      intents.live.put(cluster, live);
      all.addAll(live);
    }
    StoredIntents stored = StoredIntents.read(all, p -> planner.carrierOf(mesh, p));
    stored.trusted.forEach((ref, found) -> intents.trusted.put(ref, found.policy));
    intents.conflicting.putAll(stored.conflicting);
    intents.unreadable.putAll(stored.unreadable);
    return intents;
  }

  DriftReport detect(String mesh) {
    Intents intents = read(mesh);
    TranslationContext context = TranslationContext.of(mesh);
    Map<PolicyRef, List<MeshResource>> desired = new LinkedHashMap<>();
    intents.trusted.forEach((ref, policy) -> desired.put(ref, planner.desired(mesh, policy, context)));
    MeshSpec spec = engine.mesh(mesh).value();
    List<ClusterDrift> clusters = new ArrayList<>();
    for (Map.Entry<String, List<MeshResource>> entry : intents.live.entrySet()) {
      List<ObjectDrift> meshDrift = meshOwned(engine.connection(entry.getKey()), mesh, spec, entry.getValue());
      clusters.add(detect(entry.getKey(), entry.getValue(), intents, desired, meshDrift));
    }
    DriftReport report = DriftReport.of(mesh, clusters);
    LOG.debug("drift of mesh {}: {} policies in force, drift found: {}", mesh, intents.trusted.size(), report.hasDrift());
    return report;
  }

  /** How the objects the mesh owns differ from what its membership wiring wants. */
  private List<ObjectDrift> meshOwned(ClusterConnection connection, String mesh, MeshSpec spec,
      List<MeshResource> live) {
    List<ObjectDrift> drifts = new ArrayList<>();
    for (ResourceChange change : planner.meshOwnedChanges(connection, mesh, spec, live)) {
      ObjectDrift.Builder drift = ObjectDrift.builder().ref(change.ref());
      change.live().ifPresent(drift::live);
      change.desired().ifPresent(drift::expected);
      switch (change.action()) {
        case UPDATE:
          drifts.add(drift.kind(ObjectDrift.Kind.MODIFIED).diff(change.diff())
              .reason("edited out of band; the mesh's membership wiring wants it as joining wrote it").build());
          break;
        case CREATE:
          drifts.add(drift.kind(ObjectDrift.Kind.DELETED)
              .reason("deleted out of band; the mesh's membership wiring wants it").build());
          break;
        case DELETE:
          drifts.add(drift.kind(ObjectDrift.Kind.UNEXPECTED)
              .reason("written by the mesh's membership wiring, which no longer wants it").build());
          break;
        default:
          break;
      }
    }
    return drifts;
  }

  private ClusterDrift detect(String cluster, List<MeshResource> live, Intents intents,
      Map<PolicyRef, List<MeshResource>> desired, List<ObjectDrift> meshDrift) {
    Map<PolicyRef, Policy> trusted = intents.trusted;
    Map<ResourceRef, MeshResource> liveByRef = new HashMap<>();
    live.forEach(o -> liveByRef.put(o.ref(), o));
    Set<ResourceRef> accounted = new HashSet<>();
    List<ObjectDrift> drifts = new ArrayList<>(meshDrift);
    for (Map.Entry<PolicyRef, List<MeshResource>> entry : desired.entrySet()) {
      PolicyRef policy = entry.getKey();
      for (MeshResource expected : entry.getValue()) {
        MeshResource current = liveByRef.get(expected.ref());
        ObjectDrift.Builder drift = ObjectDrift.builder().ref(expected.ref()).policy(policy).expected(expected);
        if (current == null) {
          drifts.add(drift.kind(ObjectDrift.Kind.DELETED).reason("deleted out of band").build());
          continue;
        }
        if (!Planner.ownedBy(current, policy)) {
          continue; // another policy's object, or the mesh's: checked with its owner
        }
        accounted.add(current.ref());
        List<DiffEntry> diff = sameIntent(current, trusted.get(policy)) ? withoutIntent(JsonDiff.diff(current, expected))
            : JsonDiff.diff(current, expected);
        if (!diff.isEmpty()) {
          String reason = Optional.ofNullable(intents.unreadable.get(current))
              .or(() -> expected.annotations().containsKey(Ownership.INTENT)
                  && !current.annotations().containsKey(Ownership.INTENT)
                  ? Optional.of("its intent annotation " + Ownership.INTENT + " was removed; the policy's intent is read from"
                      + " another config cluster")
                  : Optional.empty())
              .map(r -> "edited out of band; " + r).orElse("edited out of band");
          drifts.add(drift.kind(ObjectDrift.Kind.MODIFIED).live(current).diff(diff).reason(reason).build());
        }
      }
    }
    for (MeshResource object : live) {
      if (accounted.contains(object.ref()) || Ownership.meshOwned(object)) {
        continue;
      }
      Optional<PolicyRef> policy = policyOf(object);
      String reason = null;
      if (policy.isPresent() && intents.conflicting.containsKey(policy.get())) {
        reason = "the objects of " + policy.get() + " carry different intents (hashes "
            + String.join(", ", intents.conflicting.get(policy.get()))
            + "), so which one is meant cannot be told; apply the policy again";
      } else if (intents.unreadable.containsKey(object)) {
        reason = intents.unreadable.get(object) + ", and no other object of its policy carries a usable intent;"
            + " apply the policy again";
      } else if (policy.isEmpty() || !trusted.containsKey(policy.get())) {
        reason = "its policy's intent is carried by another of its objects, and no other object of its policy carries"
            + " a usable intent on any config cluster: the one that did was deleted, or its intent annotation removed"
            + " or edited; apply the policy again";
      }
      if (reason != null) {
        drifts.add(ObjectDrift.builder().ref(object.ref()).policy(policy).kind(ObjectDrift.Kind.UNRECOVERABLE)
            .live(object).reason(reason).build());
      } else {
        drifts.add(ObjectDrift.builder().ref(object.ref()).policy(policy).kind(ObjectDrift.Kind.UNEXPECTED)
            .live(object).reason("carries the intent of its policy, which no longer produces it").build());
      }
    }
    drifts.sort(Comparator.comparing(ObjectDrift::ref));
    List<PolicyRef> checked = desired.keySet().stream().sorted().collect(Collectors.toList());
    return ClusterDrift.of(cluster, checked, drifts);
  }

  /**
   * Whether an object carries, vouched for by its hash, the intent of the policy in force, though
   * perhaps written in an earlier form of the canonical JSON: not drift.
   */
  private static boolean sameIntent(MeshResource object, Policy policy) {
    String text = object.annotations().get(Ownership.INTENT);
    if (policy == null || text == null || !Json.hash(text).equals(object.annotations().get(Ownership.INTENT_HASH))) {
      return false;
    }
    try {
      return Json.policy(text).equals(policy);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<DiffEntry> withoutIntent(List<DiffEntry> diff) {
    return diff.stream().filter(e -> !e.path().equals(INTENT_PATH) && !e.path().equals(INTENT_HASH_PATH))
        .collect(Collectors.toList());
  }

  /** The policy an object says it belongs to, if its labels (or its intent's kind) tell. */
  private static Optional<PolicyRef> policyOf(MeshResource object) {
    return Ownership.owner(object);
  }
}
