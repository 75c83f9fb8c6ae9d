package io.meshsdk;

import java.util.List;

/**
 * A policy broke one or more rules when it was built. Every violation is listed at once with its
 * field path; the policy never reaches a cluster.
 *
 * @since 0.1.0
 */
public class PolicyValidationException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param policy the policy, for example "TrafficPolicy bookinfo/reviews"
   * @param violations every rule broken; not empty
   */
  public PolicyValidationException(String policy, List<Violation> violations) {
    super(ErrorCode.INVALID_POLICY, policy, violations);
  }
}
