package io.meshsdk;

import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Applying a plan left objects failed or skipped on one or more clusters; thrown by {@link
 * ApplyResult#orThrow()}. The message lists, per cluster, each object that was not applied with
 * its error code; {@link #result()} holds the whole outcome, including what was written.
 *
 * <p>Its {@link #code()} is the error code the failed objects share, or the first one's when they
 * differ; its {@link #messageCode()} is {@code apply.failed}, with the arguments {@code mesh},
 * {@code failed} (the number of objects not applied) and {@code clusters} (their clusters).
 *
 * @since 0.2.0
 */
public class ApplyFailedException extends MeshException {
  private static final long serialVersionUID = 1L;

  /** The message code of this exception. */
  public static final String MESSAGE_CODE = "apply.failed";

  private final transient ApplyResult result;

  /**
   * Creates the exception.
   *
   * @param result an apply result that is not {@linkplain ApplyResult#successful() successful}
   */
  public ApplyFailedException(ApplyResult result) {
    super(code(result), MESSAGE_CODE, arguments(result), message(result), null);
    this.result = Objects.requireNonNull(result, "result");
  }

  /**
   * The whole outcome of the apply.
   *
   * @return the result, with its failed, skipped, applied and unchanged objects
   */
  public ApplyResult result() {
    return result;
  }

  private static List<ObjectOutcome> notApplied(ApplyResult result) {
    return result.failures().stream().flatMap(c -> c.outcomes().stream())
        .filter(o -> o.status() == ObjectOutcome.Status.FAILED || o.status() == ObjectOutcome.Status.SKIPPED)
        .collect(Collectors.toList());
  }

  private static ErrorCode code(ApplyResult result) {
    List<ErrorCode> codes = notApplied(result).stream().filter(o -> o.errorCode().isPresent())
        .map(o -> o.errorCode().get()).distinct().collect(Collectors.toList());
    return codes.isEmpty() ? ErrorCode.INTERNAL : codes.get(0);
  }

  private static Map<String, Object> arguments(ApplyResult result) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("mesh", result.mesh());
    arguments.put("failed", notApplied(result).size());
    arguments.put("clusters", result.failures().stream().map(ClusterApplyResult::cluster)
        .collect(Collectors.toUnmodifiableList()));
    return arguments;
  }

  private static String message(ApplyResult result) {
    if (result.successful()) {
      throw new IllegalArgumentException("the apply to mesh " + result.mesh() + " succeeded");
    }
    StringBuilder out = new StringBuilder("applying the plan for mesh ").append(result.mesh())
        .append(" left ").append(notApplied(result).size()).append(" object(s) not applied:");
    for (ClusterApplyResult cluster : result.failures()) {
      out.append("\n  cluster ").append(cluster.cluster()).append(':');
      for (ObjectOutcome outcome : cluster.outcomes()) {
        if (outcome.status() != ObjectOutcome.Status.FAILED && outcome.status() != ObjectOutcome.Status.SKIPPED) {
          continue;
        }
        out.append("\n    - ").append(outcome.status()).append(' ').append(outcome.action()).append(' ')
            .append(outcome.ref());
        outcome.errorCode().ifPresent(c -> out.append(" [").append(c).append(']'));
        outcome.error().ifPresent(e -> out.append(": ").append(e));
      }
    }
    return out.toString();
  }
}
