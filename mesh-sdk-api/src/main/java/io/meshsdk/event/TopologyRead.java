package io.meshsdk.event;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * The topology of a mesh was read.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class TopologyRead extends MeshEvent {

  TopologyRead() {}

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
   * How many nodes the graph has.
   *
   * @return the count
   */
  public abstract int nodes();

  /**
   * How many edges the graph has.
   *
   * @return the count
   */
  public abstract int edges();

  /**
   * How many telemetry queries the read issued.
   *
   * @return the count
   */
  public abstract int queries();

  /**
   * Whether part of the telemetry or configuration could not be read.
   *
   * @return {@code true} for a partial graph
   */
  public abstract boolean partial();

  /**
   * How long the read took, by the manager's clock.
   *
   * @return the duration
   */
  public abstract Duration duration();

  /** Builds a {@link TopologyRead}. */
  public static final class Builder extends ImmutableTopologyRead.Builder {
    Builder() {}
  }
}
