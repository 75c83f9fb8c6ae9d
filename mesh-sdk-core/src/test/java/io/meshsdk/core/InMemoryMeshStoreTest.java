package io.meshsdk.core;

import io.meshsdk.spi.MeshStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryMeshStore")
class InMemoryMeshStoreTest extends MeshStoreContract {
  @Override
  MeshStore newStore() {
    return new InMemoryMeshStore();
  }
}
