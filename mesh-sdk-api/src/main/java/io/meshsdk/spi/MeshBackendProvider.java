package io.meshsdk.spi;

/**
 * Entry point of a mesh backend (for example Istio). Given to {@code
 * MeshManager.builder().backend(...)}, or found by {@link java.util.ServiceLoader} when exactly
 * one is on the classpath.
 *
 * @since 0.1.0
 */
public interface MeshBackendProvider {

  /**
   * A short, stable identifier, for example {@code istio}.
   *
   * @return the identifier
   */
  String id();

  /**
   * Creates the backend. Called once per manager.
   *
   * @return the backend
   */
  MeshBackend create();
}
