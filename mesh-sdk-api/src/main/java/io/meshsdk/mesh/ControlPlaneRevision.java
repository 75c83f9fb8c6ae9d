package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One revision of a mesh's control plane on one cluster, as the operator reports it.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableControlPlaneRevision.class)
@JsonDeserialize(as = ImmutableControlPlaneRevision.class)
public abstract class ControlPlaneRevision {

  ControlPlaneRevision() {}

  /**
   * Starts a value.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The revision's name, which sidecars and namespace labels refer to.
   *
   * @return for example {@code prod-v1-29-3}
   */
  public abstract String name();

  /**
   * The Istio version it runs.
   *
   * @return for example {@code 1.29.3}; empty when the resource does not say
   */
  public abstract Optional<String> version();

  /**
   * Whether the operator reports it ready.
   *
   * @return {@code true} when its {@code Ready} condition holds
   */
  public abstract boolean ready();

  /**
   * Whether the operator reports workloads using it, on the cluster it runs on.
   *
   * @return {@code true} when its {@code InUse} condition holds
   */
  public abstract boolean inUse();

  /**
   * The revision tags pointing at it.
   *
   * @return for example {@code [stable]}
   */
  public abstract List<String> tags();

  /**
   * The conditions the operator set on it.
   *
   * @return the conditions, in the operator's order
   */
  public abstract List<ControlPlaneCondition> conditions();

  /** Builds a {@link ControlPlaneRevision}. */
  public static final class Builder extends ImmutableControlPlaneRevision.Builder {
    Builder() {}
  }
}
