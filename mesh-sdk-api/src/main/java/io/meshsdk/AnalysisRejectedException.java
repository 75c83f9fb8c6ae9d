package io.meshsdk;

import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applying a plan was refused because its analysis found errors that the plan would introduce.
 * Nothing was written, and the plan can still be applied: fix the policies and plan again, or
 * apply it with {@link io.meshsdk.plan.Preflight#SKIP} once the findings are understood.
 *
 * <p>Its {@linkplain #messageCode() message code} is {@code plan.analysis-rejected}, with the
 * arguments {@code mesh}, {@code errors} (how many) and {@code codes} (the distinct codes, comma
 * separated).
 *
 * @since 0.2.0
 */
public class AnalysisRejectedException extends MeshException {
  private static final long serialVersionUID = 1L;

  private final transient AnalysisReport report;

  /**
   * Creates the exception.
   *
   * @param mesh the mesh the plan is for
   * @param report the analysis of the plan; its {@link AnalysisReport#blockingErrors()} are why
   */
  public AnalysisRejectedException(String mesh, AnalysisReport report) {
    super(ErrorCode.ANALYSIS_REJECTED, "plan.analysis-rejected", Map.of("mesh", mesh,
        "errors", report.blockingErrors().size(), "codes", codes(report)), message(mesh, report), null);
    this.report = report;
  }

  private static String codes(AnalysisReport report) {
    return report.blockingErrors().stream().map(Finding::code).distinct().collect(Collectors.joining(","));
  }

  private static String message(String mesh, AnalysisReport report) {
    List<Finding> errors = report.blockingErrors();
    return "the plan for mesh " + mesh + " was not applied: it would introduce " + errors.size()
        + (errors.size() == 1 ? " error" : " errors") + " found by analysis:"
        + errors.stream().map(f -> "\n  - " + f).collect(Collectors.joining());
  }

  /**
   * The errors the plan would introduce.
   *
   * @return the findings of severity ERROR about configuration that the live state does not have;
   *     never empty
   */
  public List<Finding> findings() {
    return report.blockingErrors();
  }

  /**
   * The whole analysis of the plan, warnings and resolved findings included.
   *
   * @return the report
   */
  public AnalysisReport report() {
    return report;
  }
}
