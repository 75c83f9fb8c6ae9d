package io.meshsdk.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a health probe found on one cluster: whether its API server answered and how fast, its
 * Kubernetes version, and what of Istio is installed there (CRDs and the API versions they
 * serve, istiod revisions, the sidecar-injector webhook, the network label). An unreachable
 * cluster is a {@link Status#UNREACHABLE} health, never an exception.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterHealth.class)
@JsonDeserialize(as = ImmutableClusterHealth.class)
public abstract class ClusterHealth {

  /** The overall verdict of a probe. */
  public enum Status {
    /** The API server answered and every check could be made. */
    REACHABLE,
    /**
     * The API server answered but some checks failed, typically for lack of permission; see
     * {@link #problems()}.
     */
    DEGRADED,
    /** The API server did not answer, or refused the credentials. */
    UNREACHABLE
  }

  ClusterHealth() {}

  /**
   * Starts a health report.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A report for a cluster whose API server could not be reached.
   *
   * @param cluster the cluster's name
   * @param checkedAt when the probe ran
   * @param problem why, for a human; never holds a credential
   * @return the report
   */
  public static ClusterHealth unreachable(String cluster, Instant checkedAt, String problem) {
    return builder()
        .cluster(cluster)
        .status(Status.UNREACHABLE)
        .checkedAt(checkedAt)
        .addProblem(problem)
        .build();
  }

  /**
   * The cluster probed.
   *
   * @return its registered name
   */
  public abstract String cluster();

  /**
   * The verdict.
   *
   * @return reachable, degraded or unreachable
   */
  public abstract Status status();

  /**
   * When the probe ran.
   *
   * @return the instant
   */
  public abstract Instant checkedAt();

  /**
   * How long the API server took to answer the version request.
   *
   * @return the round trip; empty when unreachable
   */
  public abstract Optional<Duration> latency();

  /**
   * The API server's version.
   *
   * @return for example {@code v1.31.2}; empty when unreachable
   */
  public abstract Optional<String> kubernetesVersion();

  /**
   * The Istio CustomResourceDefinitions installed, each with the API versions it serves.
   *
   * @return CRD name (for example {@code virtualservices.networking.istio.io}) to served
   *     versions, ordered by name; empty when Istio is not installed
   */
  public abstract Map<String, List<String>> istioCrds();

  /**
   * The istiod control planes found in {@code istio-system}.
   *
   * @return one entry per istiod Deployment, ordered by revision
   */
  public abstract List<IstiodRevision> istiodRevisions();

  /**
   * The names of the sidecar-injector MutatingWebhookConfigurations found.
   *
   * @return for example {@code istio-sidecar-injector}; empty when injection is not installed
   */
  public abstract List<String> sidecarInjectorWebhooks();

  /**
   * The Istio network of the cluster, from the {@code topology.istio.io/network} label of the
   * {@code istio-system} namespace.
   *
   * @return the network; empty when not labelled
   */
  public abstract Optional<String> network();

  /**
   * What could not be checked or reached, for a human. Never holds a credential.
   *
   * @return the problems, in the order found
   */
  public abstract List<String> problems();

  /**
   * Whether the API server answered.
   *
   * @return {@code true} unless {@link Status#UNREACHABLE}
   */
  @JsonIgnore
  public final boolean reachable() {
    return status() != Status.UNREACHABLE;
  }

  /**
   * Whether Istio's networking CRDs are installed, so that policies can be written here.
   *
   * @return {@code true} when {@code virtualservices.networking.istio.io} is present
   */
  @JsonIgnore
  public final boolean istioInstalled() {
    return istioCrds().containsKey("virtualservices.networking.istio.io");
  }

  /**
   * Whether a sidecar-injector webhook is installed.
   *
   * @return {@code true} when at least one was found
   */
  @JsonIgnore
  public final boolean sidecarInjectorPresent() {
    return !sidecarInjectorWebhooks().isEmpty();
  }

  /** Builds {@link ClusterHealth}. */
  public static final class Builder extends ImmutableClusterHealth.Builder {
    Builder() {}
  }

  /**
   * This health report as JSON, in the stable form that {@link #fromJson(String)} reads: the
   * properties of the accessors, absent optional values left out, keys sorted.
   *
   * @return compact JSON text
   * @since 0.2.0
   */
  public final String toJson() {
    return io.meshsdk.internal.ApiJson.canonical(this, ClusterHealth.class);
  }

  /**
   * Reads a health report from the JSON that {@link #toJson()} writes.
   *
   * @param json the JSON text
   * @return the value
   * @throws io.meshsdk.ValidationException if the text is not such JSON, naming the field
   * @since 0.2.0
   */
  public static ClusterHealth fromJson(String json) {
    return io.meshsdk.internal.JsonInput.read(json, ClusterHealth.class);
  }

}
