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
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out-of-band changes: reads the intents back from the SDK's objects on every config
 * cluster, translates them again and compares the result with the live objects.
 *
 * <p>An intent is trusted only when its annotation still matches its hash annotation; an object
 * whose intent is missing or edited is matched to its policy through the intent of another of the
 * policy's objects, on any config cluster. When the objects of one policy carry different intents
 * (a partly failed apply, or an edit), none of them is trusted: which one is meant cannot be told.
 * An intent that cannot be read at all is that object's drift only; every other object is judged
 * as usual.
 *
 * <p>Objects the mesh owns rather than a policy (what membership wiring writes, such as the
 * east-west gateway) are judged against what the wiring wants, never as drift of a policy.
 */
final class DriftDetector {
  private static final Logger LOG = LoggerFactory.getLogger(DriftDetector.class);

  private final Engine engine;
  private final Planner planner;

  DriftDetector(Engine engine, Planner planner) {
    this.engine = engine;
    this.planner = planner;
  }

  /** The policies in force whose intent every object of theirs agrees on, read from the live objects. */
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
    Map<PolicyRef, Set<String>> hashes = new HashMap<>();
    for (String cluster : planner.clusters(spec)) {
      List<MeshResource> live = planner.readLive(engine.connection(cluster), mesh, null);
      intents.live.put(cluster, live);
      for (MeshResource object : live) {
        if (Ownership.meshOwned(object)) {
          continue; // judged against what membership wiring wants
        }
        String text = object.annotations().get(Ownership.INTENT);
        String hash = object.annotations().get(Ownership.INTENT_HASH);
        if (text == null) {
          intents.unreadable.put(object, "its intent annotation " + Ownership.INTENT + " was removed");
        } else if (!Json.hash(text).equals(hash)) {
          intents.unreadable.put(object, "its intent annotation no longer matches its hash; it was edited");
        } else {
          try {
            Policy policy = Json.policy(text);
            hashes.computeIfAbsent(policy.ref(), r -> new TreeSet<>()).add(hash);
            intents.trusted.putIfAbsent(policy.ref(), policy);
          } catch (RuntimeException e) {
            intents.unreadable.put(object, "its intent annotation " + Ownership.INTENT + " cannot be read ("
                + e.getMessage() + ")");
          }
        }
      }
    }
    hashes.forEach((ref, seen) -> {
      if (seen.size() > 1) {
        intents.trusted.remove(ref);
        intents.conflicting.put(ref, seen);
      }
    });
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
        List<DiffEntry> diff = JsonDiff.diff(current, expected);
        if (!diff.isEmpty()) {
          String reason = Optional.ofNullable(intents.unreadable.get(current))
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

  /** The policy an object says it belongs to, if its labels (or its intent's kind) tell. */
  private static Optional<PolicyRef> policyOf(MeshResource object) {
    return Ownership.owner(object);
  }
}
