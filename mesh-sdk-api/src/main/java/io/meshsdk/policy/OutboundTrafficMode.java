package io.meshsdk.policy;

/**
 * What a sidecar does with traffic to hosts the mesh does not know.
 *
 * @since 0.1.0
 */
public enum OutboundTrafficMode {
  /** Only hosts in the service registry (services and {@link ExternalService}s) are reachable. */
  REGISTRY_ONLY,
  /** Unknown hosts are passed through: Istio's default. */
  ALLOW_ANY
}
