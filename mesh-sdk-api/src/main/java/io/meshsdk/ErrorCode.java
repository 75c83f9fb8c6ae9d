package io.meshsdk;

/**
 * Why an operation failed, as a stable code that callers can switch on and that tells whether
 * trying again may help.
 *
 * @since 0.1.0
 */
public enum ErrorCode {
  /** A policy failed validation; nothing was written. */
  INVALID_POLICY(false),
  /** A specification or argument other than a policy failed validation. */
  INVALID_INPUT(false),
  /** A cluster, mesh, policy or object does not exist. */
  NOT_FOUND(false),
  /** The object already exists where it was to be created. */
  ALREADY_EXISTS(false),
  /** Someone else changed the object, or owns it; re-read and decide again. */
  CONFLICT(false),
  /** The live state moved since the plan was made; make a new plan. */
  STALE_PLAN(false),
  /** The mesh mode, backend or connector cannot do what was asked. */
  UNSUPPORTED_CAPABILITY(false),
  /** The SDK is wired wrongly: a missing or ambiguous backend, connector or store. */
  CONFIGURATION(false),
  /**
   * The access policy refused the operation for the principal that asked; nothing was written.
   *
   * @since 0.2.0
   */
  FORBIDDEN(false),
  /** A placement rule refused the operation, for example a mesh policy aimed at a member. */
  PLACEMENT_REJECTED(false),
  /** The cluster could not be reached, or the connection broke. */
  CLUSTER_UNREACHABLE(true),
  /** The API server asked the client to slow down. */
  RATE_LIMITED(true),
  /** The operation did not finish in time. */
  TIMEOUT(true),
  /** The API server or backend answered with an error; see the status. */
  BACKEND_ERROR(false),
  /** The calling thread was interrupted; its interrupt flag has been restored. */
  INTERRUPTED(false),
  /** A defect in mesh-sdk itself. */
  INTERNAL(false),
  /**
   * The analysis of a plan found errors that the plan would introduce, and applying it was
   * refused; nothing was written. Fix the policies, or apply with {@link
   * io.meshsdk.plan.Preflight#SKIP} once the findings are understood.
   *
   * @since 0.2.0
   */
  ANALYSIS_REJECTED(false);

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Whether an operation failing with this code may succeed when tried again unchanged.
   *
   * @return {@code true} for transient failures
   */
  public boolean retryable() {
    return retryable;
  }
}
