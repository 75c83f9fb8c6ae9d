package io.meshsdk.testing;

import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.spi.ClusterConnector;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory connector passes the compatibility kit")
class InMemoryConnectorCompatibilityTest extends ClusterConnectorCompatibilityKit {

  @Override
  protected ClusterConnector newConnector(List<String> clusters) {
    return new InMemoryClusterConnector();
  }
}
