package io.meshsdk.istio;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshsdk.istio.internal.IstioBackend;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.RawPolicy;

/**
 * Policies built from fabric8 models, for code that already holds Istio objects as fabric8 types:
 * an EnvoyFilter, a WasmPlugin, a ProxyConfig or any kind the Istio backend manages.
 *
 * <pre>{@code
 * EnvoyFilter filter = new EnvoyFilterBuilder()...build();
 * mesh.policies().apply(IstioPolicies.raw(filter).build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class IstioPolicies {

  private IstioPolicies() {}

  /**
   * Starts a raw policy from fabric8 objects; see {@link PolicyBuilder#raw(String)}.
   *
   * @param objects the objects, each with a namespace
   * @return the raw policy's builder
   */
  public static RawPolicy.Builder raw(HasMetadata... objects) {
    RawPolicy.Builder builder = RawPolicy.builder();
    for (HasMetadata object : objects) {
      builder.resource(IstioBackend.toResource(object));
    }
    return builder;
  }
}
