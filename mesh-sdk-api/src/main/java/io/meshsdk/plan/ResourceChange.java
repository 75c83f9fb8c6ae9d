package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a plan does to one object on one cluster, with the live and wanted forms and the
 * difference between them.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableResourceChange.class)
@JsonDeserialize(as = ImmutableResourceChange.class)
public abstract class ResourceChange {

  ResourceChange() {}

  /**
   * Starts a change.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster the object lives on.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The object.
   *
   * @return its identity
   */
  public abstract ResourceRef ref();

  /**
   * What happens to it.
   *
   * @return the action
   */
  public abstract ChangeAction action();

  /**
   * The object as it is on the cluster when the plan was made; its resource version pins the
   * plan, which goes stale if the object changes before it is applied.
   *
   * @return the live object; absent for {@link ChangeAction#CREATE}
   */
  public abstract Optional<MeshResource> live();

  /**
   * The object as it will be written.
   *
   * @return the wanted object; absent for {@link ChangeAction#DELETE}
   */
  public abstract Optional<MeshResource> desired();

  /**
   * The differences from live to wanted, in path order. Empty for {@link ChangeAction#UNCHANGED}.
   *
   * @return the differences
   */
  public abstract List<DiffEntry> diff();

  /**
   * The policy that causes this change: the owner the SDK's labels name on the wanted object (or,
   * for a deletion, on the live one) in the object's namespace.
   *
   * @return the policy's kind, namespace and name; empty for objects the mesh itself owns, such
   *     as membership wiring
   * @since 0.2.0
   */
  public final Optional<PolicyRef> policy() {
    MeshResource object = desired().or(this::live).orElse(null);
    if (object == null || object.namespace().isEmpty()) {
      return Optional.empty();
    }
    String name = object.labels().get(POLICY_LABEL);
    if (name == null) {
      return Optional.empty();
    }
    String kind = object.labels().get(POLICY_KIND_LABEL);
    if (kind == null) {
      kind = intentKind(object.annotations().get(INTENT_ANNOTATION));
    }
    return kind == null ? Optional.empty() : Optional.of(PolicyRef.of(kind, object.namespace().get(), name));
  }

  /**
   * The resource version of the live object this change was planned against; applying the change
   * fails with {@link io.meshsdk.ErrorCode#STALE_PLAN} if the object moved past it.
   *
   * @return the version read; empty for {@link ChangeAction#CREATE}
   * @since 0.2.0
   */
  public final Optional<String> resourceVersion() {
    return live().flatMap(MeshResource::resourceVersion);
  }

  private static String intentKind(String intent) {
    if (intent == null) {
      return null;
    }
    try {
      return io.meshsdk.internal.ApiJson.MAPPER.readTree(intent).path("kind").textValue();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static final String POLICY_LABEL = "mesh.meshsdk.io/policy";
  private static final String POLICY_KIND_LABEL = "mesh.meshsdk.io/policy-kind";
  private static final String INTENT_ANNOTATION = io.meshsdk.internal.IntentSize.INTENT_ANNOTATION;

  /** Builds a {@link ResourceChange}. */
  public static final class Builder extends ImmutableResourceChange.Builder {
    Builder() {}
  }
}
