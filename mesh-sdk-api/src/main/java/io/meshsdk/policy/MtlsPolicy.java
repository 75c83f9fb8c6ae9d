package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Which traffic a workload's sidecar accepts: mutual TLS only, both, or plain text. Applies to
 * the whole mesh (in the root namespace), one namespace, or the workloads a selector picks, and
 * per port for those. A backend turns it into one object (for Istio a PeerAuthentication).
 *
 * <pre>{@code
 * MtlsPolicy strict = PolicyBuilder.forNamespace("bookinfo").mtls(MtlsMode.STRICT).build();
 * MtlsPolicy legacyPort = PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings"))
 *     .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE).build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(MtlsPolicy.KIND)
@JsonSerialize(as = ImmutableMtlsPolicy.class)
@JsonDeserialize(as = ImmutableMtlsPolicy.class)
public abstract class MtlsPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "MtlsPolicy";

  MtlsPolicy() {}

  /**
   * Starts an mTLS policy; {@link PolicyBuilder#forNamespace(String)} and its siblings read
   * better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String namespace();

  /**
   * The policy's name: {@code default} for a mesh or namespace, else the selector's {@code app}
   * label.
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
    return BackendCapability.SECURITY_POLICY;
  }

  /**
   * The labels of the workloads the policy is for; empty for the whole namespace (or mesh).
   *
   * @return the selector
   */
  public abstract Map<String, String> selector();

  /**
   * The mode for every port; absent to inherit the namespace's or mesh's mode.
   *
   * @return the mode
   */
  public abstract Optional<MtlsMode> mode();

  /**
   * Modes for single ports of the selected workloads, overriding {@link #mode()}. Needs a
   * selector, as Istio does.
   *
   * @return the mode by workload port
   */
  public abstract Map<Integer, MtlsMode> portModes();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    MeshRules.selector(v, "selector", selector());
    if (mode().isEmpty() && portModes().isEmpty()) {
      v.add("mode", "must be set, or at least one port mode, for the policy to say anything");
    }
    if (!portModes().isEmpty() && selector().isEmpty()) {
      v.add("portModes", "need a workload selector: Istio applies port-level mTLS only to selected"
          + " workloads");
    }
    portModes().keySet().forEach(port -> MeshRules.port(v, "portModes." + port, port));
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Builds an {@link MtlsPolicy}; see {@link PolicyBuilder#forNamespace(String)}. */
  public static final class Builder extends ImmutableMtlsPolicy.Builder {
    Builder() {}

    /**
     * Sets the mode of one port of the selected workloads.
     *
     * <pre>{@code
     * .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE)
     * }</pre>
     *
     * @param port the workload's (container) port
     * @param mode the mode on that port
     * @return this builder
     */
    public Builder port(int port, MtlsMode mode) {
      return putPortMode(port, mode);
    }

    /**
     * Names the policy explicitly.
     *
     * <pre>{@code
     * .mtls(MtlsMode.PERMISSIVE).named("migration")
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
