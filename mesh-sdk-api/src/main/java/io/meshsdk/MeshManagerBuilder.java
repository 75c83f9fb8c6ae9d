package io.meshsdk;

import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.MeshEngineProvider;
import io.meshsdk.spi.MeshManagerSettings;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.TelemetrySource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Configures a {@link MeshManager}. Every setting is optional: the defaults embed everything in
 * memory, which is what examples and tests want.
 *
 * @since 0.1.0
 */
public final class MeshManagerBuilder {
  private final MeshManagerSettings.Builder settings = MeshManagerSettings.builder();

  MeshManagerBuilder() {}

  /**
   * Uses this mesh backend instead of looking one up with {@link ServiceLoader}. Needed only when
   * several backends are on the classpath.
   *
   * @param backend the backend's provider
   * @return this builder
   */
  public MeshManagerBuilder backend(MeshBackendProvider backend) {
    settings.backend(Objects.requireNonNull(backend, "backend"));
    return this;
  }

  /**
   * Reaches clusters through this connector instead of the embedded in-memory clusters.
   *
   * @param connector the connector
   * @return this builder
   */
  public MeshManagerBuilder connector(ClusterConnector connector) {
    settings.connector(Objects.requireNonNull(connector, "connector"));
    return this;
  }

  /**
   * Keeps the registry of clusters and meshes in this store instead of in memory. Use a durable
   * store when the registry must survive restarts or be shared by several replicas.
   *
   * @param store the store
   * @return this builder
   */
  public MeshManagerBuilder store(MeshStore store) {
    settings.store(Objects.requireNonNull(store, "store"));
    return this;
  }

  /**
   * Reads topology from this telemetry source.
   *
   * @param telemetry the source
   * @return this builder
   */
  public MeshManagerBuilder telemetry(TelemetrySource telemetry) {
    settings.telemetry(Objects.requireNonNull(telemetry, "telemetry"));
    return this;
  }

  /**
   * Uses this clock for timestamps and backoff; tests pass a fixed one.
   *
   * @param clock the clock
   * @return this builder
   */
  public MeshManagerBuilder clock(Clock clock) {
    settings.clock(Objects.requireNonNull(clock, "clock"));
    return this;
  }

  /**
   * How many clusters a plan is applied to at once; 4 by default. Raise it for meshes with many
   * members when the API servers can take the load.
   *
   * @param parallelism 1 to 256
   * @return this builder
   */
  public MeshManagerBuilder applyParallelism(int parallelism) {
    settings.applyParallelism(parallelism);
    return this;
  }

  /**
   * How many objects are written to one cluster at once; 8 by default. Objects of one kind go
   * concurrently, kinds one after the other in dependency order (every DestinationRule before the
   * first VirtualService; deletions in reverse), so the order a plan promises is kept. Lower it to
   * spare a busy API server, raise it when the cluster's rate limit is raised too; 1 writes one
   * object at a time.
   *
   * @param writes 1 to 64
   * @return this builder
   * @since 0.2.0
   */
  public MeshManagerBuilder writesPerCluster(int writes) {
    settings.writesPerCluster(writes);
    return this;
  }

  /**
   * How writes that fail transiently (conflicts, throttling, 5xx, I/O) are retried: up to {@code
   * maxAttempts} tries, waiting {@code initialBackoff} before the first retry and doubling with
   * jitter after. The defaults, 5 tries from 200ms, ride out an API server restart.
   *
   * @param maxAttempts 1 to 100; 1 disables retries
   * @param initialBackoff the first wait
   * @return this builder
   */
  public MeshManagerBuilder retries(int maxAttempts, Duration initialBackoff) {
    settings.maxAttempts(maxAttempts).initialBackoff(Objects.requireNonNull(initialBackoff));
    return this;
  }

  /**
   * Tells a listener about plans, applies (per cluster and object), retried writes, membership
   * and health changes, drift found and topology reads. Call it once per listener; they are told
   * in the order added. A listener that throws is logged and ignored.
   *
   * @param listener the listener
   * @return this builder
   * @since 0.2.0
   */
  public MeshManagerBuilder listener(io.meshsdk.event.MeshListener listener) {
    settings.addListener(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Delivers an audit record of every write (and of every refused operation) to this sink.
   *
   * @param sink the platform's audit trail
   * @return this builder
   * @since 0.2.0
   */
  public MeshManagerBuilder auditSink(io.meshsdk.event.AuditSink sink) {
    settings.auditSink(Objects.requireNonNull(sink, "sink"));
    return this;
  }

  /**
   * Checks every plan, write and inventory read against this policy for the principal of {@link
   * MeshManager#as(String)}. Without one, every call is allowed.
   *
   * @param policy the access policy
   * @return this builder
   * @since 0.2.0
   */
  public MeshManagerBuilder accessPolicy(io.meshsdk.access.AccessPolicy policy) {
    settings.accessPolicy(Objects.requireNonNull(policy, "policy"));
    return this;
  }

  /**
   * Runs {@code applyAsync}, {@code joinAsync} and {@code readAsync} on this executor, for
   * example the platform's managed pool, instead of the manager's own daemon threads. The
   * per-cluster writes of an apply still use the manager's bounded apply pool.
   *
   * @param executor the executor
   * @return this builder
   * @since 0.2.0
   */
  public MeshManagerBuilder executor(Executor executor) {
    settings.executor(Objects.requireNonNull(executor, "executor"));
    return this;
  }

  /**
   * Creates the manager.
   *
   * @return the manager
   * @throws MeshConfigurationException if no engine ({@code io.meshsdk:mesh-sdk-core}) is on the
   *     classpath, or the backend cannot be resolved
   * @throws ValidationException if a setting is out of range
   */
  public MeshManager build() {
    MeshManagerSettings resolved = settings.build();
    List<MeshEngineProvider> engines =
        ServiceLoader.load(MeshEngineProvider.class, MeshManagerBuilder.class.getClassLoader())
            .stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());
    if (engines.isEmpty()) {
      throw new MeshConfigurationException(
          "No mesh-sdk engine on the classpath. Add the dependency io.meshsdk:mesh-sdk-core"
              + " (and a backend such as io.meshsdk:mesh-sdk-istio).");
    }
    if (engines.size() > 1) {
      throw new MeshConfigurationException(
          "Several mesh-sdk engines on the classpath: "
              + engines.stream().map(e -> e.getClass().getName()).collect(Collectors.joining(", "))
              + ". Keep exactly one io.meshsdk:mesh-sdk-core on the classpath.");
    }
    return engines.get(0).create(resolved);
  }
}
