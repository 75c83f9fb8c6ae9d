package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A node of the service graph: a workload, an application (version) or a service, in a namespace
 * on a cluster; or the unknown caller outside the mesh.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTopologyNode.class)
@JsonDeserialize(as = ImmutableTopologyNode.class)
public abstract class TopologyNode {

  /** The cluster and namespace of the unknown node, and its name. */
  public static final String UNKNOWN = "unknown";

  TopologyNode() {}

  /**
   * Starts a node.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The identifier of a node, as {@link #id()} computes it.
   *
   * @param type the node's type
   * @param cluster the cluster
   * @param namespace the namespace
   * @param name the workload, application or service
   * @param version the application version of a versioned-application node, or {@code null}
   * @return for example {@code workload:east/bookinfo/reviews-v2}, {@code
   *     app:east/bookinfo/reviews/v2} or {@code unknown}
   */
  public static String id(
      NodeType type, String cluster, String namespace, String name, String version) {
    if (type == NodeType.UNKNOWN) {
      return UNKNOWN;
    }
    StringBuilder id = new StringBuilder(48)
        .append(type.name().toLowerCase(Locale.ROOT)).append(':')
        .append(cluster).append('/').append(namespace).append('/').append(name);
    if (version != null && type == NodeType.APP) {
      id.append('/').append(version);
    }
    return id.toString();
  }

  /**
   * A stable identifier, unique in its graph: type, cluster, namespace, name, and the version
   * for application nodes of a versioned-application graph.
   *
   * @return for example {@code workload:east/bookinfo/reviews-v2}
   */
  @Value.Default
  public String id() {
    return id(type(), cluster(), namespace(), name(), version().orElse(null));
  }

  /**
   * What the node is.
   *
   * @return the type
   */
  public abstract NodeType type();

  /**
   * The cluster the node runs on.
   *
   * @return the cluster's name, {@code unknown} if the telemetry does not say
   */
  public abstract String cluster();

  /**
   * The namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The workload, application or service name.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The application the node belongs to (Istio's canonical service).
   *
   * @return the application, if known
   */
  public abstract Optional<String> app();

  /**
   * The application version (Istio's canonical revision); set on versioned-application and
   * workload nodes.
   *
   * @return the version, if known
   */
  public abstract Optional<String> version();

  /**
   * The services through which the node was called in the window.
   *
   * @return service names, ordered
   */
  public abstract List<String> services();

  /**
   * Whether the node is known from configuration only, with no traffic in the window.
   *
   * @return {@code true} for an idle node
   */
  @Value.Default
  public boolean idle() {
    return false;
  }

  /**
   * The traffic into the node: the sum of its incoming edges, with latency as the node's
   * callers saw it.
   *
   * @return the inbound traffic
   */
  @Value.Default
  public TrafficMetrics inbound() {
    return TrafficMetrics.none();
  }

  /**
   * The traffic out of the node: the sum of its outgoing edges.
   *
   * @return the outbound traffic
   */
  @Value.Default
  public TrafficMetrics outbound() {
    return TrafficMetrics.none();
  }

  /**
   * How the node is doing, judged on its inbound traffic (on its outbound traffic for nodes
   * nobody calls, such as gateways).
   *
   * @return the status
   */
  @Value.Default
  public HealthStatus health() {
    return HealthStatus.NO_TRAFFIC;
  }

  /**
   * The configuration that applies to the node.
   *
   * @return the annotations, ordered by kind and name
   */
  public abstract List<ConfigAnnotation> annotations();

  /**
   * A short human-readable name: the name, with the version for versioned nodes.
   *
   * @return for example {@code reviews v2}
   */
  public final String label() {
    return version().filter(v -> type() == NodeType.APP).map(v -> name() + " " + v).orElse(name());
  }

  /** Builds {@link TopologyNode}. */
  public static final class Builder extends ImmutableTopologyNode.Builder {
    Builder() {}
  }
}
