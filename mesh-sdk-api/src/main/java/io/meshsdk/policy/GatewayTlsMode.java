package io.meshsdk.policy;

/**
 * How a gateway server handles TLS.
 *
 * @since 0.1.0
 */
public enum GatewayTlsMode {
  /** Terminates TLS with the server certificate of a credential (a Kubernetes Secret). */
  SIMPLE,
  /** Terminates TLS and requires a client certificate signed by the credential's CA. */
  MUTUAL,
  /** Passes TLS through to the destination, routing by SNI. */
  PASSTHROUGH,
  /** Terminates the mesh's own mutual TLS, for gateways reached from inside the mesh. */
  ISTIO_MUTUAL
}
