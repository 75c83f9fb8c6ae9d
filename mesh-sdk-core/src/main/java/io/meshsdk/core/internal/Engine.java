package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshManagerSettings;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services one manager shares across its meshes: store, backend, pooled connections, threads. */
final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  final MeshStore store;
  final ClusterConnector connector;
  final MeshBackend backend;
  final MeshManagerSettings settings;
  final ExecutorService applyPool;
  private final Map<String, ClusterConnection> connections = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Engine(MeshStore store, ClusterConnector connector, MeshBackend backend, MeshManagerSettings settings) {
    this.store = store;
    this.connector = connector;
    this.backend = backend;
    this.settings = settings;
    AtomicInteger threads = new AtomicInteger();
    this.applyPool = Executors.newFixedThreadPool(settings.applyParallelism(), task -> {
      Thread thread = new Thread(task, "mesh-sdk-apply-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The pooled connection to a registered cluster, opened on first use. */
  ClusterConnection connection(String cluster) {
    if (closed) {
      throw new MeshException(ErrorCode.CONFIGURATION, "the MeshManager is closed");
    }
    return connections.computeIfAbsent(cluster, name -> {
      ClusterSpec spec = store.cluster(name)
          .map(Versioned::value)
          .orElseThrow(() -> new MeshNotFoundException("cluster.not-registered", Map.of("cluster", name), "cluster " + name + " is not registered"));
      LOG.debug("connecting to cluster {} through the {} connector", name, connector.id());
      return new RetryingReads(connector.connect(spec), settings);
    });
  }

  /** Closes and forgets the connection to a cluster, if one is open. */
  void disconnect(String cluster) {
    ClusterConnection connection = connections.remove(cluster);
    if (connection != null) {
      connection.close();
    }
  }

  Versioned<MeshSpec> mesh(String name) {
    return store.mesh(name).orElseThrow(() -> new MeshNotFoundException("mesh.not-found", Map.of("mesh", name), "mesh " + name + " does not exist"));
  }

  List<ResourceType> resourceTypes() {
    return backend.resourceTypes();
  }

  /** The backend's type of an object it produced. */
  ResourceType type(ResourceRef ref) {
    return resourceTypes().stream()
        .filter(t -> t.kind().equals(ref.kind()) && t.apiVersion().equals(ref.apiVersion()))
        .findFirst()
        .orElseThrow(() -> new MeshException(ErrorCode.INTERNAL, "the " + backend.id()
            + " backend produced " + ref + " of a kind it does not declare in resourceTypes()"));
  }

  @Override
  public void close() {
    closed = true;
    applyPool.shutdownNow();
    for (String cluster : List.copyOf(connections.keySet())) {
      try {
        disconnect(cluster);
      } catch (RuntimeException e) {
        LOG.warn("closing the connection to cluster {} failed: {}", cluster, e.getMessage());
      }
    }
  }
}
