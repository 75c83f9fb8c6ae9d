package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the proxies of the mesh, a namespace or selected workloads report: access logs (to which
 * providers, optionally filtered) and traces (to which providers, with which random sampling
 * percentage). Providers are those configured in the mesh's settings ({@code envoy}, {@code
 * otel}, ...). A backend turns it into one object (for Istio a Telemetry).
 *
 * <pre>{@code
 * TelemetryPolicy telemetry = PolicyBuilder.forMesh().telemetry()
 *     .accessLogProviders("envoy")
 *     .tracingSampling(10.0)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(TelemetryPolicy.KIND)
@JsonSerialize(as = ImmutableTelemetryPolicy.class)
@JsonDeserialize(as = ImmutableTelemetryPolicy.class)
public abstract class TelemetryPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "TelemetryPolicy";

  TelemetryPolicy() {}

  /**
   * Starts a telemetry policy; {@link PolicyScope#telemetry()} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String namespace();

  /**
   * The policy's name: {@code default} for a namespace or the mesh, else the selector's {@code
   * app} label.
   *
   * @return a DNS-1123 label
   */
  @Override
  @Value.Default
  public String name() {
    return MeshRules.nameFor(selector(), "default");
  }

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.TELEMETRY_POLICY;
  }

  /**
   * The labels of the workloads the policy is for; empty for every workload of the namespace.
   *
   * @return the selector
   */
  public abstract Map<String, String> selector();

  /**
   * The access log providers to write to.
   *
   * @return the provider names
   */
  public abstract List<String> accessLogProviders();

  /**
   * A CEL expression selecting which requests are logged, for example {@code
   * response.code >= 400}.
   *
   * @return the filter
   */
  public abstract Optional<String> accessLogFilter();

  /**
   * Whether access logging is turned off for the scope, overriding a wider policy.
   *
   * @return {@code true} to turn it off
   */
  @Value.Default
  public boolean accessLogDisabled() {
    return false;
  }

  /**
   * The tracing providers to report spans to; the mesh's default provider when empty.
   *
   * @return the provider names
   */
  public abstract List<String> tracingProviders();

  /**
   * The share of requests traced, in percent.
   *
   * @return the percentage, 0 to 100
   */
  public abstract Optional<Double> tracingSampling();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    MeshRules.selector(v, "selector", selector());
    boolean logging = !accessLogProviders().isEmpty() || accessLogFilter().isPresent() || accessLogDisabled();
    boolean tracing = !tracingProviders().isEmpty() || tracingSampling().isPresent();
    if (!logging && !tracing) {
      v.add("accessLogProviders", "must be set, or a tracing setting, for the policy to say anything");
    }
    if (accessLogDisabled() && (!accessLogProviders().isEmpty() || accessLogFilter().isPresent())) {
      v.add("accessLogDisabled", "must not be set together with access log providers or a filter");
    }
    for (int i = 0; i < accessLogProviders().size(); i++) {
      v.dnsSubdomain("accessLogProviders[" + i + "]", accessLogProviders().get(i));
    }
    accessLogFilter().ifPresent(f -> {
      if (f.isBlank()) {
        v.add("accessLogFilter", "must not be blank");
      }
    });
    for (int i = 0; i < tracingProviders().size(); i++) {
      v.dnsSubdomain("tracingProviders[" + i + "]", tracingProviders().get(i));
    }
    tracingSampling().ifPresent(p -> {
      if (p.isNaN() || p < 0 || p > 100) {
        v.add("tracingSampling", "must be between 0 and 100, but was " + p);
      }
    });
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Builds a {@link TelemetryPolicy}; see {@link PolicyScope#telemetry()}. */
  public static final class Builder extends ImmutableTelemetryPolicy.Builder {
    Builder() {}

    /**
     * Sets the access log providers, replacing earlier ones.
     *
     * <pre>{@code
     * .accessLogProviders("envoy")
     * }</pre>
     *
     * @param providers provider names from the mesh's settings
     * @return this builder
     */
    public Builder accessLogProviders(String... providers) {
      return accessLogProviders(List.of(providers));
    }

    /**
     * Sets the tracing providers, replacing earlier ones.
     *
     * <pre>{@code
     * .tracingProviders("otel-tracing")
     * }</pre>
     *
     * @param providers provider names from the mesh's settings
     * @return this builder
     */
    public Builder tracingProviders(String... providers) {
      return tracingProviders(List.of(providers));
    }

    /**
     * Names the policy explicitly.
     *
     * <pre>{@code
     * .named("mesh-default")
     * }</pre>
     *
     * @param name a DNS-1123 label
     * @return this builder
     */
    public Builder named(String name) {
      return name(name);
    }
  }
}
