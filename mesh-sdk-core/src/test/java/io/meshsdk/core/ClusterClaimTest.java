package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The claims behind "a cluster belongs to at most one mesh": what is left when a change ends,
 * what a stopped replica leaves behind and who may take it over, meshes recorded before claims
 * existed, and stores that keep no claims.
 */
@DisplayName("Cluster claims")
class ClusterClaimTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryMeshStore store = new InMemoryMeshStore();
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final MeshManager meshes = manager(store);

  private MeshManager manager(MeshStore on) {
    MeshManager manager = MeshManager.builder().backend(new TestBackendProvider()).connector(clusters).store(on)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    for (String name : List.of("mcpc-1", "mcpc-2", "bj-1", "sh-1")) {
      if (manager.clusters().find(name).isEmpty()) {
        manager.clusters().register(ClusterSpec.builder().name(name).build());
      }
    }
    return manager;
  }

  @AfterEach
  void close() {
    meshes.close();
  }

  private Optional<String> holder(String key) {
    return store.claim(key).map(c -> c.value().holder());
  }

  @Nested
  @DisplayName("follow the records")
  class Lifecycle {
    @Test
    @DisplayName("a mesh holds its control plane and members; leaving, deleting and unregistering give them back")
    void heldAndReleased() {
      meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()).join("bj-1");

      assertThat(holder("cluster/mcpc-1")).contains("mesh/prod");
      assertThat(holder("cluster/bj-1")).contains("mesh/prod");
      assertThat(holder("mesh/prod")).isEmpty();

      meshes.get("prod").leave("bj-1");
      assertThat(holder("cluster/bj-1")).isEmpty();
      meshes.delete("prod");
      assertThat(holder("cluster/mcpc-1")).isEmpty();
      meshes.clusters().unregister("bj-1");
      assertThat(holder("cluster/bj-1")).isEmpty();
      assertThat(meshes.create(MeshSpec.dedicated("dev").cluster("mcpc-1").build()).spec().clusters())
          .containsExactly("mcpc-1");
    }

    @Test
    @DisplayName("a refused join or creation leaves no claim behind")
    void refusedLeavesNothing() {
      meshes.create(MeshSpec.dedicated("dev").cluster("bj-1").build());
      meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThatThrownBy(() -> meshes.get("prod").join("nowhere")).isInstanceOf(io.meshsdk.MeshNotFoundException.class);
      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("stage").controlPlane("mcpc-2").addMember("bj-1").build()))
          .isInstanceOf(MeshConflictException.class).hasMessageContaining("mesh dev");

      assertThat(holder("cluster/nowhere")).isEmpty();
      assertThat(holder("cluster/mcpc-2")).isEmpty();
      assertThat(holder("mesh/stage")).isEmpty();
      assertThat(holder("mesh/prod")).isEmpty();
      assertThat(holder("cluster/bj-1")).contains("mesh/dev");
    }
  }

  @Nested
  @DisplayName("left behind by a replica that stopped")
  class Abandoned {
    @Test
    @DisplayName("are taken over when their mesh is gone and nobody changes it")
    void meshGone() {
      store.createClaim(StoreClaim.of("cluster/bj-1", "mesh/gone", "stopped", NOW));
      meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThat(meshes.get("prod").join("bj-1").members()).containsExactly("bj-1");
      assertThat(holder("cluster/bj-1")).contains("mesh/prod");
    }

    @Test
    @DisplayName("are honoured while their mesh is being changed, and name it")
    void meshBeingChanged() {
      store.createClaim(StoreClaim.of("mesh/stage", "create", "running", NOW));
      store.createClaim(StoreClaim.of("cluster/bj-1", "mesh/stage", "running", NOW));
      meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThatThrownBy(() -> meshes.get("prod").join("bj-1")).isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("cluster bj-1 is being added to mesh stage");
      assertThat(holder("cluster/bj-1")).contains("mesh/stage");
    }

    @Test
    @DisplayName("on a mesh are taken over once older than the lease, and waited for before")
    void meshLease() {
      Versioned<StoreClaim> old = store.createClaim(StoreClaim.of("mesh/prod", "join sh-1", "stopped",
          NOW.minus(Duration.ofMinutes(6))));
      store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThat(meshes.get("prod").join("bj-1").members()).containsExactly("bj-1");
      assertThat(store.claim("mesh/prod")).isEmpty();
      assertThatThrownBy(() -> store.deleteClaim("mesh/prod", old.version())).isInstanceOf(io.meshsdk.MeshNotFoundException.class);
    }

    @Test
    @DisplayName("by the registry are honoured within the lease and taken over after it")
    void registryLease() {
      meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      Versioned<StoreClaim> recent = store.createClaim(StoreClaim.of("cluster/bj-1", "registry", "r1", NOW.minusSeconds(60)));

      assertThatThrownBy(() -> meshes.get("prod").join("bj-1")).isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("cluster bj-1 is being removed from the registry");

      store.deleteClaim("cluster/bj-1", recent.version());
      store.createClaim(StoreClaim.of("cluster/bj-1", "registry", "r2", NOW.minus(Duration.ofMinutes(6))));
      assertThat(meshes.get("prod").join("bj-1").members()).containsExactly("bj-1");
    }
  }

  @Test
  @DisplayName("a mesh recorded before claims existed still owns its clusters, and a refused join claims nothing")
  void recordsWithoutClaims() {
    store.createMesh(MeshSpec.dedicated("legacy").cluster("bj-1").build());
    meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

    assertThatThrownBy(() -> meshes.get("prod").join("bj-1")).isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("already belongs to mesh legacy");
    assertThatThrownBy(() -> meshes.clusters().unregister("bj-1")).isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("still belongs to mesh legacy");
    assertThat(holder("cluster/bj-1")).isEmpty();
  }

  @Test
  @DisplayName("on a store that keeps no claims, two replicas joining two clusters to one mesh both succeed")
  void storeWithoutClaims() throws Exception {
    HeldUpdates shared = new HeldUpdates(store);
    MeshManager a = manager(shared);
    MeshManager b = manager(shared);
    a.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      shared.holdNextUpdate();
      Future<MeshSpec> first = threads.submit(() -> a.get("prod").join("bj-1"));
      assertThat(shared.reached.await(60, TimeUnit.SECONDS)).isTrue();

      MeshSpec second = b.get("prod").join("sh-1");
      shared.release.countDown();

      assertThat(second.members()).containsExactly("sh-1");
      assertThat(first.get(60, TimeUnit.SECONDS).members()).containsExactlyInAnyOrder("sh-1", "bj-1");
      assertThat(store.mesh("prod").orElseThrow().value().members()).containsExactlyInAnyOrder("bj-1", "sh-1");
    } finally {
      threads.shutdownNow();
      a.close();
      b.close();
    }
  }

  @Test
  @DisplayName("on a store that keeps no claims, a policy applied while its mesh is deleted goes with the mesh")
  void deletionWithoutClaims() throws Exception {
    HeldUpdates shared = new HeldUpdates(store);
    MeshManager a = manager(shared);
    MeshManager b = manager(shared);
    a.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      // the deletion has counted the mesh's policies (none) and waits to delete the record
      shared.holdNextDelete();
      Future<?> deletion = threads.submit(() -> a.delete("prod"));
      assertThat(shared.reached.await(60, TimeUnit.SECONDS)).isTrue();

      // nothing in the store tells the other replica that the mesh is going: its apply succeeds
      assertThat(b.get("prod").policies().plan(EngineFixture.reviews(90, 10)).apply().successful()).isTrue();
      shared.release.countDown();
      deletion.get(60, TimeUnit.SECONDS);

      assertThat(store.mesh("prod")).isEmpty();
      assertThat(clusters.cluster("mcpc-1").objects()).as("nothing left with the deleted mesh's labels")
          .noneMatch(o -> "prod".equals(o.labels().get("mesh.meshsdk.io/mesh")));
    } finally {
      threads.shutdownNow();
      a.close();
      b.close();
    }
  }

  /** A store written for 0.1.0 (no claims) that can hold the next mesh update or deletion until released. */
  private static final class HeldUpdates implements MeshStore {
    private final MeshStore delegate;
    private volatile boolean holdNext;
    private volatile boolean holdNextDelete;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    HeldUpdates(MeshStore delegate) {
      this.delegate = delegate;
    }

    void holdNextUpdate() {
      holdNext = true;
    }

    void holdNextDelete() {
      holdNextDelete = true;
    }

    private void hold() {
      reached.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new AssertionError("the held call was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public List<Versioned<ClusterSpec>> clusters() {
      return delegate.clusters();
    }

    @Override
    public Optional<Versioned<ClusterSpec>> cluster(String name) {
      return delegate.cluster(name);
    }

    @Override
    public Versioned<ClusterSpec> createCluster(ClusterSpec cluster) {
      return delegate.createCluster(cluster);
    }

    @Override
    public void deleteCluster(String name, String expectedVersion) {
      delegate.deleteCluster(name, expectedVersion);
    }

    @Override
    public List<Versioned<MeshSpec>> meshes() {
      return delegate.meshes();
    }

    @Override
    public Optional<Versioned<MeshSpec>> mesh(String name) {
      return delegate.mesh(name);
    }

    @Override
    public Versioned<MeshSpec> createMesh(MeshSpec mesh) {
      return delegate.createMesh(mesh);
    }

    @Override
    public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
      if (holdNext) {
        holdNext = false;
        hold();
      }
      return delegate.updateMesh(mesh, expectedVersion);
    }

    @Override
    public void deleteMesh(String name, String expectedVersion) {
      if (holdNextDelete) {
        holdNextDelete = false;
        hold();
      }
      delegate.deleteMesh(name, expectedVersion);
    }
  }
}
