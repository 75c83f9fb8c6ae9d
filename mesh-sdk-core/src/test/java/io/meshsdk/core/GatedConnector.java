package io.meshsdk.core;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-memory clusters whose writes can be held at a gate (the writer announces it has arrived,
 * then waits until the test opens the gate) and whose API servers can be made unreachable.
 */
final class GatedConnector implements ClusterConnector {
  final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  final AtomicBoolean unreachable = new AtomicBoolean();
  private volatile CountDownLatch arrived;
  private volatile CountDownLatch gate;

  /** Holds the next write at the gate. */
  void holdNextWrite() {
    arrived = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  void awaitArrival() throws InterruptedException {
    if (!arrived.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no write reached the gate");
    }
  }

  void open() {
    gate.countDown();
  }

  @Override
  public String id() {
    return "gated";
  }

  @Override
  public ClusterConnection connect(ClusterSpec cluster) {
    return new ForwardingConnection(clusters.connect(cluster)) {
      @Override
      public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
        CountDownLatch here = arrived;
        CountDownLatch wait = gate;
        if (here != null && here.getCount() > 0) {
          here.countDown();
          try {
            if (!wait.await(30, TimeUnit.SECONDS)) {
              throw new MeshException(ErrorCode.TIMEOUT, "the test never opened the gate");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERRUPTED, "interrupted at the gate", e);
          }
        }
        return delegate.apply(type, resource, options);
      }

      @Override
      public String serverVersion() {
        if (unreachable.get()) {
          throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "cluster " + cluster() + " does not answer");
        }
        return delegate.serverVersion();
      }
    };
  }
}
