package io.meshsdk.core.internal;

import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The intents that policies left on their objects, read back and told apart.
 *
 * <p>Each policy writes its intent (its canonical JSON and the hash of it) on one object per
 * config cluster, the one applied last; its other objects carry only the ownership labels, so
 * that they are rewritten only when what they say changes. Objects written before 0.2.0 carry
 * the intent on every object of the policy. An intent is used only while its hash annotation
 * still vouches for it.
 *
 * <p>When the intents of one policy disagree, the ones on objects that their own intent places
 * the intent on win: the others are what an earlier format left on an object that no longer
 * carries it (and that is rewritten without it on the next apply). If those still disagree (a
 * partly failed apply across config clusters, or an edit), which one is meant cannot be told.
 */
final class StoredIntents {
  /** An intent read from an object, vouched for by its hash. */
  static final class Found {
    final MeshResource object;
    final String text;
    final String hash;
    final Policy policy;

    Found(MeshResource object, String text, String hash, Policy policy) {
      this.object = object;
      this.text = text;
      this.hash = hash;
      this.policy = policy;
    }
  }

  /** The policies whose intent can be told, by policy. */
  final TreeMap<PolicyRef, Found> trusted = new TreeMap<>();
  /** The policies whose objects carry intents that disagree, with the hashes seen. */
  final Map<PolicyRef, Set<String>> conflicting = new HashMap<>();
  /** Every intent of a conflicting policy, in the order read. */
  final Map<PolicyRef, List<Found>> disagreeing = new LinkedHashMap<>();
  /** Why an object's own intent annotation cannot be used, by object. */
  final Map<MeshResource, String> unreadable = new HashMap<>();

  private StoredIntents() {}

  /**
   * Reads the intents of objects, such as every SDK object of a mesh on its config clusters.
   *
   * @param objects the objects; those the mesh owns are skipped
   * @param carrierOf the object that a policy's intent is written on, asked only when intents disagree
   * @return what the objects say
   */
  static StoredIntents read(Iterable<MeshResource> objects, Function<Policy, Optional<ResourceRef>> carrierOf) {
    StoredIntents intents = new StoredIntents();
    Map<PolicyRef, List<Found>> byPolicy = new LinkedHashMap<>();
    for (MeshResource object : objects) {
      if (Ownership.meshOwned(object)) {
        continue;
      }
      intents.readOne(object).ifPresent(f -> byPolicy.computeIfAbsent(f.policy.ref(), r -> new ArrayList<>()).add(f));
    }
    byPolicy.forEach((ref, found) -> {
      Set<String> hashes = found.stream().map(f -> f.hash).collect(Collectors.toCollection(TreeSet::new));
      if (hashes.size() == 1) {
        intents.trusted.put(ref, found.get(0));
        return;
      }
      List<Found> carried = found.stream()
          .filter(f -> carrierOf.apply(f.policy).filter(f.object.ref()::equals).isPresent())
          .collect(Collectors.toList());
      if (!carried.isEmpty() && carried.stream().map(f -> f.hash).distinct().count() == 1) {
        intents.trusted.put(ref, carried.get(0));
      } else {
        intents.conflicting.put(ref, hashes);
        intents.disagreeing.put(ref, found);
      }
    });
    return intents;
  }

  /** The object's own intent; records why it cannot be used when it carries one that cannot. */
  private Optional<Found> readOne(MeshResource object) {
    String text = object.annotations().get(Ownership.INTENT);
    if (text == null) {
      return Optional.empty(); // another object of its policy carries the intent, or it was removed
    }
    String hash = object.annotations().get(Ownership.INTENT_HASH);
    if (!Json.hash(text).equals(hash)) {
      unreadable.put(object, "its intent annotation no longer matches its hash; it was edited");
      return Optional.empty();
    }
    try {
      return Optional.of(new Found(object, text, hash, Json.policy(text)));
    } catch (RuntimeException e) {
      unreadable.put(object, "its intent annotation " + Ownership.INTENT + " cannot be read (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /**
   * The policies to list: those whose intent can be told and, of those whose objects disagree,
   * the intent read first.
   *
   * @return the policies by reference
   */
  TreeMap<PolicyRef, Policy> listed() {
    TreeMap<PolicyRef, Policy> out = new TreeMap<>();
    trusted.forEach((ref, found) -> out.put(ref, found.policy));
    disagreeing.forEach((ref, found) -> out.put(ref, found.get(0).policy));
    return out;
  }
}
