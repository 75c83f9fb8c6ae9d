package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * TLS that the mesh opens to an {@link ExternalService} on behalf of workloads that speak plain
 * HTTP: the proxy (or the egress gateway) connects with TLS, checking the server's name.
 *
 * <pre>{@code
 * originateTls(t -> t.port(80).sni("edition.cnn.com"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTlsOrigination.class)
@JsonDeserialize(as = ImmutableTlsOrigination.class)
public abstract class TlsOrigination {

  TlsOrigination() {}

  /**
   * Starts TLS origination settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The service port on which plain HTTP is upgraded to TLS; an HTTP port of the service.
   *
   * @return the port
   */
  public abstract int port();

  /**
   * The server name sent in the TLS handshake.
   *
   * @return the SNI; the service's first host unless set
   */
  public abstract Optional<String> sni();

  /**
   * A Secret with a client certificate, to originate mutual TLS.
   *
   * @return the credential's name
   */
  public abstract Optional<String> credentialName();

  /** Builds {@link TlsOrigination}. */
  public static final class Builder extends ImmutableTlsOrigination.Builder {
    Builder() {}
  }
}
