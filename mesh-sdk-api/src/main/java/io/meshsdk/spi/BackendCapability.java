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
  /**
   * Translates the security policies: {@link io.meshsdk.policy.MtlsPolicy}, {@link
   * io.meshsdk.policy.AuthorizationPolicy} and {@link io.meshsdk.policy.JwtPolicy}.
   */
  SECURITY_POLICY,
  /** Translates {@link io.meshsdk.policy.GatewayPolicy}: ingress gateways and their routes. */
  GATEWAY_POLICY,
  /** Translates {@link io.meshsdk.policy.ExternalService}: egress, TLS origination, egress gateways. */
  EXTERNAL_SERVICE,
  /** Translates {@link io.meshsdk.policy.SidecarPolicy}: proxy scoping and outbound traffic mode. */
  SIDECAR_POLICY,
  /**
   * Translates {@link io.meshsdk.policy.ExternalWorkload} and {@link
   * io.meshsdk.policy.ExternalWorkloadGroup}: workloads outside Kubernetes.
   */
  EXTERNAL_WORKLOAD,
  /** Translates {@link io.meshsdk.policy.TelemetryPolicy}: access logging and tracing. */
  TELEMETRY_POLICY,
  /** Accepts {@link io.meshsdk.policy.RawPolicy}: objects given as they are, of declared kinds. */
  RAW_RESOURCE,
  /** Provides service-graph telemetry for topology. */
  TELEMETRY,
  /**
   * Reads objects the SDK did not write back into policies: {@link
   * MeshBackend#discover(String, java.util.List, TranslationContext)}.
   *
   * @since 0.2.0
   */
  DISCOVERY
}
