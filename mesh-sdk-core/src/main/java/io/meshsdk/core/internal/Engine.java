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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
  /** Where a cluster's concurrent writes run beside its apply thread; bounded per cluster by the applier. */
  final ExecutorService writePool;
  /** Listeners, audit trail and access policy, shared with every principal view. */
  final Hooks hooks;
  /** Who this engine acts for: empty for the manager itself, the name given to {@code as(...)} for a view. */
  final Optional<String> principal;
  private final ExecutorService asyncPool;
  /** The manager's engine, for a principal view; {@code null} for the manager's own. */
  private final Engine base;
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
    AtomicInteger writeThreads = new AtomicInteger();
    this.writePool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "mesh-sdk-write-" + writeThreads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    AtomicInteger asyncThreads = new AtomicInteger();
    this.asyncPool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "mesh-sdk-async-" + asyncThreads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.hooks = new Hooks(settings);
    this.principal = Optional.empty();
    this.base = null;
  }

  /** A view of a manager's engine acting for a principal; it shares everything and owns nothing. */
  private Engine(Engine base, String principal) {
    this.store = base.store;
    this.connector = base.connector;
    this.backend = base.backend;
    this.settings = base.settings;
    this.applyPool = base.applyPool;
    this.writePool = base.writePool;
    this.asyncPool = base.asyncPool;
    this.hooks = base.hooks;
    this.principal = Optional.of(principal);
    this.base = base;
  }

  /** This engine acting for a principal. */
  Engine as(String principal) {
    return new Engine(base == null ? this : base, principal);
  }

  /** Where asynchronous operations run: the platform's executor, or the manager's own threads. */
  Executor asyncExecutor() {
    return settings.executor().orElse(asyncPool);
  }

  /** The pooled connection to a registered cluster, opened on first use. */
  ClusterConnection connection(String cluster) {
    if (base != null) {
      return base.connection(cluster);
    }
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
    if (base != null) {
      base.disconnect(cluster);
      return;
    }
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
    List<ResourceType> controlPlane = backend.controlPlane().map(c -> c.resourceTypes()).orElse(List.of());
    return Stream.concat(Stream.concat(resourceTypes().stream(), controlPlane.stream()), lifecycleTypes())
        .filter(t -> t.kind().equals(ref.kind()) && t.apiVersion().equals(ref.apiVersion()))
        .findFirst()
        .orElseThrow(() -> new MeshException(ErrorCode.INTERNAL, "the " + backend.id()
            + " backend produced " + ref + " of a kind it does not declare in resourceTypes()"));
  }

  /** The kinds of the mesh's lifecycle objects: gateway instances and the clusters' CA secrets. */
  private Stream<ResourceType> lifecycleTypes() {
    return Stream.concat(
        backend.gateways().map(g -> g.resourceTypes().stream()).orElse(Stream.empty()),
        backend.trust().map(t -> Stream.of(t.caType())).orElse(Stream.empty()));
  }

  @Override
  public void close() {
    if (base != null) {
      return; // a principal view owns nothing
    }
    closed = true;
    applyPool.shutdownNow();
    writePool.shutdownNow();
    asyncPool.shutdownNow();
    for (String cluster : List.copyOf(connections.keySet())) {
      try {
        disconnect(cluster);
      } catch (RuntimeException e) {
        LOG.warn("closing the connection to cluster {} failed: {}", cluster, e.getMessage());
      }
    }
  }
}
