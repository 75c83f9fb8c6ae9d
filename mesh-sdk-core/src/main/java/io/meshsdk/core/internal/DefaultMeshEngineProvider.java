package io.meshsdk.core.internal;

import io.meshsdk.MeshConfigurationException;
import io.meshsdk.MeshManager;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.MeshEngineProvider;
import io.meshsdk.spi.MeshManagerSettings;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Found by {@code MeshManager.builder()}: resolves the backend and wires the engine. */
public final class DefaultMeshEngineProvider implements MeshEngineProvider {

  /** Called by {@link ServiceLoader}. */
  public DefaultMeshEngineProvider() {}

  @Override
  public MeshManager create(MeshManagerSettings settings) {
    MeshBackend backend = settings.backend().orElseGet(DefaultMeshEngineProvider::discoverBackend).create();
    Engine engine = new Engine(
        settings.store().orElseGet(InMemoryMeshStore::new),
        settings.connector().orElseGet(InMemoryClusterConnector::new),
        backend,
        settings);
    return new DefaultMeshManager(engine);
  }

  /** Exactly one backend on the classpath, or an error saying how to get there. */
  static MeshBackendProvider discoverBackend() {
    List<MeshBackendProvider> found = ServiceLoader.load(MeshBackendProvider.class, DefaultMeshEngineProvider.class.getClassLoader())
        .stream().map(ServiceLoader.Provider::get).collect(Collectors.toList());
    return choose(found);
  }

  static MeshBackendProvider choose(List<MeshBackendProvider> found) {
    if (found.isEmpty()) {
      throw new MeshConfigurationException("No mesh backend on the classpath. Add the dependency"
          + " io.meshsdk:mesh-sdk-istio, or pass one with MeshManager.builder().backend(...).");
    }
    if (found.size() > 1) {
      throw new MeshConfigurationException("Several mesh backends on the classpath ("
          + found.stream().map(p -> p.id() + " = " + p.getClass().getName()).collect(Collectors.joining(", "))
          + "). Choose one with MeshManager.builder().backend(new ...Provider()).");
    }
    return found.get(0);
  }
}
