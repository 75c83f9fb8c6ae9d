package io.meshsdk.topology;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A node of the service graph: a workload or service in a namespace, on a cluster.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class TopologyNode {

  TopologyNode() {}

  /**
   * Creates a node.
   *
   * @param namespace the namespace
   * @param name the workload or service
   * @param cluster the cluster, or {@code null} if unknown
   * @return the node
   */
  public static TopologyNode of(String namespace, String name, String cluster) {
    return ImmutableTopologyNode.builder()
        .namespace(namespace)
        .name(name)
        .cluster(Optional.ofNullable(cluster))
        .build();
  }

  /**
   * The namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The workload or service.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The cluster the node runs on.
   *
   * @return the cluster's name, if known
   */
  public abstract Optional<String> cluster();

  /**
   * A stable identifier, {@code cluster/namespace/name}.
   *
   * @return the identifier
   */
  public final String id() {
    return cluster().orElse("") + "/" + namespace() + "/" + name();
  }
}
