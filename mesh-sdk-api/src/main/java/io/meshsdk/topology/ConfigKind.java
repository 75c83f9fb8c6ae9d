package io.meshsdk.topology;

/**
 * The kind of configuration a {@link ConfigAnnotation} points at.
 *
 * @since 0.1.0
 */
public enum ConfigKind {
  /** A VirtualService routes requests to the service. */
  VIRTUAL_SERVICE,
  /** A DestinationRule sets subsets or traffic policy for the service. */
  DESTINATION_RULE,
  /** The DestinationRule limits connections or ejects failing endpoints. */
  CIRCUIT_BREAKER,
  /** An AuthorizationPolicy allows or denies requests to the workload. */
  AUTHORIZATION_POLICY,
  /** A PeerAuthentication sets the workload's mutual TLS mode. */
  MTLS
}
