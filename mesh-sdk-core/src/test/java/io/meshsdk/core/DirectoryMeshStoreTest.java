package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.Versioned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DirectoryMeshStore")
class DirectoryMeshStoreTest extends MeshStoreContract {
  @TempDir
  Path dir;

  @Override
  MeshStore newStore() {
    return new DirectoryMeshStore(dir);
  }

  @Nested
  @DisplayName("on disk")
  class OnDisk {
    @Test
    @DisplayName("keeps one JSON file per value, holding the value and its version, and no temporary files")
    void layout() throws IOException {
      Versioned<ClusterSpec> bj = store.createCluster(ClusterSpec.builder().name("bj-1")
          .credentials(ClusterCredentials.secret("mesh-system", "bj-1-kubeconfig")).build());
      store.createMesh(MeshSpec.hosted("prod").controlPlane("bj-1").build());

      String json = Files.readString(dir.resolve("clusters/bj-1.json"));
      assertThat(json).contains("\"kind\" : \"cluster\"", "\"version\" : \"" + bj.version() + "\"",
          "\"secretName\" : \"bj-1-kubeconfig\"");
      assertThat(dir.resolve("meshes/prod.json")).exists();
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }

    @Test
    @DisplayName("survives a restart: a new store on the same directory reads what the first wrote")
    void durable() {
      Versioned<MeshSpec> prod = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      DirectoryMeshStore reopened = new DirectoryMeshStore(dir);

      assertThat(reopened.mesh("prod")).contains(prod);
      assertThat(reopened.createMesh(MeshSpec.dedicated("dev").cluster("dev-1").build()).version())
          .as("versions keep counting after a restart").isNotEqualTo(prod.version());
    }

    @Test
    @DisplayName("backs a MeshManager, so the registry outlives it")
    void backsManager() {
      try (MeshManager meshes = MeshManager.builder().backend(new TestBackendProvider()).store(store).build()) {
        meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
        meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
        meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()).join("bj-1");
      }
      try (MeshManager again = MeshManager.builder().backend(new TestBackendProvider())
          .store(new DirectoryMeshStore(dir)).build()) {
        assertThat(again.get("prod").spec().members()).containsExactly("bj-1");
        assertThat(again.clusters().list()).extracting(ClusterSpec::name).containsExactly("bj-1", "mcpc-1");
      }
    }

    @Test
    @DisplayName("names the file when one cannot be read, and ignores names that are not cluster names")
    void unreadable() throws IOException {
      Files.createDirectories(dir.resolve("clusters"));
      Files.writeString(dir.resolve("clusters/bj-1.json"), "{ not json", StandardCharsets.UTF_8);

      assertThatThrownBy(() -> store.cluster("bj-1"))
          .isInstanceOfSatisfying(MeshException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_ERROR);
            assertThat(e.getMessage()).contains("bj-1.json");
          });
      assertThat(store.cluster("../meshes/prod")).isEmpty();
    }
  }

  @Nested
  @DisplayName("shared by two stores")
  class Shared {
    @Test
    @DisplayName("loses no update when many threads of two stores add members to one mesh at once")
    void noLostUpdate() throws Exception {
      DirectoryMeshStore first = new DirectoryMeshStore(dir);
      DirectoryMeshStore second = new DirectoryMeshStore(dir);
      first.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      int threads = 8;
      int joinsPerThread = 5;
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger conflicts = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> running = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          MeshStore mine = t % 2 == 0 ? first : second;
          int thread = t;
          running.add(pool.submit(() -> {
            try {
              start.await();
              for (int j = 0; j < joinsPerThread; j++) {
                join(mine, "m-" + thread + "-" + j, conflicts);
              }
            } catch (Throwable e) {
              failures.add(e);
            }
            return null;
          }));
        }
        start.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> running.stream().allMatch(Future::isDone));
      } finally {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }

      assertThat(failures).isEmpty();
      List<String> members = second.mesh("prod").orElseThrow().value().members();
      assertThat(members).hasSize(threads * joinsPerThread).doesNotHaveDuplicates();
      assertThat(first.mesh("prod")).isEqualTo(second.mesh("prod"));
    }

    /** Read, add a member, write at the version read; on conflict read again. */
    private void join(MeshStore store, String member, AtomicInteger conflicts) {
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

    @Test
    @DisplayName("lets exactly one of many racing creators create a cluster")
    void oneCreatorWins() throws Exception {
      List<DirectoryMeshStore> stores = List.of(new DirectoryMeshStore(dir), new DirectoryMeshStore(dir));
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<String>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          MeshStore mine = stores.get(i % 2);
          String network = "net-" + i;
          attempts.add(pool.submit(() -> {
            start.await();
            try {
              mine.createCluster(ClusterSpec.builder().name("bj-1").network(network).build());
              return "created " + network;
            } catch (MeshConflictException e) {
              return e.code().name();
            }
          }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> attempt : attempts) {
          outcomes.add(attempt.get(60, TimeUnit.SECONDS));
        }
        List<String> winners = outcomes.stream().filter(o -> o.startsWith("created")).collect(Collectors.toList());
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.startsWith("created")).hasSize(5).containsOnly("ALREADY_EXISTS");
        assertThat(stores.get(1).cluster("bj-1").orElseThrow().value().network())
            .contains(winners.get(0).substring("created ".length()));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
