package io.meshsdk.topology;

/**
 * What one node is. In most graphs every node has the graph's kind; a graph also holds service
 * nodes for requests that reached no workload, and the unknown node for callers outside the mesh.
 *
 * @since 0.1.0
 */
public enum NodeType {
  /** A workload, such as a Deployment. */
  WORKLOAD,
  /** An application, or one version of it. */
  APP,
  /** A Kubernetes service. */
  SERVICE,
  /** Callers the mesh cannot identify: clients without a sidecar, outside the mesh. */
  UNKNOWN
}
