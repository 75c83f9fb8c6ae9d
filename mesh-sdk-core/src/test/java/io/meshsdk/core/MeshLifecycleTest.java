package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.topology.TopologyQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Clusters and meshes")
class MeshLifecycleTest {
  private EngineFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "bj-1", "sh-1", "dev-1");
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  @Test
  @DisplayName("a hosted mesh takes registered members that join and leave")
  void joinAndLeave() {
    Mesh prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

    assertThat(prod.join("bj-1").members()).containsExactly("bj-1");
    assertThat(prod.join("sh-1").members()).containsExactly("bj-1", "sh-1");
    assertThat(prod.leave("bj-1").members()).containsExactly("sh-1");
    assertThat(fixture.meshes.get("prod").spec().members()).containsExactly("sh-1");
  }

  @Test
  @DisplayName("join refuses unknown clusters, the control plane, repeats and clusters of other meshes")
  void joinRules() {
    Mesh prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    fixture.meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").build());
    prod.join("bj-1");

    assertThatThrownBy(() -> prod.join("nowhere")).isInstanceOf(MeshNotFoundException.class)
        .hasMessageContaining("cluster nowhere is not registered");
    assertThatThrownBy(() -> prod.join("mcpc-1")).isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("control plane");
    assertThatThrownBy(() -> prod.join("bj-1")).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThatThrownBy(() -> prod.join("dev-1")).isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("already belongs to mesh dev");
    assertThatThrownBy(() -> prod.leave("sh-1")).isInstanceOf(MeshNotFoundException.class);
  }

  @Test
  @DisplayName("dedicated and external meshes have fixed membership")
  void fixedMembership() {
    Mesh dev = fixture.meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").build());
    Mesh legacy = fixture.meshes.create(MeshSpec.external("legacy").addPrimary("sh-1").build());

    assertThatThrownBy(() -> dev.join("bj-1")).isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("DEDICATED");
    assertThatThrownBy(() -> legacy.leave("sh-1")).isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("EXTERNAL");
    assertThat(fixture.meshes.list()).extracting(m -> m.spec().mode())
        .containsExactly(MeshMode.DEDICATED, MeshMode.EXTERNAL);
  }

  @Test
  @DisplayName("a dedicated mesh's policies land on its one cluster")
  void dedicatedPlacement() {
    Mesh dev = fixture.meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").build());
    dev.policies().apply(reviews(90, 10));
    assertThat(fixture.clusters.cluster("dev-1").objects()).hasSize(2);
    assertThat(fixture.clusters.cluster("mcpc-1").objects()).isEmpty();
  }

  @Test
  @DisplayName("creating a mesh needs registered clusters that no other mesh uses, and a free name")
  void createRules() {
    fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

    assertThatThrownBy(() -> fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("bj-1").build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThatThrownBy(() -> fixture.meshes.create(MeshSpec.dedicated("other").cluster("mcpc-1").build()))
        .isInstanceOf(MeshConflictException.class).hasMessageContaining("already belongs to mesh prod");
    assertThatThrownBy(() -> fixture.meshes.create(MeshSpec.dedicated("ghost").cluster("nowhere").build()))
        .isInstanceOf(MeshNotFoundException.class);
    assertThatThrownBy(() -> fixture.meshes.get("ghost")).isInstanceOf(MeshNotFoundException.class);
    assertThat(fixture.meshes.find("ghost")).isEmpty();
  }

  @Test
  @DisplayName("a mesh with policies and a cluster in use cannot be removed")
  void removalRules() {
    Mesh prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.policies().apply(reviews(90, 10));

    assertThatThrownBy(() -> fixture.meshes.clusters().unregister("mcpc-1"))
        .isInstanceOf(MeshConflictException.class).hasMessageContaining("still belongs to mesh prod");
    assertThatThrownBy(() -> fixture.meshes.delete("prod"))
        .isInstanceOf(MeshConflictException.class).hasMessageContaining("still has 1 policy");

    prod.policies().delete(PolicyRef.traffic("bookinfo", "reviews"));
    fixture.meshes.delete("prod");
    fixture.meshes.clusters().unregister("mcpc-1");

    assertThat(fixture.meshes.list()).isEmpty();
    assertThat(fixture.meshes.clusters().find("mcpc-1")).isEmpty();
  }

  @Test
  @DisplayName("a mesh policy aimed at a member cluster is refused at plan time, and nothing is written")
  void placementGuardrail() {
    Mesh prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");

    assertThatThrownBy(() -> prod.policies().onCluster("bj-1").plan(reviews(90, 10)))
        .isInstanceOfSatisfying(io.meshsdk.MeshException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED);
          assertThat(e.getMessage()).contains("cluster bj-1 is a member of mesh prod", "[mcpc-1]");
        });
    assertThatThrownBy(() -> prod.policies().onCluster("dev-1").plan(reviews(90, 10)))
        .isInstanceOf(MeshNotFoundException.class);
    assertThat(fixture.clusters.writes()).isZero();
    assertThat(prod.policies().onCluster("mcpc-1").plan(reviews(90, 10)).clusters()).containsExactly("mcpc-1");
  }

  @Test
  @DisplayName("an external mesh's policies can be planned for one of its primaries")
  void onePrimary() {
    Mesh legacy = fixture.meshes.create(MeshSpec.external("legacy").addPrimary("bj-1").addPrimary("sh-1").build());

    assertThat(legacy.policies().plan(reviews(90, 10)).clusters()).containsExactly("bj-1", "sh-1");
    legacy.policies().onCluster("sh-1").apply(reviews(90, 10));

    assertThat(fixture.clusters.cluster("sh-1").objects()).hasSize(2);
    assertThat(fixture.clusters.cluster("bj-1").objects()).isEmpty();
    assertThat(legacy.policies().onCluster("sh-1").list()).containsExactly(reviews(90, 10));
  }

  @Test
  @DisplayName("a cluster's health is a status, reachable or not")
  void health() {
    var health = fixture.meshes.clusters().health("bj-1");
    assertThat(health.status()).isEqualTo(io.meshsdk.cluster.ClusterHealth.Status.REACHABLE);
    assertThat(health.kubernetesVersion()).contains(InMemoryClusterConnector.SERVER_VERSION);
    assertThatThrownBy(() -> fixture.meshes.clusters().health("nowhere")).isInstanceOf(MeshNotFoundException.class);
  }

  @Test
  @DisplayName("topology is refused while the backend reads no telemetry")
  void topologyNeedsTelemetry() {
    Mesh prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    assertThatThrownBy(() -> prod.topology().read(TopologyQuery.lastMinutes(5)))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("test backend");
  }
}
