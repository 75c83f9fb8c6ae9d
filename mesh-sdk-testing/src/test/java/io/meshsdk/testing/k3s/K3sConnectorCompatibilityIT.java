package io.meshsdk.testing.k3s;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.ClusterConnectorCompatibilityKit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Kubernetes connector with its default options against real API servers: one k3s per
 * cluster, with Istio's CRDs from {@code -Dmeshsdk.istio.data}, and two fresh namespaces per test.
 * Real server-side apply, field managers, preconditions, merge patches and token controller, so
 * nothing is skipped. Skipped as a whole where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("The Kubernetes connector on k3s passes the compatibility kit")
class K3sConnectorCompatibilityIT extends ClusterConnectorCompatibilityKit {
  private static K3sClusters k3s;
  private String namespace;
  private String otherNamespace;

  @BeforeAll
  static void startK3s() {
    String data = System.getProperty("meshsdk.istio.data", "../shared/istio");
    k3s = K3sClusters.start(Path.of(data, "crd-all.gen.yaml"), CONTROL_PLANE, MEMBER);
  }

  @AfterAll
  static void stopK3s() {
    if (k3s != null) {
      k3s.close();
    }
  }

  @Override
  protected ClusterConnector newConnector(List<String> clusters) {
    namespace = k3s.newNamespace();
    otherNamespace = k3s.newNamespace();
    return k3s.connector();
  }

  @Override
  protected ClusterSpec clusterSpec(String cluster) {
    return k3s.clusterSpec(cluster);
  }

  @Override
  protected String namespace() {
    return namespace;
  }

  @Override
  protected String otherNamespace() {
    return otherNamespace;
  }

  @Override
  protected void closeConnector(ClusterConnector connector) {
    k3s.deleteNamespaces();
  }
}
