package io.meshsdk.event;


import org.immutables.value.Value;

/**
 * A drift check found objects edited or deleted out of band.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class DriftFound extends MeshEvent {

  DriftFound() {}

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
   * The report, with at least one drifted object.
   *
   * @return the report
   */
  public abstract io.meshsdk.plan.DriftReport report();

  /** Builds a {@link DriftFound}. */
  public static final class Builder extends ImmutableDriftFound.Builder {
    Builder() {}
  }
}
