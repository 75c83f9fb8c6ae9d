package io.meshsdk.event;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A mesh, or a plan of it, was analyzed: by {@code mesh.analyze()}, {@code plan.analyze()} or
 * the analysis that precedes applying a plan. Nothing was written.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class AnalysisCompleted extends MeshEvent {

  AnalysisCompleted() {}

  /**
   * Starts an event.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Why the analysis ran. */
  public enum Purpose {
    /** {@code mesh.analyze()}: the live state. */
    LIVE,
    /** {@code plan.analyze()}: the live state with a plan applied. */
    PLAN,
    /** The analysis that precedes applying a plan. */
    PREFLIGHT
  }

  /**
   * The mesh.
   *
   * @return the mesh's name
   */
  public abstract String mesh();

  /**
   * Why the analysis ran.
   *
   * @return the purpose
   */
  public abstract Purpose purpose();

  /**
   * The plan analyzed, as {@link io.meshsdk.plan.Plan#hash()} gives it.
   *
   * @return the hash; empty for the live state
   */
  public abstract Optional<String> planHash();

  /**
   * Who asked, as passed to {@link io.meshsdk.MeshManager#as(String)}.
   *
   * @return the principal, or empty for the manager itself
   */
  public abstract Optional<String> principal();

  /**
   * How many findings of severity ERROR were reported (not suppressed).
   *
   * @return the count
   */
  public abstract int errors();

  /**
   * How many findings of severity WARNING were reported.
   *
   * @return the count
   */
  public abstract int warnings();

  /**
   * How many findings of severity INFO were reported.
   *
   * @return the count
   */
  public abstract int infos();

  /**
   * How many findings suppressions hid.
   *
   * @return the count
   */
  public abstract int suppressed();

  /**
   * For a plan: how many errors about configuration it would introduce (its {@linkplain
   * io.meshsdk.analysis.AnalysisReport#blockingErrors() blocking errors}). A preflight with any
   * refused the plan.
   *
   * @return the count; zero for the live state
   */
  public abstract int introducedErrors();

  /**
   * The clusters that could not be read.
   *
   * @return their names; empty when the analysis is complete
   */
  public abstract List<String> unreadable();

  /**
   * How long reading the clusters and analyzing took, by the manager's clock.
   *
   * @return the duration; zero when the clock did not move
   */
  @Value.Default
  public Duration duration() {
    return Duration.ZERO;
  }

  /** Builds an {@link AnalysisCompleted}. */
  public static final class Builder extends ImmutableAnalysisCompleted.Builder {
    Builder() {}
  }
}
