package io.meshsdk.istio.kubernetes;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store that hands every call to another one, and can hold one chosen call until the test lets
 * it go or tell the test that a chosen call happened: what puts two replicas into a chosen
 * interleaving, with no reliance on timing.
 */
final class GatedStore implements MeshStore {
  private static final long TIMEOUT_SECONDS = 60;

  private final MeshStore delegate;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();
  /** The locations of the secrets put through this store, in order. */
  final List<String> putSecrets = new CopyOnWriteArrayList<>();
  /** The locations of the secrets deleted through this store, in order. */
  final List<String> deletedSecrets = new CopyOnWriteArrayList<>();

  GatedStore(MeshStore delegate) {
    this.delegate = delegate;
  }

  /** A call held before it reaches the store. */
  static final class Gate {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void awaitReached() throws InterruptedException {
      if (!reached.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the held call was never made");
      }
    }

    void release() {
      released.countDown();
    }

    private void pass() {
      reached.countDown();
      try {
        if (!released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the held call was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while held", e);
      }
    }
  }

  /** Holds the next call of a method on a name (a cluster's, a mesh's or a claim's key) before it reaches the store. */
  Gate hold(String method, String name) {
    Gate gate = new Gate();
    gates.put(method + " " + name, gate);
    return gate;
  }

  /** Counts down the given latch after each call of a method on a name has returned or thrown. */
  void signal(String method, String name, CountDownLatch latch) {
    signals.put(method + " " + name, latch);
  }

  private <T> T call(String method, String name, Supplier<T> action) {
    String key = method + " " + name;
    Gate gate = gates.remove(key);
    if (gate != null) {
      gate.pass();
    }
    try {
      return action.get();
    } finally {
      CountDownLatch signal = signals.get(key);
      if (signal != null) {
        signal.countDown();
      }
    }
  }

  @Override
  public List<Versioned<ClusterSpec>> clusters() {
    return delegate.clusters();
  }

  @Override
  public Optional<Versioned<ClusterSpec>> cluster(String name) {
    return call("cluster", name, () -> delegate.cluster(name));
  }

  @Override
  public Versioned<ClusterSpec> createCluster(ClusterSpec cluster) {
    return call("createCluster", cluster.name(), () -> delegate.createCluster(cluster));
  }

  @Override
  public void deleteCluster(String name, String expectedVersion) {
    call("deleteCluster", name, () -> {
      delegate.deleteCluster(name, expectedVersion);
      return null;
    });
  }

  @Override
  public List<Versioned<MeshSpec>> meshes() {
    return delegate.meshes();
  }

  @Override
  public Optional<Versioned<MeshSpec>> mesh(String name) {
    return call("mesh", name, () -> delegate.mesh(name));
  }

  @Override
  public Versioned<MeshSpec> createMesh(MeshSpec mesh) {
    return call("createMesh", mesh.name(), () -> delegate.createMesh(mesh));
  }

  @Override
  public void putSecret(String location, SecretData data) {
    call("putSecret", location, () -> {
      delegate.putSecret(location, data);
      putSecrets.add(location);
      return null;
    });
  }

  @Override
  public Optional<SecretData> secret(String location) {
    return delegate.secret(location);
  }

  @Override
  public void deleteSecret(String location) {
    call("deleteSecret", location, () -> {
      delegate.deleteSecret(location);
      deletedSecrets.add(location);
      return null;
    });
  }

  @Override
  public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
    return call("updateMesh", mesh.name(), () -> delegate.updateMesh(mesh, expectedVersion));
  }

  @Override
  public void deleteMesh(String name, String expectedVersion) {
    call("deleteMesh", name, () -> {
      delegate.deleteMesh(name, expectedVersion);
      return null;
    });
  }

  @Override
  public Optional<Versioned<StoreClaim>> claim(String key) {
    return call("claim", key, () -> delegate.claim(key));
  }

  @Override
  public Versioned<StoreClaim> createClaim(StoreClaim claim) {
    return call("createClaim", claim.key(), () -> delegate.createClaim(claim));
  }

  @Override
  public void deleteClaim(String key, String expectedVersion) {
    call("deleteClaim", key, () -> {
      delegate.deleteClaim(key, expectedVersion);
      return null;
    });
  }
}
