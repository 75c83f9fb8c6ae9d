package io.meshsdk.policy;

/**
 * How a workload's sidecar treats plain-text traffic it receives.
 *
 * @since 0.1.0
 */
public enum MtlsMode {
  /** Only mutual TLS is accepted: the end state of a migration. */
  STRICT,
  /** Mutual TLS and plain text are both accepted: the mode to migrate in. */
  PERMISSIVE,
  /** Mutual TLS is off; traffic arrives as plain text. */
  DISABLE
}
