package io.meshsdk.trust;

/**
 * How a cluster's CA stands to the mesh's root of trust.
 *
 * @since 0.2.0
 */
public enum TrustState {
  /** The cluster's intermediate CA chains to the mesh's root and is valid now. */
  VERIFIED,
  /** The cluster has no {@code cacerts} Secret: its istiod signs with a self-signed root of its own. */
  MISSING,
  /** The cluster's CA chains to another root than the mesh's: its workloads will not trust the others'. */
  DIFFERENT_ROOT,
  /** The cluster's certificates are unreadable, do not chain, or are expired or not yet valid. */
  INVALID,
  /**
   * The cluster's intermediate CA chains to the mesh's root, but its control plane does not sign
   * with it yet: it started before the CA was written and does not reload it. Restarting the
   * control plane makes it {@link #VERIFIED}.
   */
  NOT_LOADED
}
