package io.meshsdk.event;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * Every object of a plan on one cluster was handled.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ClusterApplied extends MeshEvent {

  ClusterApplied() {}

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
   * The cluster's result.
   *
   * @return the result
   */
  public abstract io.meshsdk.plan.ClusterApplyResult result();

  /**
   * How long the cluster took, by the manager's clock.
   *
   * @return the duration
   */
  public abstract Duration duration();

  /** Builds a {@link ClusterApplied}. */
  public static final class Builder extends ImmutableClusterApplied.Builder {
    Builder() {}
  }
}
