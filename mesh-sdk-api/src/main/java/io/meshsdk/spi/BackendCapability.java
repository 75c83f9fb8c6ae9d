package io.meshsdk.spi;

/**
 * What a {@link MeshBackend} can do. The engine checks a capability before using it and throws
 * {@link io.meshsdk.UnsupportedCapabilityException} when it is missing.
 *
 * @since 0.1.0
 */
public enum BackendCapability {
  /** Translates {@link io.meshsdk.policy.TrafficPolicy}. */
  TRAFFIC_POLICY,
  /** Provides service-graph telemetry for topology. */
  TELEMETRY
}
