package io.meshsdk.plan;

/**
 * Whether applying a plan first analyzes it. The analysis runs the backend's analyzers over the
 * live objects of the mesh's clusters with the plan's changes applied, and compares the findings
 * with those of the live state as it is.
 *
 * <pre>{@code
 * try {
 *   plan.apply();
 * } catch (AnalysisRejectedException e) {
 *   e.findings().forEach(System.out::println);            // decide, then perhaps:
 *   plan.apply(ApplyMode.STANDARD, Preflight.SKIP);
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public enum Preflight {
  /**
   * Refuses the plan, writing nothing, when it would introduce a finding of severity {@link
   * io.meshsdk.analysis.Severity#ERROR}: an {@link io.meshsdk.AnalysisRejectedException} carries
   * the findings. Findings the live state already has never block a plan, so a plan can always
   * fix what is broken. The default.
   */
  ANALYZE,

  /**
   * Applies without analysis. Use it when a refused plan's findings are understood and accepted,
   * for example while a referenced object is created by another pipeline, or when the extra reads
   * of every cluster are not wanted.
   */
  SKIP
}
