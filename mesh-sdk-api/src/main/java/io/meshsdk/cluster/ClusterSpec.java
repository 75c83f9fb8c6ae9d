package io.meshsdk.cluster;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Kubernetes cluster known to the SDK: its name, how to reach it, and where it sits (network,
 * region, zone). Build one with {@link #builder()}:
 *
 * <pre>{@code
 * ClusterSpec bj = ClusterSpec.builder()
 *     .name("bj-1")
 *     .kubeconfig(Path.of("bj.yaml"))
 *     .network("net-bj")
 *     .region("cn-north")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterSpec.class)
@JsonDeserialize(as = ImmutableClusterSpec.class)
public abstract class ClusterSpec {

  ClusterSpec() {}

  /**
   * Starts a cluster specification.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster's name, unique in the registry; a DNS-1123 label.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * How to reach the cluster; {@link ClusterCredentials#none()} unless set.
   *
   * @return the credential reference
   */
  @Value.Default
  public ClusterCredentials credentials() {
    return ClusterCredentials.none();
  }

  /**
   * The Istio network the cluster's pods are on. Clusters on different networks reach each other
   * through east-west gateways. Leave unset when all clusters share one flat network.
   *
   * @return the network name
   */
  public abstract Optional<String> network();

  /**
   * The region, used for locality-aware load balancing.
   *
   * @return the region
   */
  public abstract Optional<String> region();

  /**
   * The zone within the region.
   *
   * @return the zone
   */
  public abstract Optional<String> zone();

  /**
   * Free-form labels for the platform's own bookkeeping.
   *
   * @return the labels, in insertion order
   */
  public abstract Map<String, String> labels();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("name", name());
    network().ifPresent(n -> v.dnsSubdomain("network", n));
    v.labels("labels", labels());
    v.throwIfAny("ClusterSpec " + name());
  }

  /** Builds a {@link ClusterSpec}. */
  public static final class Builder extends ImmutableClusterSpec.Builder {
    Builder() {}

    /**
     * Reaches the cluster through a kubeconfig file and its current context.
     *
     * @param kubeconfig the file
     * @return this builder
     */
    public Builder kubeconfig(Path kubeconfig) {
      return credentials(ClusterCredentials.kubeconfig(kubeconfig));
    }

    /**
     * Reaches the cluster through a context of a kubeconfig file.
     *
     * @param kubeconfig the file
     * @param context the context
     * @return this builder
     */
    public Builder kubeconfig(Path kubeconfig, String context) {
      return credentials(ClusterCredentials.kubeconfig(kubeconfig, context));
    }
  }
}
