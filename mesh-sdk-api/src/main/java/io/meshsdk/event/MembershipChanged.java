package io.meshsdk.event;


import java.util.Optional;
import org.immutables.value.Value;

/**
 * A cluster joined or left a mesh.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class MembershipChanged extends MeshEvent {

  MembershipChanged() {}

  /**
   * Starts an event.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The direction of the change. */
  public enum Change {
    /** The cluster joined the mesh. */
    JOINED,
    /** The cluster left the mesh. */
    LEFT
  }

  /**
   * The mesh.
   *
   * @return the mesh's name
   */
  public abstract String mesh();

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * Whether the cluster joined or left.
   *
   * @return the change
   */
  public abstract Change change();

  /**
   * Who asked, as passed to {@link io.meshsdk.MeshManager#as(String)}.
   *
   * @return the principal, or empty for the manager itself
   */
  public abstract Optional<String> principal();

  /** Builds a {@link MembershipChanged}. */
  public static final class Builder extends ImmutableMembershipChanged.Builder {
    Builder() {}
  }
}
