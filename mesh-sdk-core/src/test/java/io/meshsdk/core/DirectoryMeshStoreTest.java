package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is particular to the directory store: its files. What every store promises, sharing by
 * several instances included, is checked by the store compatibility kit in mesh-sdk-testing.
 */
@DisplayName("DirectoryMeshStore")
class DirectoryMeshStoreTest {
  @TempDir
  Path dir;

  private MeshStore store;

  @BeforeEach
  void open() {
    store = new DirectoryMeshStore(dir);
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
  @DisplayName("with a damaged .sequence")
  class DamagedSequence {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rolled back to 0", "deleted"})
    @DisplayName("still never repeats a version, so an update based on a stale read fails")
    void noRepeatedVersion(String damage) throws IOException {
      MeshStore other = new DirectoryMeshStore(dir);
      Versioned<MeshSpec> read = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      if (damage.equals("deleted")) {
        Files.delete(dir.resolve(".sequence"));
      } else {
        Files.writeString(dir.resolve(".sequence"), "0\n", StandardCharsets.UTF_8);
      }

      Versioned<MeshSpec> joined = other.updateMesh(
          MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build(), read.version());

      assertThat(joined.version()).isNotEqualTo(read.version());
      assertThat(Long.parseLong(joined.version())).isGreaterThan(Long.parseLong(read.version()));
      assertThatThrownBy(() -> store.updateMesh(MeshSpec.hosted("prod").controlPlane("mcpc-2").build(), read.version()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
      assertThat(store.mesh("prod")).contains(joined);
    }

    @Test
    @DisplayName("that holds no number refuses writes with an error naming the file, and writes nothing")
    void garbage() throws IOException {
      Versioned<MeshSpec> read = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      Files.writeString(dir.resolve(".sequence"), "not a number\n", StandardCharsets.UTF_8);

      assertThatThrownBy(() -> store.updateMesh(
          MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build(), read.version()))
          .isInstanceOfSatisfying(MeshException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_ERROR);
            assertThat(e.getMessage()).contains(dir.resolve(".sequence").toString(), "version number");
          });
      assertThatThrownBy(() -> store.createCluster(ClusterSpec.builder().name("bj-1").build()))
          .isInstanceOf(MeshException.class);
      assertThat(store.mesh("prod")).contains(read);
      assertThat(store.cluster("bj-1")).isEmpty();
    }
  }
}
