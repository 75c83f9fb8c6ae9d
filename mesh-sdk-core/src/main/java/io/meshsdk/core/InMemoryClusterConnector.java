package io.meshsdk.core;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default connector: every registered cluster is an {@link InMemoryCluster} that
 * lives as long as this connector. No Kubernetes is needed; what the SDK writes can be inspected
 * with {@link #cluster(String)}.
 *
 * <pre>{@code
 * InMemoryClusterConnector clusters = new InMemoryClusterConnector();
 * MeshManager meshes = MeshManager.builder().connector(clusters).build();
 * // ... apply policies ...
 * clusters.cluster("mcpc-1").objects();   // what landed on the control plane
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InMemoryClusterConnector implements ClusterConnector {
  /** The version the embedded clusters report for their API server. */
  public static final String SERVER_VERSION = "v1.31.0-in-memory";

  private final ConcurrentMap<String, InMemoryCluster> clusters = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();

  @Override
  public String id() {
    return "in-memory";
  }

  /**
   * The embedded cluster of a name, created empty on first use.
   *
   * @param name the cluster's name
   * @return the cluster
   */
  public InMemoryCluster cluster(String name) {
    return clusters.computeIfAbsent(name, n -> new InMemoryCluster(n, versions));
  }

  /**
   * How many writes the SDK made across all clusters.
   *
   * @return the number of creates, updates and deletes
   */
  public long writes() {
    return clusters.values().stream().mapToLong(InMemoryCluster::writes).sum();
  }

  @Override
  public ClusterConnection connect(ClusterSpec spec) {
    return new Connection(cluster(spec.name()));
  }

  private static final class Connection implements ClusterConnection {
    private final InMemoryCluster cluster;
    private volatile boolean closed;

    Connection(InMemoryCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String cluster() {
      return cluster.name();
    }

    @Override
    public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
      ensureOpen();
      return cluster.list(type, namespace, labelSelector);
    }

    @Override
    public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
      ensureOpen();
      return cluster.get(type, namespace, name);
    }

    @Override
    public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
      ensureOpen();
      return cluster.apply(resource, options);
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion) {
      ensureOpen();
      return cluster.delete(type, namespace, name, expectedResourceVersion);
    }

    @Override
    public Optional<ClusterEndpoint> endpoint() {
      return Optional.of(ClusterEndpoint.of("https://" + cluster.name() + ".in-memory.invalid:6443", null));
    }

    @Override
    public String serverVersion() {
      ensureOpen();
      return SERVER_VERSION;
    }

    @Override
    public void close() {
      closed = true;
    }

    private void ensureOpen() {
      if (closed) {
        throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE,
            "the connection to in-memory cluster " + cluster.name() + " is closed");
      }
    }
  }
}
