package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One listener of a {@link GatewayPolicy}: a port with its protocol, the hosts it serves and how
 * it handles TLS.
 *
 * <pre>{@code
 * server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("bookinfo.example.com")
 *              .tls(GatewayTlsMode.SIMPLE, "bookinfo-credential"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGatewayServer.class)
@JsonDeserialize(as = ImmutableGatewayServer.class)
public abstract class GatewayServer {

  GatewayServer() {}

  /**
   * Starts a server.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The port the gateway listens on.
   *
   * @return the port, 1 to 65535; 0 when not set, which {@code build()} of the gateway refuses
   */
  @Value.Default
  public int port() {
    return 0;
  }

  /**
   * The protocol on the port.
   *
   * @return the protocol; HTTP unless set
   */
  @Value.Default
  public PortProtocol protocol() {
    return PortProtocol.HTTP;
  }

  /**
   * The port's name; the protocol and number ({@code https-443}) unless set.
   *
   * @return the name
   */
  @Value.Default
  public String portName() {
    return protocol().name().toLowerCase(Locale.ROOT) + "-" + port();
  }

  /**
   * The hosts the server serves, optionally {@code <namespace>/<host>}, with {@code *} wildcards.
   *
   * @return the hosts
   */
  public abstract List<String> hosts();

  /**
   * How TLS is handled; needed for HTTPS and TLS servers.
   *
   * @return the TLS mode
   */
  public abstract Optional<GatewayTlsMode> tlsMode();

  /**
   * The Kubernetes Secret (in the gateway's namespace) holding the server certificate, and for
   * MUTUAL the CA certificate.
   *
   * @return the credential's name
   */
  public abstract Optional<String> credentialName();

  /**
   * Whether an HTTP server answers every request with a redirect to HTTPS.
   *
   * @return {@code true} to redirect
   */
  @Value.Default
  public boolean httpsRedirect() {
    return false;
  }

  /** Builds a {@link GatewayServer}. */
  public static final class Builder extends ImmutableGatewayServer.Builder {
    Builder() {}

    /**
     * Sets the hosts, replacing earlier ones.
     *
     * <pre>{@code
     * s.hosts("bookinfo.example.com", "*.bookinfo.example.com")
     * }</pre>
     *
     * @param hosts the hosts
     * @return this builder
     */
    public Builder hosts(String... hosts) {
      return hosts(List.of(hosts));
    }

    /**
     * Sets how TLS is handled, with the credential holding the certificates.
     *
     * <pre>{@code
     * s.tls(GatewayTlsMode.SIMPLE, "bookinfo-credential")
     * }</pre>
     *
     * @param mode SIMPLE or MUTUAL
     * @param credentialName the Secret's name
     * @return this builder
     */
    public Builder tls(GatewayTlsMode mode, String credentialName) {
      return tlsMode(mode).credentialName(credentialName);
    }
  }
}
