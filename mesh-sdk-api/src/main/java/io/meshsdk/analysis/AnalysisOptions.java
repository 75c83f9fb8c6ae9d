package io.meshsdk.analysis;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/**
 * How an analysis filters its findings.
 *
 * <pre>{@code
 * AnalysisReport report = prod.analyze(AnalysisOptions.builder()
 *     .addSuppression(Suppression.of("IST0102"))                       // no injection warnings
 *     .addSuppression(Suppression.of("MSH*", "VirtualService legacy/*"))
 *     .minimumSeverity(Severity.WARNING)
 *     .build());
 * }</pre>
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableAnalysisOptions.class)
@JsonDeserialize(as = ImmutableAnalysisOptions.class)
public abstract class AnalysisOptions {

  private static final AnalysisOptions DEFAULTS = builder().build();

  AnalysisOptions() {}

  /**
   * Starts options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: every finding, suppressed only by the annotations of the objects.
   *
   * @return the default options
   */
  public static AnalysisOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Findings to hide, by code and object. Hidden findings are counted in {@link
   * AnalysisReport#suppressed()}, and never block applying a plan.
   *
   * @return the suppressions, none unless set
   */
  public abstract List<Suppression> suppressions();

  /**
   * The least serious findings reported. Raise it to {@link Severity#WARNING} to leave out
   * informational findings; findings below it are not counted as suppressed.
   *
   * @return {@link Severity#INFO} unless set
   */
  @Value.Default
  public Severity minimumSeverity() {
    return Severity.INFO;
  }

  /**
   * Whether the annotations {@value Suppression#ANNOTATION} and {@value
   * Suppression#ISTIO_ANNOTATION} on an object hide findings about it. Turn it off to audit what
   * the owners of objects chose to hide.
   *
   * @return {@code true} unless set
   */
  @Value.Default
  public boolean honourAnnotations() {
    return true;
  }

  /** Builds {@link AnalysisOptions}. */
  public static final class Builder extends ImmutableAnalysisOptions.Builder {
    Builder() {}
  }
}
