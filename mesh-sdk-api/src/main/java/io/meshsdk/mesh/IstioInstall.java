package io.meshsdk.mesh;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.internal.Violations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * The Istio control plane the SDK installs for a {@link MeshMode#HOSTED} or {@link
 * MeshMode#DEDICATED} mesh through Istio's operator: the Istio version, the installation profile
 * and the chart values. A mesh whose {@link MeshSpec#istio()} is empty runs an Istio that someone
 * else installed.
 *
 * <pre>{@code
 * MeshSpec prod = MeshSpec.hosted("prod").controlPlane("mcpc-1")
 *     .istio(IstioInstall.of("1.29.3").withValues("{\"pilot\":{\"autoscaleMin\":2}}"))
 *     .build();
 * }</pre>
 *
 * <p>The values are the operator's {@code spec.values}, checked against its schema when the mesh
 * is created or upgraded: an unknown field or a wrong type is a {@link
 * io.meshsdk.ValidationException} naming the field, such as {@code spec.values.global.meshID}.
 * The SDK sets {@code global.meshID}, {@code global.multiCluster.clusterName} and {@code
 * global.network} itself, from the mesh and its clusters.
 *
 * <p>{@link #canaryVersion()} and {@link #previousVersion()} are the state of a canary upgrade:
 * the SDK keeps them in the mesh's record as {@link MeshControlPlane} moves through an upgrade.
 * Leave them unset when creating a mesh.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableIstioInstall.class)
@JsonDeserialize(as = ImmutableIstioInstall.class)
public abstract class IstioInstall {
  private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+(\\.[0-9]+(-[0-9A-Za-z.]+)?|-latest)");
  private static final Pattern PROFILE = Pattern.compile("[a-z]([-a-z]*[a-z])?");
  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}");

  IstioInstall() {}

  /**
   * The control plane of one Istio version, with the default profile and no values.
   *
   * @param version for example {@code 1.29.3}
   * @return the value
   */
  public static IstioInstall of(String version) {
    return builder().version(version).build();
  }

  /**
   * Starts a value.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Istio version the mesh's stable revision runs.
   *
   * @return for example {@code 1.29.3}, without the {@code v} the operator's resources spell
   */
  public abstract String version();

  /**
   * The operator's installation profile. Change it only for what the profile documents, such as
   * {@code ambient}; members of a hosted mesh always get the {@code remote} profile.
   *
   * @return the profile; empty for the operator's default
   */
  public abstract Optional<String> profile();

  /**
   * The chart values, as the operator's {@code spec.values} takes them.
   *
   * @return the values, not to be modified; an empty object when none are set
   */
  @Value.Default
  public ObjectNode values() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Where the members of a {@link MeshMode#HOSTED} mesh reach its istiod, on ports 15012
   * (discovery and certificates) and 15017 (sidecar injection): a DNS name or an IP address,
   * without a port, that the members' nodes can reach. The SDK writes it as the members' {@code
   * global.remotePilotAddress}, and exposes istiod on the control-plane cluster through its
   * east-west gateway ({@code istio: eastwestgateway}).
   *
   * <p>When unset, the SDK takes the external address of the east-west gateway Service on the
   * control-plane cluster (one {@code mesh.gateways()} runs, or one installed otherwise) each time
   * it plans the members' control-plane resources, or, while that Service shows none, the address
   * the members already carry; a member cannot join while no address is known at all. Set it when
   * the address is a DNS name the platform manages, or known before the gateway is.
   *
   * @return the address; empty to take the east-west gateway's
   */
  public abstract Optional<String> discoveryAddress();

  /**
   * The version being tried as a canary beside {@link #version()}, set by {@link
   * MeshControlPlane#planUpgrade(String)} and cleared by promotion or rollback.
   *
   * @return the canary's version; empty when no upgrade is under way
   */
  public abstract Optional<String> canaryVersion();

  /**
   * The version whose revision may still run workloads after a promotion or a rollback, until
   * {@link MeshControlPlane#planRemoveRevision()} removes it.
   *
   * @return the version left behind; empty when only {@link #version()} (and a canary) run
   */
  public abstract Optional<String> previousVersion();

  /**
   * How long creating the mesh waits for the operator to report the control plane ready. Not
   * stored: it concerns the call that creates the mesh only.
   *
   * @return five minutes unless set
   */
  @Value.Default
  @JsonIgnore
  public Duration readyTimeout() {
    return Duration.ofMinutes(5);
  }

  /**
   * This install with other values.
   *
   * @param json a JSON object, such as {@code {"pilot":{"autoscaleMin":2}}}
   * @return a copy with these values
   * @throws io.meshsdk.ValidationException if the text is not a JSON object
   */
  public final IstioInstall withValues(String json) {
    ObjectNode values;
    try {
      values = (ObjectNode) io.meshsdk.internal.ApiJson.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
      throw new ValidationException("IstioInstall", List.of(Violation.of("istio.values", "must be a JSON object")));
    }
    return builder().from(this).values(values).build();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    checkVersion(v, "istio.version", version());
    canaryVersion().ifPresent(c -> checkVersion(v, "istio.canaryVersion", c));
    previousVersion().ifPresent(p -> checkVersion(v, "istio.previousVersion", p));
    if (canaryVersion().isPresent() && canaryVersion().get().equals(version())) {
      v.add("istio.canaryVersion", "must differ from the stable version " + version());
    }
    profile().filter(p -> !PROFILE.matcher(p).matches())
        .ifPresent(p -> v.add("istio.profile", "must be a profile name such as default or ambient, but was "
            + Violations.quote(p)));
    discoveryAddress().filter(a -> a.length() > 253
            || !(DNS_NAME.matcher(a).matches() || IPV4.matcher(a).matches() || IPV6.matcher(a).matches()))
        .ifPresent(a -> v.add("istio.discoveryAddress", "must be a DNS name or an IP address without a port, such as"
            + " istiod.prod.example.com or 203.0.113.10, but was " + Violations.quote(a)));
    if (readyTimeout().isNegative()) {
      v.add("istio.readyTimeout", "must not be negative, but was " + readyTimeout());
    }
    v.throwIfAny("IstioInstall");
  }

  private static void checkVersion(Violations v, String field, String value) {
    if (!VERSION.matcher(value).matches()) {
      v.add(field, "must be an Istio version such as 1.29.3 or 1.30-latest, but was " + Violations.quote(value));
    }
  }

  /** Builds an {@link IstioInstall}. */
  public static final class Builder extends ImmutableIstioInstall.Builder {
    Builder() {}
  }
}
