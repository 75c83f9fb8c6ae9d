package io.meshsdk;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An input broke one or more rules. Every violation is listed at once, each with its field path,
 * and nothing was written to any cluster.
 *
 * <p>Its {@linkplain #messageCode() message code} is {@code input.invalid} ({@code policy.invalid}
 * for a {@link PolicyValidationException}), with the arguments {@code subject} and {@code
 * violations} (how many); each {@link Violation} carries its own code and arguments.
 *
 * @since 0.1.0
 */
public class ValidationException extends MeshException {
  private static final long serialVersionUID = 1L;

  private final List<Violation> violations;

  /**
   * Creates the exception.
   *
   * @param subject what was validated, for example "TrafficPolicy bookinfo/reviews"
   * @param violations every rule broken; not empty
   */
  public ValidationException(String subject, List<Violation> violations) {
    this(ErrorCode.INVALID_INPUT, subject, violations);
  }

  /**
   * Creates the exception with a specific code.
   *
   * @param code the error code
   * @param subject what was validated
   * @param violations every rule broken; not empty
   */
  protected ValidationException(ErrorCode code, String subject, List<Violation> violations) {
    super(code, code == ErrorCode.INVALID_POLICY ? "policy.invalid" : "input.invalid",
        Map.of("subject", subject, "violations", violations.size()), message(subject, violations), null);
    this.violations = List.copyOf(violations);
  }

  private static String message(String subject, List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one violation");
    }
    return subject
        + " is invalid ("
        + violations.size()
        + (violations.size() == 1 ? " violation" : " violations")
        + "):"
        + violations.stream().map(v -> "\n  - " + v).collect(Collectors.joining());
  }

  /**
   * Every rule broken, in the order the fields were checked.
   *
   * @return the violations; never empty
   */
  public List<Violation> violations() {
    return violations;
  }
}
