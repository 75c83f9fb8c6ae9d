package io.meshsdk.core.internal;

import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import io.meshsdk.topology.TopologyReader;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.event.TopologyRead;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.Map;
import java.util.Objects;

/**
 * Reads topology through the backend, after checking that it and a telemetry source are there.
 * Resolves the window's end with the manager's clock and hands the backend a read-only view of
 * the mesh's clusters, through the engine's pooled connections.
 */
final class DefaultTopologyReader implements TopologyReader {
  private final Engine engine;
  private final String mesh;

  DefaultTopologyReader(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public TopologyGraph read(TopologyQuery query) {
    Objects.requireNonNull(query, "query");
    checkAccess(query);
    Instant started = engine.hooks.now();
    TopologyGraph graph = readChecked(query);
    Instant finished = engine.hooks.now();
    engine.hooks.fire(l -> l.topologyRead(TopologyRead.builder().at(finished).mesh(mesh).nodes(graph.nodes().size())
        .edges(graph.edges().size()).queries(graph.queries()).partial(graph.partial())
        .duration(Duration.between(started, finished)).build()));
    return graph;
  }

  @Override
  public CompletableFuture<TopologyGraph> readAsync(TopologyQuery query) {
    Objects.requireNonNull(query, "query");
    checkAccess(query);
    try {
      return CompletableFuture.supplyAsync(() -> read(query), engine.asyncExecutor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.CONFIGURATION,
          "the executor refused to read the topology of mesh " + mesh + "; is the MeshManager closed?", e));
    }
  }

  /** The query's namespaces must each be readable; a query of every namespace needs the whole mesh. */
  private void checkAccess(TopologyQuery query) {
    if (query.namespaces().isEmpty()) {
      engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.empty());
    }
    for (String namespace : query.namespaces()) {
      engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.of(namespace));
    }
  }

  private TopologyGraph readChecked(TopologyQuery query) {
    MeshSpec spec = engine.mesh(mesh).value();
    if (!engine.backend.capabilities().contains(BackendCapability.TELEMETRY)) {
      throw new UnsupportedCapabilityException("the " + engine.backend.id()
          + " backend in use does not read topology from telemetry");
    }
    TelemetrySource source = engine.settings.telemetry().orElseThrow(() -> new UnsupportedCapabilityException(
        "no telemetry source is configured; pass one with MeshManager.builder().telemetry(...)"));
    TopologyQuery resolved = query.end().isPresent() ? query : query.endingAt(engine.settings.clock().instant());
    return engine.backend.topology(source, resolved, TranslationContext.of(mesh), new Clusters(engine, spec));
  }

  /** The mesh's clusters as the engine knows them when the read starts. */
  private static final class Clusters implements MeshClusterReader {
    private final Engine engine;
    private final List<String> clusters;
    private final List<String> configClusters;

    Clusters(Engine engine, MeshSpec spec) {
      this.engine = engine;
      this.clusters = List.copyOf(spec.clusters());
      this.configClusters = List.copyOf(spec.configClusters());
    }

    @Override
    public List<String> clusters() {
      return clusters;
    }

    @Override
    public List<String> configClusters() {
      return configClusters;
    }

    @Override
    public List<MeshResource> list(String cluster, ResourceType type, String namespace) {
      if (!clusters.contains(cluster)) {
        throw new MeshNotFoundException("cluster " + cluster + " is not part of the mesh");
      }
      return engine.connection(cluster).list(type, namespace, Map.of());
    }
  }
}
