package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What the sidecars of a namespace (or of selected workloads, or of the whole mesh) can see and
 * reach: the hosts they get configuration for, and whether unknown hosts are reachable. Scoping
 * cuts the proxies' memory and push load in large meshes. A backend turns it into one object (for
 * Istio a Sidecar).
 *
 * <pre>{@code
 * SidecarPolicy scope = PolicyBuilder.forNamespace("bookinfo").sidecar()
 *     .egressHosts("./*", "istio-system/*")
 *     .outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(SidecarPolicy.KIND)
@JsonSerialize(as = ImmutableSidecarPolicy.class)
@JsonDeserialize(as = ImmutableSidecarPolicy.class)
public abstract class SidecarPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "SidecarPolicy";

  SidecarPolicy() {}

  /**
   * Starts a sidecar policy; {@link PolicyScope#sidecar()} reads better.
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
    return BackendCapability.SIDECAR_POLICY;
  }

  /**
   * The labels of the workloads the policy is for; empty for every workload of the namespace.
   *
   * @return the selector
   */
  public abstract Map<String, String> selector();

  /**
   * The hosts the sidecars see, as {@code <namespace>/<host>}: {@code ./*} is the own namespace,
   * {@code istio-system/*} one namespace, {@code *}{@code /*} everything (the default when empty).
   *
   * @return the egress hosts
   */
  public abstract List<String> egressHosts();

  /**
   * Whether hosts outside the registry are reachable; the mesh's setting when absent.
   *
   * @return the outbound traffic mode
   */
  public abstract Optional<OutboundTrafficMode> outboundTraffic();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    MeshRules.selector(v, "selector", selector());
    if (egressHosts().isEmpty() && outboundTraffic().isEmpty()) {
      v.add("egressHosts", "must name at least one host, or set the outbound traffic mode, for the policy to say anything");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < egressHosts().size(); i++) {
      String field = "egressHosts[" + i + "]";
      String host = egressHosts().get(i);
      int slash = host.indexOf('/');
      if (slash <= 0) {
        v.add(field, "must be <namespace>/<host> (for example ./* or istio-system/*), but was " + Violations.quote(host));
        continue;
      }
      String ns = host.substring(0, slash);
      String dns = host.substring(slash + 1);
      if (!ns.equals(".") && !ns.equals("*") && !ns.equals("~")) {
        v.dnsLabel(field, ns);
      }
      if (dns.contains("/")) {
        v.add(field, "must contain one '/', but was " + Violations.quote(host));
      } else {
        MeshRules.host(v, field, dns, true);
      }
      if (!seen.add(host)) {
        v.add(field, "repeats " + Violations.quote(host));
      }
    }
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Builds a {@link SidecarPolicy}; see {@link PolicyScope#sidecar()}. */
  public static final class Builder extends ImmutableSidecarPolicy.Builder {
    Builder() {}

    /**
     * Sets the hosts the sidecars see, replacing earlier ones.
     *
     * <pre>{@code
     * .egressHosts("./*", "istio-system/*", "payments/api.payments.svc.cluster.local")
     * }</pre>
     *
     * @param hosts {@code <namespace>/<host>} entries
     * @return this builder
     */
    public Builder egressHosts(String... hosts) {
      return egressHosts(List.of(hosts));
    }

    /**
     * Names the policy explicitly.
     *
     * <pre>{@code
     * .named("bookinfo-scope")
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
