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
 * How one SDK-owned object on a config cluster differs from what its policy says it should be.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableObjectDrift.class)
@JsonDeserialize(as = ImmutableObjectDrift.class)
public abstract class ObjectDrift {

  /** What happened to the object out of band. */
  public enum Kind {
    /** It was edited: {@link #diff()} says how. Reconciling writes it back. */
    MODIFIED,
    /** It was deleted while its policy is still in force. Reconciling creates it again. */
    DELETED,
    /**
     * It carries a policy's labels and intent, but the policy no longer produces it, for example
     * after a backend upgrade changed the translation. Reconciling deletes it.
     */
    UNEXPECTED,
    /**
     * It is the SDK's, but the intent it came from cannot be read back: its intent annotation was
     * removed or edited and no other object of the policy carries a valid one, or the objects of
     * the policy carry different intents. Reconciling leaves it alone; apply the policy again.
     */
    UNRECOVERABLE
  }

  ObjectDrift() {}

  /**
   * Starts a drift entry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The object.
   *
   * @return its identity
   */
  public abstract ResourceRef ref();

  /**
   * The policy the object belongs to.
   *
   * @return the policy; absent for an object the mesh itself owns (what membership wiring
   *     writes, such as an east-west gateway, judged against what the wiring wants), and when it
   *     cannot be told, for an {@link Kind#UNRECOVERABLE} object
   */
  public abstract Optional<PolicyRef> policy();

  /**
   * What happened to the object.
   *
   * @return the kind of drift
   */
  public abstract Kind kind();

  /**
   * The object as it is on the cluster.
   *
   * @return the live object; absent for {@link Kind#DELETED}
   */
  public abstract Optional<MeshResource> live();

  /**
   * The object as its policy says it should be.
   *
   * @return the expected object; absent for {@link Kind#UNEXPECTED} and {@link
   *     Kind#UNRECOVERABLE}
   */
  public abstract Optional<MeshResource> expected();

  /**
   * The differences from the live object to the expected one, for {@link Kind#MODIFIED}.
   *
   * @return the differences in path order; empty for the other kinds
   */
  public abstract List<DiffEntry> diff();

  /**
   * The drift, for humans.
   *
   * @return for example {@code edited out of band} or why the intent cannot be read back
   */
  public abstract String reason();

  /**
   * Whether reconciling puts the object back as its policy says.
   *
   * @return {@code false} for {@link Kind#UNRECOVERABLE}
   */
  public final boolean recoverable() {
    return kind() != Kind.UNRECOVERABLE;
  }

  /** Builds an {@link ObjectDrift}. */
  public static final class Builder extends ImmutableObjectDrift.Builder {
    Builder() {}
  }
}
