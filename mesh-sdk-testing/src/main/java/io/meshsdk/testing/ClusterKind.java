package io.meshsdk.testing;

/**
 * What the clusters of a {@link MeshTest} are made of.
 *
 * @since 0.1.0
 */
public enum ClusterKind {
  /**
   * Embedded in-memory clusters: the fastest, and what most tests want. Tests inspect them through
   * {@link io.meshsdk.core.InMemoryClusterConnector}.
   */
  IN_MEMORY,

  /**
   * One fabric8 mock API server per cluster, in CRUD mode, reached over real HTTP through the
   * Kubernetes connector: for tests of what goes over the wire, such as request counts, without
   * Docker. Tests inspect the servers through {@link io.meshsdk.testing.kubernetes.MockApiServers}.
   * Needs {@code io.fabric8:kubernetes-server-mock} on the test classpath.
   */
  MOCK_API_SERVER,

  /**
   * One real {@code kube-apiserver} per cluster, on a fresh etcd, with RBAC, Istio's CRDs and the
   * controllers that issue service-account tokens, reached over HTTPS through the Kubernetes
   * connector with server-side apply: for tests of what production API servers do (field
   * managers, schema and CEL validation, authorization). Each test pays a few seconds per
   * cluster. Tests inspect the servers through {@link
   * io.meshsdk.testing.kubernetes.RealApiServers}; where its binaries are missing the test is
   * skipped with the command that builds them (failed under {@code CI=true}).
   *
   * @since 0.2.0
   */
  REAL_API_SERVER
}
