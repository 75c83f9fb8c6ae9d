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
 * One workload that runs outside Kubernetes, such as a VM or an instance registered in another
 * service registry, made a member of the mesh: its address, labels (which services and
 * {@link ExternalService#workloadSelector()} select), ports and identity. A backend turns it into
 * one object (for Istio a WorkloadEntry).
 *
 * <pre>{@code
 * ExternalWorkload vm = PolicyBuilder.externalWorkload("details-vm-1").inNamespace("bookinfo")
 *     .address("10.0.12.7")
 *     .putLabel("app", "details").putLabel("version", "v1")
 *     .putPort("http", 9080)
 *     .serviceAccount("bookinfo-details")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(ExternalWorkload.KIND)
@JsonSerialize(as = ImmutableExternalWorkload.class)
@JsonDeserialize(as = ImmutableExternalWorkload.class)
public abstract class ExternalWorkload implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "ExternalWorkload";

  ExternalWorkload() {}

  /**
   * Starts an external workload; {@link PolicyBuilder#externalWorkload(String)} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String name();

  @Override
  public abstract String namespace();

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.EXTERNAL_WORKLOAD;
  }

  /**
   * The workload's address: an IP, or a host name resolved by DNS.
   *
   * @return the address; absent only when {@link #network()} is set, for a workload behind a
   *     network gateway
   */
  public abstract Optional<String> address();

  /**
   * The workload's labels.
   *
   * @return the labels
   */
  public abstract Map<String, String> labels();

  /**
   * The workload's ports, by the name of the service port they serve.
   *
   * @return the ports
   */
  public abstract Map<String, Integer> ports();

  /**
   * The Kubernetes service account whose identity the workload's proxy holds.
   *
   * @return the service account
   */
  public abstract Optional<String> serviceAccount();

  /**
   * The network the workload is on, for multi-network meshes.
   *
   * @return the network
   */
  public abstract Optional<String> network();

  /**
   * The workload's locality, {@code region/zone/subzone}.
   *
   * @return the locality
   */
  public abstract Optional<String> locality();

  /**
   * The workload's load-balancing weight.
   *
   * @return the weight
   */
  public abstract Optional<Integer> weight();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    checkWorkload(v, "", address(), labels(), ports(), serviceAccount(), network(), locality(), weight());
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  static void checkWorkload(Violations v, String prefix, Optional<String> address, Map<String, String> labels,
      Map<String, Integer> ports, Optional<String> serviceAccount, Optional<String> network,
      Optional<String> locality, Optional<Integer> weight) {
    if (address.isEmpty() && network.isEmpty()) {
      v.add(prefix + "address", "must be set, unless the workload is reached through its network's gateway");
    }
    address.ifPresent(a -> {
      if (!MeshRules.isIpAddress(a) && !MeshRules.isDnsName(a)) {
        v.add(prefix + "address", "must be an IP address or a host name, but was " + Violations.quote(a));
      }
    });
    v.labels(prefix + "labels", labels);
    ports.forEach((name, port) -> {
      MeshRules.portName(v, prefix + "ports." + name, name);
      MeshRules.port(v, prefix + "ports." + name, port);
    });
    serviceAccount.ifPresent(sa -> v.dnsSubdomain(prefix + "serviceAccount", sa));
    network.ifPresent(n -> v.dnsSubdomain(prefix + "network", n));
    locality.ifPresent(l -> {
      if (!l.matches("[^/\\s]+(/[^/\\s]+){0,2}")) {
        v.add(prefix + "locality", "must be region, region/zone or region/zone/subzone, but was " + Violations.quote(l));
      }
    });
    weight.ifPresent(w -> v.range(prefix + "weight", w, 1, Integer.MAX_VALUE));
  }

  /** Builds an {@link ExternalWorkload}; see {@link PolicyBuilder#externalWorkload(String)}. */
  public static final class Builder extends ImmutableExternalWorkload.Builder {
    Builder() {}
  }
}
