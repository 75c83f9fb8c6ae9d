package io.meshsdk.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.immutables.value.Value;

/**
 * What {@link io.meshsdk.MeshManager#builder()} was told, handed to the {@link
 * MeshEngineProvider}. Absent parts are resolved by the engine: the backend through {@link
 * java.util.ServiceLoader}, the connector and store to the embedded in-memory defaults.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class MeshManagerSettings {

  MeshManagerSettings() {}

  /**
   * Starts the settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The backend chosen explicitly.
   *
   * @return the provider, or empty to look it up
   */
  public abstract Optional<MeshBackendProvider> backend();

  /**
   * The cluster connector chosen explicitly.
   *
   * @return the connector, or empty for the embedded in-memory clusters
   */
  public abstract Optional<ClusterConnector> connector();

  /**
   * The store chosen explicitly.
   *
   * @return the store, or empty for the embedded in-memory store
   */
  public abstract Optional<MeshStore> store();

  /**
   * The telemetry source for topology.
   *
   * @return the source, or empty
   */
  public abstract Optional<TelemetrySource> telemetry();

  /**
   * The clock used for timestamps and backoff.
   *
   * @return the clock
   */
  @Value.Default
  public Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * How many clusters a plan is applied to at once.
   *
   * @return at least 1
   */
  @Value.Default
  public int applyParallelism() {
    return 4;
  }

  /**
   * How many objects are written to one cluster at once. Objects of one kind are written
   * concurrently up to this bound; every object of a kind is written before the first of the next
   * kind (a DestinationRule before the VirtualService that uses its subsets), and deletions go in
   * reverse order. The cluster's client-side rate limit still applies to all of them together.
   *
   * @return 1 to 64; 8 unless set
   * @since 0.2.0
   */
  @Value.Default
  public int writesPerCluster() {
    return 8;
  }

  /**
   * How many times a write is tried before it is reported failed.
   *
   * @return at least 1
   */
  @Value.Default
  public int maxAttempts() {
    return 5;
  }

  /**
   * The wait before the first retry; it doubles each time, with jitter.
   *
   * @return the initial backoff
   */
  @Value.Default
  public Duration initialBackoff() {
    return Duration.ofMillis(200);
  }

  /**
   * The listeners told about plans, applies, membership, health, drift and topology reads.
   *
   * @return the listeners, in registration order
   * @since 0.2.0
   */
  public abstract List<io.meshsdk.event.MeshListener> listeners();

  /**
   * Where audit records of writes go.
   *
   * @return the sink, or empty for no audit trail
   * @since 0.2.0
   */
  public abstract Optional<io.meshsdk.event.AuditSink> auditSink();

  /**
   * Which principal may act on which meshes and namespaces.
   *
   * @return the policy, or empty to allow every call
   * @since 0.2.0
   */
  public abstract Optional<io.meshsdk.access.AccessPolicy> accessPolicy();

  /**
   * Where the asynchronous variants of operations run.
   *
   * @return the executor, or empty for the manager's own pool
   * @since 0.2.0
   */
  public abstract Optional<Executor> executor();

  @Value.Check
  void check() {
    io.meshsdk.internal.Violations v = new io.meshsdk.internal.Violations();
    v.range("applyParallelism", applyParallelism(), 1, 256);
    v.range("writesPerCluster", writesPerCluster(), 1, 64);
    v.range("maxAttempts", maxAttempts(), 1, 100);
    if (initialBackoff().isNegative()) {
      v.add("initialBackoff", "must not be negative, but was " + initialBackoff());
    }
    v.throwIfAny("MeshManager settings");
  }

  /** Builds {@link MeshManagerSettings}. */
  public static final class Builder extends ImmutableMeshManagerSettings.Builder {
    Builder() {}
  }
}
