package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MembershipWiring;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and annotations that mark an object as the SDK's: only objects carrying them are
 * ever updated or deleted.
 */
public final class Ownership {
  /** Standard Kubernetes label naming the tool that manages an object. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** The value of {@link #MANAGED_BY} on every SDK object. */
  public static final String MANAGER = "mesh-sdk";
  /** The mesh an object belongs to. */
  public static final String MESH = "mesh.meshsdk.io/mesh";
  /** The name of the policy that produced an object. */
  public static final String POLICY = "mesh.meshsdk.io/policy";
  /**
   * The kind of the policy that produced an object: with {@link #POLICY} and the object's
   * namespace it names the one policy that owns the object. Objects written before this label
   * existed are recognised by the kind of their intent.
   */
  public static final String POLICY_KIND = "mesh.meshsdk.io/policy-kind";
  /**
   * Marks an object that the mesh itself owns rather than a policy: what membership wiring or
   * lifecycle writes. Its value names the part of the SDK that wrote it, for example {@code
   * membership}.
   */
  public static final String COMPONENT = MembershipWiring.COMPONENT_LABEL;
  /**
   * The canonical JSON of the intent that produced an object. Written on one object of each
   * policy per config cluster, the one applied last; objects written before 0.2.0 carry it on
   * every object of the policy, and are still read.
   */
  public static final String INTENT = "mesh.meshsdk.io/intent";
  /** The hash of {@link #INTENT}. */
  public static final String INTENT_HASH = "mesh.meshsdk.io/intent-hash";

  private Ownership() {}

  /**
   * The selector of every SDK object of a mesh.
   *
   * @param mesh the mesh's name
   * @return labels to list by
   */
  public static Map<String, String> selector(String mesh) {
    return Map.of(MANAGED_BY, MANAGER, MESH, mesh);
  }

  /**
   * Marks the object of a policy that carries its intent: the ownership labels, the policy's
   * canonical JSON and its hash. One object of each policy carries the intent on each config
   * cluster; see {@link #stampOwner} for the others.
   *
   * @param resource the translated object
   * @param mesh the mesh's name
   * @param policy the policy
   * @param intent the policy's canonical JSON
   * @return the marked object
   */
  public static MeshResource stamp(MeshResource resource, String mesh, Policy policy, String intent) {
    return stamp(resource, mesh, policy, intent, Json.hash(intent));
  }

  /**
   * {@link #stamp(MeshResource, String, Policy, String)} with the intent's hash already computed.
   *
   * @param resource the translated object
   * @param mesh the mesh's name
   * @param policy the policy
   * @param intent the policy's canonical JSON
   * @param hash {@code Json.hash(intent)}
   * @return the marked object
   */
  static MeshResource stamp(MeshResource resource, String mesh, Policy policy, String intent, String hash) {
    ObjectNode content = labelled(resource, mesh, policy);
    ObjectNode annotations = content.withObjectProperty("metadata").withObjectProperty("annotations");
    annotations.put(INTENT, intent);
    annotations.put(INTENT_HASH, hash);
    return MeshResource.of(content);
  }

  /**
   * Marks an object of a policy whose intent another object of the policy carries: the ownership
   * labels only, so that the object changes only when what it says changes.
   *
   * @param resource the translated object
   * @param mesh the mesh's name
   * @param policy the policy
   * @return the marked object
   */
  public static MeshResource stampOwner(MeshResource resource, String mesh, Policy policy) {
    return MeshResource.of(labelled(resource, mesh, policy));
  }

  private static ObjectNode labelled(MeshResource resource, String mesh, Policy policy) {
    ObjectNode content = resource.content();
    ObjectNode labels = content.withObjectProperty("metadata").withObjectProperty("labels");
    labels.put(MANAGED_BY, MANAGER);
    labels.put(MESH, mesh);
    labels.put(POLICY, policy.name());
    labels.put(POLICY_KIND, policy.kind());
    return content;
  }

  /**
   * Whether an object is the SDK's for a mesh.
   *
   * @param resource the object
   * @param mesh the mesh's name
   * @return {@code true} when both ownership labels match
   */
  public static boolean ownedBy(MeshResource resource, String mesh) {
    return MANAGER.equals(resource.labels().get(MANAGED_BY)) && mesh.equals(resource.labels().get(MESH));
  }

  /**
   * The intent stored on an object. An intent that cannot be read (not JSON, or not a valid
   * policy) is treated as absent: it is that object's drift, and must not stop work on others.
   *
   * @param resource the object
   * @return the policy, if the object carries a readable intent
   */
  public static Optional<Policy> intent(MeshResource resource) {
    String text = resource.annotations().get(INTENT);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.policy(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The policy that owns an object: its policy label, its policy-kind label (or, on objects
   * written before that label, the kind of its intent) and its namespace.
   *
   * @param resource the object
   * @return the owning policy; empty for objects the mesh owns, or whose kind cannot be told
   */
  public static Optional<PolicyRef> owner(MeshResource resource) {
    String name = resource.labels().get(POLICY);
    if (name == null || resource.namespace().isEmpty()) {
      return Optional.empty();
    }
    Optional<String> kind = Optional.ofNullable(resource.labels().get(POLICY_KIND)).or(() -> intentKind(resource));
    return kind.map(k -> PolicyRef.of(k, resource.namespace().get(), name));
  }

  /**
   * Whether the mesh itself owns an object, rather than a policy: membership wiring and
   * lifecycle objects. They carry {@link #COMPONENT}; those written before that label are told by
   * carrying neither a policy label nor an intent.
   *
   * @param resource the object, one of the SDK's
   * @return {@code true} for an object of the mesh
   */
  public static boolean meshOwned(MeshResource resource) {
    if (resource.labels().containsKey(POLICY)) {
      return false;
    }
    return resource.labels().containsKey(COMPONENT) || !resource.annotations().containsKey(INTENT);
  }

  /**
   * Marks an object that the mesh owns, such as one membership wiring wants.
   *
   * @param resource the object
   * @param mesh the mesh's name
   * @return the object with the mesh's ownership labels
   */
  public static MeshResource stampMesh(MeshResource resource, String mesh) {
    return resource.withLabel(MANAGED_BY, MANAGER).withLabel(MESH, mesh);
  }

  /**
   * The object's owner, for messages: the policy by kind, namespace and name, or the part of the
   * mesh that wrote it.
   *
   * @param resource the object
   * @return for example {@code TrafficPolicy shop/orders}
   */
  public static String describeOwner(MeshResource resource) {
    Optional<PolicyRef> owner = owner(resource);
    if (owner.isPresent()) {
      return owner.get().toString();
    }
    if (resource.labels().containsKey(POLICY)) {
      return "policy " + resource.labels().get(POLICY) + " (of a kind that cannot be told)";
    }
    return "the mesh's " + resource.labels().getOrDefault(COMPONENT, "own wiring");
  }

  /**
   * The kind of the intent stored on an object, read without validating the whole intent.
   *
   * @param resource the object
   * @return the policy kind, if present
   */
  public static Optional<String> intentKind(MeshResource resource) {
    String intent = resource.annotations().get(INTENT);
    if (intent == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(Json.MAPPER.readTree(intent).path("kind").textValue());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
