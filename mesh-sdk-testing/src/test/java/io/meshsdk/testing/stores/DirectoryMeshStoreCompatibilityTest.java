package io.meshsdk.testing.stores;

import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.testing.MeshStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The directory store, two instances on one directory")
class DirectoryMeshStoreCompatibilityTest extends MeshStoreCompatibilityKit {
  @TempDir
  Path dir;

  @Override
  protected MeshStore newStore() {
    return new DirectoryMeshStore(dir);
  }

  @Override
  protected MeshStore replicaOf(MeshStore store) {
    return new DirectoryMeshStore(dir);
  }
}
