package io.meshsdk.policy;

/**
 * What an {@link AuthorizationPolicy} does with the requests its rules match.
 *
 * @since 0.1.0
 */
public enum AuthorizationAction {
  /** Allows matching requests; once any ALLOW policy selects a workload, all else is denied. */
  ALLOW,
  /** Denies matching requests, before any ALLOW policy is considered. */
  DENY,
  /** Logs matching requests for an audit provider; does not change the decision. */
  AUDIT,
  /** Delegates the decision on matching requests to an external authorizer (a provider). */
  CUSTOM
}
