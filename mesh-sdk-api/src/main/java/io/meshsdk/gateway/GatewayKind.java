package io.meshsdk.gateway;

/**
 * What a gateway instance is for; it decides the defaults of its Service and ports.
 *
 * @since 0.2.0
 */
public enum GatewayKind {
  /** Takes traffic into the mesh: a LoadBalancer Service on ports 80 and 443. */
  INGRESS,
  /** Takes the mesh's traffic out to external services: a ClusterIP Service on ports 80 and 443. */
  EGRESS,
  /**
   * Carries traffic between the networks of a multi-network mesh: a LoadBalancer Service on the
   * ports Istio's multi-network guide opens (15443 for services, 15012 and 15017 for istiod).
   */
  EAST_WEST
}
