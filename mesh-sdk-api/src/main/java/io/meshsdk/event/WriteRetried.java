package io.meshsdk.event;


import org.immutables.value.Value;

/**
 * A write failed transiently and is about to be tried again.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class WriteRetried extends MeshEvent {

  WriteRetried() {}

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
   * The object.
   *
   * @return its identity
   */
  public abstract io.meshsdk.resource.ResourceRef ref();

  /**
   * The attempt that failed, counting from 1.
   *
   * @return the attempt
   */
  public abstract int attempt();

  /**
   * Why the attempt failed; {@link io.meshsdk.ErrorCode#CONFLICT} and {@link
   * io.meshsdk.ErrorCode#STALE_PLAN} are conflicts, the others transient errors.
   *
   * @return the code
   */
  public abstract io.meshsdk.ErrorCode errorCode();

  /** Builds a {@link WriteRetried}. */
  public static final class Builder extends ImmutableWriteRetried.Builder {
    Builder() {}
  }
}
