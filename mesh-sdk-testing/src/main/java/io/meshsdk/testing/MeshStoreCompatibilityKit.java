package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit every {@link MeshStore} runs: what the engine relies on when it keeps the
 * registry of clusters and meshes in the store, including that several platform replicas sharing
 * it never lose an update, and that a claim is taken by exactly one of them. A store that keeps
 * no claims (its claim methods throw {@link UnsupportedCapabilityException}) skips the claim
 * tests. Subclass it, give each test a fresh store and, for a store whose state
 * outlives the instance, a second instance on the same state:
 *
 * <pre>{@code
 * @DisplayName("The directory store")
 * class DirectoryMeshStoreCompatibilityTest extends MeshStoreCompatibilityKit {
 *   @TempDir Path dir;
 *
 *   protected MeshStore newStore() {
 *     return new DirectoryMeshStore(dir);
 *   }
 *
 *   protected MeshStore replicaOf(MeshStore store) {
 *     return new DirectoryMeshStore(dir);
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class MeshStoreCompatibilityKit {
  private static final long RACE_TIMEOUT_SECONDS = 60;

  /** The store under test, fresh for each test. */
  protected MeshStore store;

  /** For subclasses. */
  protected MeshStoreCompatibilityKit() {}

  /**
   * A fresh, empty store.
   *
   * @return the store
   */
  protected abstract MeshStore newStore();

  /**
   * Another instance on the same state, as a second platform replica would open it. The default,
   * the instance itself, suits stores whose state lives in the instance.
   *
   * @param store the store of the test
   * @return a store sharing its state
   */
  protected MeshStore replicaOf(MeshStore store) {
    return store;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  private static ClusterSpec cluster(String name) {
    return ClusterSpec.builder().name(name).build();
  }

  /** Clusters: stored whole, listed by name, created once, deleted at the version read. */
  @Nested
  @DisplayName("clusters")
  class Clusters {
    @Test
    @DisplayName("are stored with every field, credential references included, and listed by name")
    void roundTrip() {
      ClusterSpec bj = ClusterSpec.builder().name("bj-1").kubeconfig(Path.of("/etc/kube/bj.yaml"), "admin@bj")
          .network("net-bj").region("cn-north").zone("cn-north-1a").labels(Map.of("env", "prod")).build();
      ClusterSpec sh = ClusterSpec.builder().name("sh-1")
          .credentials(ClusterCredentials.secret("mesh-system", "sh-1-kubeconfig")).build();
      store.createCluster(sh);
      Versioned<ClusterSpec> created = store.createCluster(bj);

      assertThat(created.value()).isEqualTo(bj);
      assertThat(store.cluster("bj-1")).contains(created);
      assertThat(store.clusters()).extracting(v -> v.value().name()).containsExactly("bj-1", "sh-1");
      assertThat(store.cluster("sh-1").orElseThrow().value()).isEqualTo(sh);
      assertThat(store.cluster("nope")).isEmpty();
    }

    @Test
    @DisplayName("cannot be created twice")
    void createTwice() {
      store.createCluster(cluster("bj-1"));
      assertThatThrownBy(() -> store.createCluster(cluster("bj-1")))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    @DisplayName("are deleted only at the version read")
    void deleteAtVersion() {
      Versioned<ClusterSpec> v1 = store.createCluster(cluster("bj-1"));
      assertThatThrownBy(() -> store.deleteCluster("bj-1", v1.version() + "0"))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
      store.deleteCluster("bj-1", v1.version());
      assertThat(store.cluster("bj-1")).isEmpty();
      assertThatThrownBy(() -> store.deleteCluster("bj-1", v1.version())).isInstanceOf(MeshNotFoundException.class);
    }
  }

  /** Meshes: optimistic concurrency on every update and deletion. */
  @Nested
  @DisplayName("meshes")
  class Meshes {
    @Test
    @DisplayName("are updated only at the version read, each update giving a new version, and a refused update changes nothing")
    void updateAtVersion() {
      Versioned<MeshSpec> v1 = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      MeshSpec joined = MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build();
      Versioned<MeshSpec> v2 = store.updateMesh(joined, v1.version());

      assertThat(v2.version()).isNotEqualTo(v1.version());
      assertThat(store.mesh("prod")).contains(v2);
      assertThatThrownBy(() -> store.updateMesh(MeshSpec.hosted("prod").controlPlane("mcpc-2").build(), v1.version()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("mesh prod");
          });
      assertThat(store.mesh("prod")).contains(v2);
    }

    @Test
    @DisplayName("that do not exist cannot be updated or deleted")
    void missing() {
      MeshSpec spec = MeshSpec.dedicated("dev").cluster("dev-1").build();
      assertThatThrownBy(() -> store.updateMesh(spec, "1")).isInstanceOf(MeshNotFoundException.class);
      assertThatThrownBy(() -> store.deleteMesh("dev", "1")).isInstanceOf(MeshNotFoundException.class);
    }

    @Test
    @DisplayName("deleted and created again do not accept an update meant for the earlier one")
    void noVersionReuse() {
      MeshSpec spec = MeshSpec.dedicated("dev").cluster("dev-1").build();
      Versioned<MeshSpec> first = store.createMesh(spec);
      store.deleteMesh("dev", first.version());
      Versioned<MeshSpec> second = store.createMesh(spec);

      assertThat(second.version()).isNotEqualTo(first.version());
      assertThatThrownBy(() -> store.updateMesh(spec, first.version())).isInstanceOf(MeshConflictException.class);
    }

    @Test
    @DisplayName("are listed by name, apart from the clusters")
    void listed() {
      store.createMesh(MeshSpec.external("legacy").addPrimary("old-1").build());
      store.createMesh(MeshSpec.dedicated("dev").cluster("dev-1").build());
      store.createCluster(cluster("dev-1"));

      assertThat(store.meshes()).extracting(v -> v.value().name()).containsExactly("dev", "legacy");
      assertThat(store.clusters()).extracting(v -> v.value().name()).containsExactly("dev-1");
    }
  }

  /** Claims: taken only where none exists, released only at the version read. */
  @Nested
  @DisplayName("claims")
  class Claims {
    private final Instant acquired = Instant.parse("2026-01-02T03:04:05.123456Z");

    @BeforeEach
    void requireClaims() {
      assumeTrue(keepsClaims(store), "the store keeps no claims");
    }

    @Test
    @DisplayName("are stored with every field and taken only where no claim exists, whoever holds it")
    void createOnce() {
      StoreClaim prod = StoreClaim.of("cluster/bj-1", "mesh/prod", "attempt-1", acquired);
      Versioned<StoreClaim> taken = store.createClaim(prod);

      assertThat(taken.value()).isEqualTo(prod);
      assertThat(store.claim("cluster/bj-1")).contains(taken);
      assertThatThrownBy(() -> store.createClaim(StoreClaim.of("cluster/bj-1", "mesh/dev", "attempt-2", acquired)))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
      assertThat(store.claim("cluster/bj-1")).contains(taken);
      assertThat(store.claim("cluster/sh-1")).isEmpty();
    }

    @Test
    @DisplayName("are released only at the version read, and taken again at a version no earlier release accepts")
    void deleteAtVersion() {
      Versioned<StoreClaim> first = store.createClaim(StoreClaim.of("mesh/prod", "join bj-1", "attempt-1", acquired));
      assertThatThrownBy(() -> store.deleteClaim("mesh/prod", first.version() + "0"))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
      assertThat(store.claim("mesh/prod")).contains(first);

      store.deleteClaim("mesh/prod", first.version());
      assertThat(store.claim("mesh/prod")).isEmpty();
      assertThatThrownBy(() -> store.deleteClaim("mesh/prod", first.version())).isInstanceOf(MeshNotFoundException.class);

      Versioned<StoreClaim> second = store.createClaim(StoreClaim.of("mesh/prod", "join sh-1", "attempt-2", acquired));
      assertThat(second.version()).isNotEqualTo(first.version());
      assertThatThrownBy(() -> store.deleteClaim("mesh/prod", first.version())).isInstanceOf(MeshConflictException.class);
      assertThat(store.claim("mesh/prod")).contains(second);
    }

    @Test
    @DisplayName("keep keys of different kinds apart, and apart from clusters and meshes")
    void keysApart() {
      store.createClaim(StoreClaim.of("cluster/prod", "registry", "attempt-1", acquired));
      store.createClaim(StoreClaim.of("mesh/prod", "join bj-1", "attempt-2", acquired));

      assertThat(store.claim("cluster/prod").orElseThrow().value().holder()).isEqualTo("registry");
      assertThat(store.claim("mesh/prod").orElseThrow().value().holder()).isEqualTo("join bj-1");
      assertThat(store.clusters()).isEmpty();
      assertThat(store.meshes()).isEmpty();
      assertThat(store.cluster("prod")).isEmpty();
      assertThat(store.mesh("prod")).isEmpty();
    }
  }

  /**
   * Secrets (a mesh's root of trust): kept exactly, apart from the records, shared by replicas. A
   * store that keeps none (its secret methods throw {@link UnsupportedCapabilityException}) skips
   * these tests; its meshes cannot have a root of trust.
   */
  @Nested
  @DisplayName("secrets")
  class Secrets {
    private final byte[] key = ("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKitSecretKeyMaterial\n"
        + "-----END EC PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    private final byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};

    @BeforeEach
    void requireSecrets() {
      assumeTrue(keepsSecrets(store), "the store keeps no secrets");
    }

    @Test
    @DisplayName("are kept byte for byte under their location, read back by another replica, replaced and removed")
    void roundTrip() {
      store.putSecret("meshes/prod/root-ca-1", SecretData.of(Map.of("root-key.pem", key, "extra", binary)));

      SecretData read = replicaOf(store).secret("meshes/prod/root-ca-1").orElseThrow();
      assertThat(read.keys()).containsExactlyInAnyOrder("root-key.pem", "extra");
      assertThat(read.get("root-key.pem")).hasValueSatisfying(v -> assertThat(v).isEqualTo(key));
      assertThat(read.get("extra")).hasValueSatisfying(v -> assertThat(v).isEqualTo(binary));
      assertThat(store.secret("meshes/prod/root-ca-2")).isEmpty();

      store.putSecret("meshes/prod/root-ca-1", SecretData.of(Map.of("root-key.pem", binary)));
      assertThat(store.secret("meshes/prod/root-ca-1").orElseThrow().keys()).containsExactly("root-key.pem");

      store.deleteSecret("meshes/prod/root-ca-1");
      assertThat(replicaOf(store).secret("meshes/prod/root-ca-1")).isEmpty();
      store.deleteSecret("meshes/prod/root-ca-1"); // nothing kept there: nothing happens
    }

    @Test
    @DisplayName("stay apart from clusters, meshes and claims, and out of the store's description")
    void apart() {
      store.putSecret("meshes/prod/root-ca-1", SecretData.of(Map.of("root-key.pem", key)));

      assertThat(store.clusters()).isEmpty();
      assertThat(store.meshes()).isEmpty();
      assertThat(store.mesh("prod")).isEmpty();
      assertThat(String.valueOf(store)).doesNotContain("MHcCAQEE");
      assertThat(String.valueOf(store.secret("meshes/prod/root-ca-1").orElseThrow())).doesNotContain("MHcCAQEE");
    }
  }

  /** Several replicas on one store: what one writes the others read, and no update is lost. */
  @Nested
  @DisplayName("shared by replicas")
  class Shared {
    @Test
    @DisplayName("shows each replica what the other wrote")
    void visible() {
      MeshStore other = replicaOf(store);
      Versioned<MeshSpec> prod = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThat(other.mesh("prod")).contains(prod);
    }

    @Test
    @DisplayName("loses no update when many threads of two replicas add members to one mesh at once")
    void noLostUpdate() throws Exception {
      MeshStore other = replicaOf(store);
      store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      int threads = 6;
      int joinsPerThread = 4;
      AtomicInteger conflicts = new AtomicInteger();
      List<String> ignored = race(threads, thread -> () -> {
        MeshStore mine = thread % 2 == 0 ? store : other;
        for (int j = 0; j < joinsPerThread; j++) {
          join(mine, "m-" + thread + "-" + j, conflicts);
        }
        return "done";
      });

      assertThat(ignored).containsOnly("done");
      assertThat(other.mesh("prod").orElseThrow().value().members())
          .hasSize(threads * joinsPerThread).doesNotHaveDuplicates();
      assertThat(store.mesh("prod")).isEqualTo(other.mesh("prod"));
    }

    @Test
    @DisplayName("lets exactly one of many racing creators create a cluster")
    void oneCreatorWins() throws Exception {
      MeshStore other = replicaOf(store);
      List<String> outcomes = race(6, thread -> () -> {
        MeshStore mine = thread % 2 == 0 ? store : other;
        String network = "net-" + thread;
        try {
          mine.createCluster(ClusterSpec.builder().name("bj-1").network(network).build());
          return "created " + network;
        } catch (MeshConflictException e) {
          return e.code().name();
        }
      });

      List<String> winners = outcomes.stream().filter(o -> o.startsWith("created")).collect(Collectors.toList());
      assertThat(winners).hasSize(1);
      assertThat(outcomes).filteredOn(o -> !o.startsWith("created")).hasSize(5).containsOnly("ALREADY_EXISTS");
      assertThat(other.cluster("bj-1").orElseThrow().value().network())
          .contains(winners.get(0).substring("created ".length()));
    }

    @Test
    @DisplayName("lets exactly one of many racing replicas take a claim")
    void oneClaimerWins() throws Exception {
      assumeTrue(keepsClaims(store), "the store keeps no claims");
      MeshStore other = replicaOf(store);
      List<String> outcomes = race(6, thread -> () -> {
        MeshStore mine = thread % 2 == 0 ? store : other;
        String holder = "mesh/m-" + thread;
        try {
          mine.createClaim(StoreClaim.of("cluster/bj-1", holder, "attempt-" + thread, Instant.EPOCH));
          return "took " + holder;
        } catch (MeshConflictException e) {
          return e.code().name();
        }
      });

      List<String> winners = outcomes.stream().filter(o -> o.startsWith("took")).collect(Collectors.toList());
      assertThat(winners).hasSize(1);
      assertThat(outcomes).filteredOn(o -> !o.startsWith("took")).hasSize(5).containsOnly("ALREADY_EXISTS");
      assertThat(other.claim("cluster/bj-1").orElseThrow().value().holder())
          .isEqualTo(winners.get(0).substring("took ".length()));
    }
  }

  /** Whether a store keeps claims: its claim methods do not throw UnsupportedCapabilityException. */
  private static boolean keepsSecrets(MeshStore store) {
    try {
      store.secret("meshes/probe/root-ca");
      return true;
    } catch (UnsupportedCapabilityException e) {
      return false;
    }
  }

  private static boolean keepsClaims(MeshStore store) {
    try {
      store.claim("cluster/probe");
      return true;
    } catch (UnsupportedCapabilityException e) {
      return false;
    }
  }

  /** Read, add a member, write at the version read; on conflict read again. */
  private static void join(MeshStore store, String member, AtomicInteger conflicts) {
    while (true) {
      Versioned<MeshSpec> read = store.mesh("prod").orElseThrow();
      MeshSpec joined = MeshSpec.hosted("prod").controlPlane("mcpc-1")
          .members(read.value().members()).addMember(member).build();
      try {
        store.updateMesh(joined, read.version());
        return;
      } catch (MeshConflictException e) {
        conflicts.incrementAndGet();
      }
    }
  }

  /** Starts the tasks together and returns their results in order, failing on the first failure. */
  private static List<String> race(int threads, IntFunction<Callable<String>> task)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<String> work = task.apply(t);
        running.add(pool.submit(() -> {
          start.await();
          return work.call();
        }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> future : running) {
        results.add(future.get(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
