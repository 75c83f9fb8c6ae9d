package io.meshsdk.core.internal;

import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterRegistry;
import io.meshsdk.event.ClusterHealthChanged;
import io.meshsdk.event.MeshOperation;
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
    engine.hooks.check(engine.principal, MeshOperation.MANAGE_CLUSTERS, Optional.empty(), Optional.empty());
    return engine.hooks.audited(engine.principal, MeshOperation.MANAGE_CLUSTERS, Optional.empty(),
        "register cluster " + spec.name(), () -> engine.store.createCluster(spec).value());
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
    ClusterHealth health;
    try {
      health = engine.connection(name).health();
    } catch (MeshException e) {
      // a connector that cannot even open the connection still answers with a status
      health = ClusterHealth.unreachable(name, engine.settings.clock().instant(), e.getMessage());
    }
    ClusterHealth probed = health;
    engine.hooks.healthChange(name, probed.status()).ifPresent(previous ->
        engine.hooks.fire(l -> l.clusterHealthChanged(ClusterHealthChanged.builder().at(engine.hooks.now())
            .cluster(name).previous(previous).health(probed).build())));
    return probed;
  }

  @Override
  public void unregister(String name) {
    engine.hooks.check(engine.principal, MeshOperation.MANAGE_CLUSTERS, Optional.empty(), Optional.empty());
    engine.hooks.audited(engine.principal, MeshOperation.MANAGE_CLUSTERS, Optional.empty(),
        "unregister cluster " + name, () -> {
          unregisterChecked(name);
          return null;
        });
  }

  private void unregisterChecked(String name) {
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
