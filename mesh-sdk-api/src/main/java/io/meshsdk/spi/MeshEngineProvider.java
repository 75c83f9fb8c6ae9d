package io.meshsdk.spi;

import io.meshsdk.MeshManager;

/**
 * Creates the engine behind {@link MeshManager}; found by {@link java.util.ServiceLoader}.
 * {@code mesh-sdk-core} provides the one implementation.
 *
 * @since 0.1.0
 */
public interface MeshEngineProvider {

  /**
   * Creates a manager.
   *
   * @param settings what the builder was told
   * @return a ready manager
   */
  MeshManager create(MeshManagerSettings settings);
}
