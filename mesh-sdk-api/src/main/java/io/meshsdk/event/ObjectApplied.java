package io.meshsdk.event;


import org.immutables.value.Value;

/**
 * One object of a plan was handled on its cluster: written, failed after its attempts, skipped, or found unchanged.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ObjectApplied extends MeshEvent {

  ObjectApplied() {}

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
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * What happened to the object, with the attempts made.
   *
   * @return the outcome
   */
  public abstract io.meshsdk.plan.ObjectOutcome outcome();

  /** Builds a {@link ObjectApplied}. */
  public static final class Builder extends ImmutableObjectApplied.Builder {
    Builder() {}
  }
}
