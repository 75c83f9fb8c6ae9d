package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A template for workloads outside Kubernetes that register themselves with the mesh when their
 * proxy starts (VM auto-registration): the labels, ports and identity every member gets. A
 * backend turns it into one object (for Istio a WorkloadGroup); the members appear as workload
 * entries created by the control plane.
 *
 * <pre>{@code
 * ExternalWorkloadGroup ratingsVms = PolicyBuilder.externalWorkloadGroup("ratings-vms")
 *     .inNamespace("bookinfo")
 *     .putLabel("app", "ratings")
 *     .putPort("http", 9080)
 *     .serviceAccount("bookinfo-ratings")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(ExternalWorkloadGroup.KIND)
@JsonSerialize(as = ImmutableExternalWorkloadGroup.class)
@JsonDeserialize(as = ImmutableExternalWorkloadGroup.class)
public abstract class ExternalWorkloadGroup implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "ExternalWorkloadGroup";

  ExternalWorkloadGroup() {}

  /**
   * Starts a workload group; {@link PolicyBuilder#externalWorkloadGroup(String)} reads better.
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
   * The labels every member gets.
   *
   * @return the labels
   */
  public abstract Map<String, String> labels();

  /**
   * The members' ports, by the name of the service port they serve.
   *
   * @return the ports
   */
  public abstract Map<String, Integer> ports();

  /**
   * The service account whose identity the members' proxies hold.
   *
   * @return the service account
   */
  public abstract Optional<String> serviceAccount();

  /**
   * The network the members are on.
   *
   * @return the network
   */
  public abstract Optional<String> network();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    if (labels().isEmpty()) {
      v.add("labels", "must give the members at least one label, for services to select them");
    }
    // the members' addresses come from their registration; the template has none
    ExternalWorkload.checkWorkload(v, "", Optional.of("0.0.0.0"), labels(), ports(), serviceAccount(),
        network(), Optional.empty(), Optional.empty());
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Builds an {@link ExternalWorkloadGroup}; see {@link PolicyBuilder#externalWorkloadGroup(String)}. */
  public static final class Builder extends ImmutableExternalWorkloadGroup.Builder {
    Builder() {}
  }
}
