package io.meshsdk.core.internal;

import io.meshsdk.policy.Policy;
import io.meshsdk.resource.MeshResource;
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
  /** The canonical JSON of the intent that produced an object. */
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
   * Marks an object as produced by a policy of a mesh.
   *
   * @param resource the translated object
   * @param mesh the mesh's name
   * @param policy the policy
   * @param intent the policy's canonical JSON
   * @return the marked object
   */
  public static MeshResource stamp(MeshResource resource, String mesh, Policy policy, String intent) {
    return resource
        .withLabel(MANAGED_BY, MANAGER)
        .withLabel(MESH, mesh)
        .withLabel(POLICY, policy.name())
        .withAnnotation(INTENT, intent)
        .withAnnotation(INTENT_HASH, Json.hash(intent));
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
   * The intent stored on an object.
   *
   * @param resource the object
   * @return the policy, if the object carries a readable intent
   */
  public static Optional<Policy> intent(MeshResource resource) {
    return Optional.ofNullable(resource.annotations().get(INTENT)).map(Json::policy);
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
