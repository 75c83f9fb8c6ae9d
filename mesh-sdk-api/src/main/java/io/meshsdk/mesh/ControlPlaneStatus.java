package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The state of a mesh's control plane on one cluster, from the status the operator sets on its
 * resources: whether it is ready, its revisions with their versions and readiness, and where a
 * canary upgrade stands.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableControlPlaneStatus.class)
@JsonDeserialize(as = ImmutableControlPlaneStatus.class)
public abstract class ControlPlaneStatus {

  ControlPlaneStatus() {}

  /**
   * Starts a value.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mesh.
   *
   * @return its name
   */
  public abstract String mesh();

  /**
   * The cluster this status was read from.
   *
   * @return its name
   */
  public abstract String cluster();

  /**
   * Whether the control-plane resource exists on the cluster.
   *
   * @return {@code false} before the install plan was applied
   */
  public abstract boolean installed();

  /**
   * Whether the control plane and every revision the mesh wants are ready.
   *
   * @return {@code true} when the operator reports them ready
   */
  public abstract boolean ready();

  /**
   * The version of the stable revision, as the mesh's record holds it.
   *
   * @return for example {@code 1.29.3}
   */
  public abstract String version();

  /**
   * The version being tried as a canary.
   *
   * @return the canary's version; empty when no upgrade is under way
   */
  public abstract Optional<String> canaryVersion();

  /**
   * The revision the operator reports active (the newest one).
   *
   * @return its name; empty before the operator reported it
   */
  public abstract Optional<String> activeRevision();

  /**
   * The revisions found on the cluster.
   *
   * @return the revisions, ordered by name
   */
  public abstract List<ControlPlaneRevision> revisions();

  /**
   * The conditions the operator set on the control-plane resource.
   *
   * @return the conditions, in the operator's order
   */
  public abstract List<ControlPlaneCondition> conditions();

  /** Builds a {@link ControlPlaneStatus}. */
  public static final class Builder extends ImmutableControlPlaneStatus.Builder {
    Builder() {}
  }
}
