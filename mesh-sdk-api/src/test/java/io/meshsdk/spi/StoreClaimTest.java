package io.meshsdk.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A store claim")
class StoreClaimTest {
  @Test
  @DisplayName("names every invalid field at once")
  void invalid() {
    assertThatThrownBy(() -> StoreClaim.of("cluster/Not_A_Label", " ", "", Instant.EPOCH))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("key", "holder", "attemptId"));
    assertThat(StoreClaim.isKey("cluster/bj-1")).isTrue();
    assertThat(StoreClaim.isKey("bj-1")).isFalse();
    assertThat(StoreClaim.isKey("cluster/../bj-1")).isFalse();
  }

  @Test
  @DisplayName("is refused with a clear error by a store written before claims existed")
  void unsupportedByDefault() {
    MeshStore old = new MeshStore() {
      @Override
      public List<Versioned<ClusterSpec>> clusters() {
        return List.of();
      }

      @Override
      public Optional<Versioned<ClusterSpec>> cluster(String name) {
        return Optional.empty();
      }

      @Override
      public Versioned<ClusterSpec> createCluster(ClusterSpec cluster) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void deleteCluster(String name, String expectedVersion) {}

      @Override
      public List<Versioned<MeshSpec>> meshes() {
        return List.of();
      }

      @Override
      public Optional<Versioned<MeshSpec>> mesh(String name) {
        return Optional.empty();
      }

      @Override
      public Versioned<MeshSpec> createMesh(MeshSpec mesh) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void deleteMesh(String name, String expectedVersion) {}
    };

    assertThatThrownBy(() -> old.createClaim(StoreClaim.of("cluster/bj-1", "mesh/prod", "a", Instant.EPOCH)))
        .isInstanceOf(io.meshsdk.UnsupportedCapabilityException.class).hasMessageContaining("keeps no claims");
    assertThatThrownBy(() -> old.claim("cluster/bj-1")).isInstanceOf(io.meshsdk.UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> old.deleteClaim("cluster/bj-1", "1")).isInstanceOf(io.meshsdk.UnsupportedCapabilityException.class);
  }
}
