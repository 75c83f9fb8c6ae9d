package io.meshsdk.testing.real;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.ClusterConnectorCompatibilityKit;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The Kubernetes connector with its default options against real kube-apiservers: server-side
 * apply, field managers, preconditions, merge patches, RBAC and the token controller are the real
 * ones, so nothing is skipped. Two fresh namespaces per test, and
 * every object the SDK manages or the test made is deleted after each, so that each test starts
 * on empty clusters.
 */
@DisplayName("The Kubernetes connector on real API servers passes the compatibility kit")
class RealApiServerConnectorCompatibilityIT extends ClusterConnectorCompatibilityKit {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static RealApiServers servers;
  private String namespace;
  private String otherNamespace;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().controllers(true).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Override
  protected ClusterConnector newConnector(List<String> clusters) {
    namespace = "kit-" + NAMESPACES.incrementAndGet();
    otherNamespace = namespace + "-other";
    for (String cluster : clusters) {
      servers.createNamespace(cluster, namespace);
      servers.createNamespace(cluster, otherNamespace);
    }
    return servers.connector();
  }

  @Override
  protected ClusterSpec clusterSpec(String cluster) {
    return servers.clusterSpec(cluster);
  }

  @Override
  protected void closeConnector(ClusterConnector connector) {
    servers.deleteObjects(List.of(namespace, otherNamespace));
  }

  @Override
  protected String namespace() {
    return namespace;
  }

  @Override
  protected String otherNamespace() {
    return otherNamespace;
  }
}
