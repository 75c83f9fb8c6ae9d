package io.meshsdk.analysis;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.ApiJson;
import io.meshsdk.internal.JsonInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What an analysis found: the findings over the live objects of a mesh's clusters (or over the
 * live objects with a plan applied, or over files), with the clusters that could not be read.
 *
 * <p>A report about a plan also says which findings the plan would introduce and which it would
 * resolve, compared with the live state: applying a plan that introduces an {@link Severity#ERROR}
 * is refused unless forced.
 *
 * <pre>{@code
 * AnalysisReport report = prod.analyze();
 * if (report.hasErrors()) {
 *   System.out.println(report.render());
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableAnalysisReport.class)
@JsonDeserialize(as = ImmutableAnalysisReport.class)
public abstract class AnalysisReport {

  AnalysisReport() {}

  /**
   * Starts a report; the engine makes them.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mesh analyzed.
   *
   * @return its name; empty for an analysis of files
   */
  public abstract Optional<String> mesh();

  /**
   * The hash of the plan analyzed, as {@link io.meshsdk.plan.Plan#hash()} gives it.
   *
   * @return the hash; empty unless the report is about a plan
   */
  public abstract Optional<String> planHash();

  /**
   * Every finding not suppressed, most serious first, then by code, cluster and object.
   *
   * @return the findings, possibly none
   */
  public abstract List<Finding> findings();

  /**
   * For a plan: the findings that the plan would introduce, that the live state does not have.
   *
   * @return the new findings, sorted as {@link #findings()}; empty for a report that is not about
   *     a plan
   */
  public abstract List<Finding> introduced();

  /**
   * For a plan: the findings of the live state that the plan would resolve.
   *
   * @return the findings that go away, sorted as {@link #findings()}; empty for a report that is
   *     not about a plan
   */
  public abstract List<Finding> resolved();

  /**
   * The clusters that could not be read, with the error. Their objects are missing from the
   * analysis, so checks that conclude from the absence of an object are skipped for the kinds
   * read from them.
   *
   * @return the error per cluster, by cluster name; empty when every cluster was read
   */
  public abstract Map<String, String> unreadable();

  /**
   * How many findings suppressions hid, by options or by the annotation of the object concerned.
   *
   * @return the count
   */
  @Value.Default
  public int suppressed() {
    return 0;
  }

  /**
   * How many objects were analyzed, over every cluster and kind.
   *
   * @return the count
   */
  @Value.Default
  public int objects() {
    return 0;
  }

  /**
   * Whether some cluster could not be read, so that findings may be missing.
   *
   * @return {@code true} when {@link #unreadable()} is not empty
   */
  public final boolean partial() {
    return !unreadable().isEmpty();
  }

  /**
   * The findings of severity {@link Severity#ERROR}.
   *
   * @return the errors
   */
  public final List<Finding> errors() {
    return of(findings(), Severity.ERROR);
  }

  /**
   * The findings of severity {@link Severity#WARNING}.
   *
   * @return the warnings
   */
  public final List<Finding> warnings() {
    return of(findings(), Severity.WARNING);
  }

  /**
   * Whether some finding is an error.
   *
   * @return {@code true} when {@link #errors()} is not empty
   */
  public final boolean hasErrors() {
    return !errors().isEmpty();
  }

  /**
   * The findings of one code.
   *
   * @param code for example {@code IST0101}
   * @return those findings
   */
  public final List<Finding> findings(String code) {
    return findings().stream().filter(f -> f.code().equals(code)).collect(Collectors.toList());
  }

  /**
   * The errors a plan would introduce.
   *
   * @return the introduced findings of severity {@link Severity#ERROR}
   */
  public final List<Finding> introducedErrors() {
    return of(introduced(), Severity.ERROR);
  }

  /**
   * The errors a plan would introduce in the configuration itself: what makes applying it
   * refused. Errors that {@linkplain Finding#dependsOnDeployment() depend on what is deployed}
   * (a host whose Service is not deployed yet) are reported but left out here.
   *
   * @return the introduced findings of severity {@link Severity#ERROR} about configuration
   */
  public final List<Finding> blockingErrors() {
    return introducedErrors().stream().filter(f -> !f.dependsOnDeployment()).collect(Collectors.toList());
  }

  private static List<Finding> of(List<Finding> findings, Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).collect(Collectors.toList());
  }

  /**
   * The report for humans: a summary line, then one line per finding with its remediation, and
   * the clusters that could not be read.
   *
   * @return multi-line text
   */
  public final String render() {
    StringBuilder out = new StringBuilder("Analysis of ")
        .append(mesh().map(m -> "mesh " + m).orElse("files"))
        .append(planHash().map(h -> " with plan " + h).orElse("")).append(": ")
        .append(errors().size()).append(" error(s), ").append(warnings().size()).append(" warning(s), ")
        .append(findings().size() - errors().size() - warnings().size()).append(" info, ")
        .append(suppressed()).append(" suppressed, ").append(objects()).append(" object(s)\n");
    for (Finding finding : findings()) {
      out.append(planHash().isPresent() && introduced().contains(finding) ? "+ " : "  ")
          .append(finding).append('\n');
      out.append("      ").append(finding.remediation()).append('\n');
    }
    for (Finding finding : resolved()) {
      out.append("- ").append(finding).append(" (resolved by the plan)\n");
    }
    unreadable().forEach((cluster, error) ->
        out.append("! cluster ").append(cluster).append(" could not be read: ").append(error).append('\n'));
    return out.toString();
  }

  /**
   * This report as JSON, in the stable form that {@link #fromJson(String)} reads: the properties
   * of the accessors, absent optional values left out, keys sorted.
   *
   * @return compact JSON text
   */
  public final String toJson() {
    return ApiJson.canonical(this, AnalysisReport.class);
  }

  /**
   * Reads a report from the JSON that {@link #toJson()} writes.
   *
   * @param json the JSON text
   * @return the value
   * @throws io.meshsdk.ValidationException if the text is not such JSON, naming the field
   */
  public static AnalysisReport fromJson(String json) {
    return JsonInput.read(json, AnalysisReport.class);
  }

  @Value.Check
  final AnalysisReport sorted() {
    if (isSorted(findings()) && isSorted(introduced()) && isSorted(resolved())) {
      return this;
    }
    return builder().from(this).findings(sort(findings())).introduced(sort(introduced()))
        .resolved(sort(resolved())).build();
  }

  private static boolean isSorted(List<Finding> findings) {
    for (int i = 1; i < findings.size(); i++) {
      if (findings.get(i - 1).compareTo(findings.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static List<Finding> sort(List<Finding> findings) {
    List<Finding> copy = new ArrayList<>(findings);
    copy.sort(null);
    return copy;
  }

  /** Builds an {@link AnalysisReport}. */
  public static final class Builder extends ImmutableAnalysisReport.Builder {
    Builder() {}
  }
}
