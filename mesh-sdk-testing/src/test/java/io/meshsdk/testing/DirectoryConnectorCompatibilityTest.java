package io.meshsdk.testing;

import io.meshsdk.core.DirectoryClusterConnector;
import io.meshsdk.spi.ClusterConnector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The directory connector passes the compatibility kit")
class DirectoryConnectorCompatibilityTest extends ClusterConnectorCompatibilityKit {
  @TempDir Path root;

  @Override
  protected ClusterConnector newConnector(List<String> clusters) {
    return new DirectoryClusterConnector(root.resolve("clusters"));
  }
}
