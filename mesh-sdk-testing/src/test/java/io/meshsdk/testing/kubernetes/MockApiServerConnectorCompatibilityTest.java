package io.meshsdk.testing.kubernetes;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.ClusterConnectorCompatibilityKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * The Kubernetes connector with its default options (server-side apply, falling back to replace
 * when the server refuses it, as the mock servers do) against one mock API server per cluster.
 */
@DisplayName("The Kubernetes connector on mock API servers passes the compatibility kit")
class MockApiServerConnectorCompatibilityTest extends ClusterConnectorCompatibilityKit {
  private MockApiServers servers;

  @Override
  protected ClusterConnector newConnector(List<String> clusters) {
    servers = new MockApiServers();
    return KubernetesClusterConnector.builder().build();
  }

  @Override
  protected ClusterSpec clusterSpec(String cluster) {
    return servers.clusterSpec(cluster);
  }

  @Override
  protected void beforeJoin(String mesh, String member) {
    servers.issueReaderToken(mesh, member);
  }

  /** The mock server ignores the preconditions of a DELETE; a real API server checks them. */
  @Override
  protected boolean enforcesResourceVersionPreconditionsOnDelete() {
    return false;
  }

  /** The mock server stores a field merge-patched to null instead of removing it (RFC 7386). */
  @Override
  protected boolean mergePatchRemovesNullFields() {
    return false;
  }

  @Override
  protected void closeConnector(ClusterConnector connector) {
    servers.close();
  }
}
