package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How the calling proxies speak TLS to the service's endpoints: Istio's own mutual TLS, TLS to
 * an external server, or mutual TLS with a client certificate held in a Kubernetes Secret.
 *
 * <pre>{@code
 * tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL))
 * tls(t -> t.mode(UpstreamTls.Mode.MUTUAL).credentialName("payments-client").sni("pay.example.com"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableUpstreamTls.class)
@JsonDeserialize(as = ImmutableUpstreamTls.class)
public abstract class UpstreamTls {

  /** The TLS mode of upstream connections. */
  public enum Mode {
    /** Plain text. */
    DISABLE,
    /** TLS, verifying the server against the CA in {@link #credentialName()} when set. */
    SIMPLE,
    /** Mutual TLS with the client certificate of the Secret named by {@link #credentialName()}. */
    MUTUAL,
    /** Mutual TLS with the certificates Istio issues to workloads. */
    ISTIO_MUTUAL
  }

  UpstreamTls() {}

  /**
   * Starts upstream TLS settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uses a mode without further settings.
   *
   * @param mode the mode
   * @return the settings
   */
  public static UpstreamTls of(Mode mode) {
    return builder().mode(mode).build();
  }

  /**
   * The TLS mode.
   *
   * @return the mode
   */
  public abstract Mode mode();

  /**
   * The Kubernetes Secret (in the client's namespace, or the gateway's) holding the client
   * certificate and key, and optionally the CA certificate. Only a name, never the material.
   *
   * @return the Secret's name
   */
  public abstract Optional<String> credentialName();

  /**
   * The SNI the client presents.
   *
   * @return the server name
   */
  public abstract Optional<String> sni();

  /**
   * Names the server's certificate must carry.
   *
   * @return the subject alternative names, in order
   */
  public abstract List<String> subjectAltNames();

  /** Builds {@link UpstreamTls}. */
  public static final class Builder extends ImmutableUpstreamTls.Builder {
    Builder() {}
  }
}
