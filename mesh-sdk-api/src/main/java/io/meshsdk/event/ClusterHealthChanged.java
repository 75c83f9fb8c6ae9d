package io.meshsdk.event;

import io.meshsdk.cluster.ClusterHealth;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A health probe of a cluster found another status than the probe before it, or probed the cluster for the first time.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ClusterHealthChanged extends MeshEvent {

  ClusterHealthChanged() {}

  /**
   * Starts an event.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The status the previous probe found.
   *
   * @return the status, or empty for the first probe of the cluster by this manager
   */
  public abstract Optional<ClusterHealth.Status> previous();

  /**
   * What the probe found.
   *
   * @return the health
   */
  public abstract ClusterHealth health();

  /** Builds a {@link ClusterHealthChanged}. */
  public static final class Builder extends ImmutableClusterHealthChanged.Builder {
    Builder() {}
  }
}
