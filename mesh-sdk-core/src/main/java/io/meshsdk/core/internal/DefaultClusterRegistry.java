package io.meshsdk.core.internal;

import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterRegistry;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registry of clusters, kept in the manager's store. */
final class DefaultClusterRegistry implements ClusterRegistry {
  private final Engine engine;
  private final Claims claims;

  DefaultClusterRegistry(Engine engine) {
    this.engine = engine;
    this.claims = new Claims(engine);
  }

  @Override
  public ClusterSpec register(ClusterSpec spec) {
    return engine.store.createCluster(spec).value();
  }

  @Override
  public ClusterSpec get(String name) {
    return find(name).orElseThrow(() -> new MeshNotFoundException("cluster.not-registered", Map.of("cluster", name), "cluster " + name + " is not registered"));
  }

  @Override
  public Optional<ClusterSpec> find(String name) {
    return engine.store.cluster(name).map(Versioned::value);
  }

  @Override
  public List<ClusterSpec> list() {
    return engine.store.clusters().stream().map(Versioned::value).collect(Collectors.toList());
  }

  @Override
  public ClusterHealth health(String name) {
    get(name);
    try {
      return engine.connection(name).health();
    } catch (MeshException e) {
      // a connector that cannot even open the connection still answers with a status
      return ClusterHealth.unreachable(name, engine.settings.clock().instant(), e.getMessage());
    }
  }

  @Override
  public void unregister(String name) {
    Versioned<ClusterSpec> cluster = engine.store.cluster(name)
        .orElseThrow(() -> new MeshNotFoundException("cluster.not-registered", Map.of("cluster", name), "cluster " + name + " is not registered"));
    // the registry's claim makes a join or a creation racing this removal fail instead of naming a cluster that is gone
    try (Claims.Held claim = claims.claimCluster(name, null, Claims.newAttempt())) {
      for (Versioned<MeshSpec> mesh : engine.store.meshes()) {
        if (mesh.value().clusters().contains(name)) {
          throw new MeshConflictException("cluster " + name + " still belongs to mesh " + mesh.value().name()
              + "; remove it from the mesh first");
        }
      }
      engine.store.deleteCluster(name, cluster.version());
    }
    engine.disconnect(name);
  }
}
