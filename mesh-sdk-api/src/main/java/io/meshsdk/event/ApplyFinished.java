package io.meshsdk.event;

import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Applying a plan finished on every cluster.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ApplyFinished extends MeshEvent {

  ApplyFinished() {}

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
   * The result per cluster and object.
   *
   * @return the result
   */
  public abstract io.meshsdk.plan.ApplyResult result();

  /**
   * How long the apply took, by the manager's clock.
   *
   * @return the duration
   */
  public abstract Duration duration();

  /**
   * Whether the apply was cancelled; the objects not attempted then are {@link
   * io.meshsdk.plan.ObjectOutcome.Status#SKIPPED}.
   *
   * @return {@code true} if cancelled
   */
  @Value.Default
  public boolean cancelled() {
    return false;
  }

  /** Builds a {@link ApplyFinished}. */
  public static final class Builder extends ImmutableApplyFinished.Builder {
    Builder() {}
  }
}
