package io.meshsdk.trust;

import java.time.Instant;
import org.immutables.value.Value;

/**
 * The public face of a mesh's root CA: where its key material is kept and what its certificate
 * says. It never holds key material.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class TrustRoot {

  TrustRoot() {}

  /**
   * Starts a description.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the store keeps the root's certificate and key: a location in the store's secret
   * storage, which the mesh's record refers to.
   *
   * @return the reference
   */
  public abstract String reference();

  /**
   * The certificate's subject.
   *
   * @return for example {@code O=mesh-sdk, CN=Root CA prod}
   */
  public abstract String subject();

  /**
   * The SHA-256 fingerprint of the certificate, lower-case hex.
   *
   * @return the fingerprint
   */
  public abstract String fingerprint();

  /**
   * When the certificate expires.
   *
   * @return the expiry
   */
  public abstract Instant notAfter();

  /** Builds {@link TrustRoot}. */
  public static final class Builder extends ImmutableTrustRoot.Builder {
    Builder() {}
  }
}
