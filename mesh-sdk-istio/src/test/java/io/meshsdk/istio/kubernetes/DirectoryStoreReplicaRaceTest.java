package io.meshsdk.istio.kubernetes;

import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.spi.MeshStore;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two replicas racing on one store directory")
class DirectoryStoreReplicaRaceTest extends ReplicaRaceTest {
  @TempDir
  Path dir;

  @Override
  protected MeshStore replica() {
    return new DirectoryMeshStore(dir);
  }
}
