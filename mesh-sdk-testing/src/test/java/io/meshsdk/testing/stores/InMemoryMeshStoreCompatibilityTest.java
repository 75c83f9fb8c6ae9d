package io.meshsdk.testing.stores;

import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.testing.MeshStoreCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory store")
class InMemoryMeshStoreCompatibilityTest extends MeshStoreCompatibilityKit {
  @Override
  protected MeshStore newStore() {
    return new InMemoryMeshStore();
  }
}
