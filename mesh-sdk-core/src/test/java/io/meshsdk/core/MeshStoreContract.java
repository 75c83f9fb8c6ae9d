package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.Versioned;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What every {@link MeshStore} promises, run against each store of the core. */
abstract class MeshStoreContract {
  MeshStore store;

  /** A fresh, empty store. */
  abstract MeshStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  static ClusterSpec cluster(String name) {
    return ClusterSpec.builder().name(name).build();
  }

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

  @Nested
  @DisplayName("meshes")
  class Meshes {
    @Test
    @DisplayName("are updated only at the version read, each update giving a new version")
    void updateAtVersion() {
      Versioned<MeshSpec> v1 = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      MeshSpec joined = MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build();
      Versioned<MeshSpec> v2 = store.updateMesh(joined, v1.version());

      assertThat(v2.version()).isNotEqualTo(v1.version());
      assertThat(store.mesh("prod")).contains(v2);
      assertThatThrownBy(() -> store.updateMesh(joined, v1.version()))
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
}
