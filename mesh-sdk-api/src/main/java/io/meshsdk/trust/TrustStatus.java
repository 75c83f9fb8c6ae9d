package io.meshsdk.trust;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One cluster's CA, checked against the mesh's root of trust.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class TrustStatus {

  TrustStatus() {}

  /**
   * Starts a status.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * How its CA stands to the mesh's root.
   *
   * @return the state
   */
  public abstract TrustState state();

  /**
   * Why, in one sentence.
   *
   * @return the explanation
   */
  public abstract String detail();

  /**
   * The SHA-256 fingerprint of the root the cluster's CA trusts first.
   *
   * @return the fingerprint; absent when there is no readable root
   */
  public abstract Optional<String> rootFingerprint();

  /**
   * When the cluster's intermediate CA certificate expires.
   *
   * @return the expiry; absent when there is no readable intermediate
   */
  public abstract Optional<Instant> intermediateNotAfter();

  /**
   * Whether the cluster shares the mesh's root.
   *
   * @return {@code true} for {@link TrustState#VERIFIED}
   */
  @Value.Derived
  public boolean verified() {
    return state() == TrustState.VERIFIED;
  }

  /** Builds {@link TrustStatus}. */
  public static final class Builder extends ImmutableTrustStatus.Builder {
    Builder() {}
  }
}
