package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.meshsdk.spi.BackendCapability;

/**
 * An intent about a mesh: immutable, validated when built, and serialisable to JSON with its
 * {@code kind}, which is how the SDK stores it next to the objects it produced.
 *
 * @since 0.1.0
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrafficPolicy.class, name = TrafficPolicy.KIND),
  @JsonSubTypes.Type(value = MtlsPolicy.class, name = MtlsPolicy.KIND),
  @JsonSubTypes.Type(value = AuthorizationPolicy.class, name = AuthorizationPolicy.KIND),
  @JsonSubTypes.Type(value = JwtPolicy.class, name = JwtPolicy.KIND),
  @JsonSubTypes.Type(value = GatewayPolicy.class, name = GatewayPolicy.KIND),
  @JsonSubTypes.Type(value = ExternalService.class, name = ExternalService.KIND),
  @JsonSubTypes.Type(value = SidecarPolicy.class, name = SidecarPolicy.KIND),
  @JsonSubTypes.Type(value = ExternalWorkload.class, name = ExternalWorkload.KIND),
  @JsonSubTypes.Type(value = ExternalWorkloadGroup.class, name = ExternalWorkloadGroup.KIND),
  @JsonSubTypes.Type(value = TelemetryPolicy.class, name = TelemetryPolicy.KIND),
  @JsonSubTypes.Type(value = RawPolicy.class, name = RawPolicy.KIND)
})
public interface Policy {

  /**
   * The policy's name, unique per kind and namespace.
   *
   * @return a DNS-1123 label
   */
  String name();

  /**
   * The namespace the policy applies to.
   *
   * @return the namespace
   */
  String namespace();

  /**
   * The kind of policy, for example {@code TrafficPolicy}.
   *
   * @return the kind
   */
  String kind();

  /**
   * What a backend must be able to do to translate this kind of policy. The engine checks it
   * before translating and throws {@link io.meshsdk.UnsupportedCapabilityException} when the
   * backend lacks it.
   *
   * @return the capability this kind needs
   */
  @JsonIgnore
  BackendCapability capability();

  /**
   * The policy's identity: kind, namespace and name.
   *
   * @return the reference
   */
  default PolicyRef ref() {
    return PolicyRef.of(kind(), namespace(), name());
  }
}
