package io.meshsdk.spi;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The address of a cluster's API server and the certificate authority that signs it: what a
 * mesh control plane on another cluster needs to reach it. Neither is a secret.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class ClusterEndpoint {

  ClusterEndpoint() {}

  /**
   * Creates an endpoint.
   *
   * @param server the API server URL, for example {@code https://10.0.0.1:6443}
   * @param certificateAuthorityData the base64 PEM of the CA, or {@code null} to trust the system
   * @return the endpoint
   */
  public static ClusterEndpoint of(String server, String certificateAuthorityData) {
    return ImmutableClusterEndpoint.builder()
        .server(server)
        .certificateAuthorityData(Optional.ofNullable(certificateAuthorityData))
        .build();
  }

  /**
   * The API server URL.
   *
   * @return the URL
   */
  public abstract String server();

  /**
   * The certificate authority, base64-encoded PEM as in a kubeconfig.
   *
   * @return the CA data, if the server is not signed by a public CA
   */
  public abstract Optional<String> certificateAuthorityData();
}
