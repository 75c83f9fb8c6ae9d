package io.meshsdk.event;


import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Applying a plan starts.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ApplyStarted extends MeshEvent {

  ApplyStarted() {}

  /**
   * Starts an event.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mesh.
   *
   * @return the mesh's name
   */
  public abstract String mesh();

  /**
   * What the plan is for.
   *
   * @return {@link MeshOperation#APPLY}, {@link MeshOperation#DELETE}, {@link
   *     MeshOperation#RECONCILE} or {@link MeshOperation#DELETE_MESH}
   */
  public abstract MeshOperation operation();

  /**
   * The plan's content hash, as {@link io.meshsdk.plan.Plan#hash()} gives it.
   *
   * @return the hash
   */
  public abstract String planHash();

  /**
   * Who asked, as passed to {@link io.meshsdk.MeshManager#as(String)}.
   *
   * @return the principal, or empty for the manager itself
   */
  public abstract Optional<String> principal();

  /**
   * The clusters the plan writes to, in order.
   *
   * @return the clusters' names
   */
  public abstract List<String> clusters();

  /**
   * How many objects are to be written (every change but the unchanged ones).
   *
   * @return the count
   */
  public abstract int writes();

  /** Builds a {@link ApplyStarted}. */
  public static final class Builder extends ImmutableApplyStarted.Builder {
    Builder() {}
  }
}
