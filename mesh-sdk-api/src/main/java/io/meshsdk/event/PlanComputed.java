package io.meshsdk.event;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A plan was computed. Nothing was written.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class PlanComputed extends MeshEvent {

  PlanComputed() {}

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
   * The clusters the plan reads or writes.
   *
   * @return the clusters' names, in order
   */
  public abstract List<String> clusters();

  /**
   * How many changes the plan holds, per action.
   *
   * @return for every action of the plan, its count; actions without changes are absent
   */
  public abstract Map<io.meshsdk.plan.ChangeAction, Integer> actions();

  /**
   * How long computing the plan took (reading the clusters and comparing), by the manager's
   * clock.
   *
   * @return the duration; zero when the clock did not move
   */
  @Value.Default
  public Duration duration() {
    return Duration.ZERO;
  }

  /** Builds a {@link PlanComputed}. */
  public static final class Builder extends ImmutablePlanComputed.Builder {
    Builder() {}
  }
}
