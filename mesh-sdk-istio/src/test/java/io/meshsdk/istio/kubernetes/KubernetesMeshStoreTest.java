package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.Versioned;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store against fabric8's mock API server in CRUD mode: real HTTP, and a server that refuses a
 * replace whose resourceVersion is stale with 409 Conflict, like a real API server. (The mock does
 * not enforce delete preconditions; the store checks the version it read before deleting as well.)
 * What every store promises, two racing replicas included, is checked by the store compatibility
 * kit in mesh-sdk-testing.
 */
@DisplayName("KubernetesMeshStore on a mock API server")
@EnableKubernetesMockClient(crud = true)
class KubernetesMeshStoreTest {
  private static final String NAMESPACE = "mesh-system";

  KubernetesMockServer server;
  KubernetesClient client;
  private KubernetesMeshStore store;

  @BeforeEach
  void start() {
    store = new KubernetesMeshStore(client, NAMESPACE);
  }

  @Nested
  @DisplayName("stores")
  class Stores {
    @Test
    @DisplayName("each value as a labelled ConfigMap holding its JSON, versioned by its resourceVersion")
    void configMaps() {
      ClusterSpec bj = ClusterSpec.builder().name("bj-1")
          .credentials(ClusterCredentials.secret(NAMESPACE, "bj-1-kubeconfig")).network("net-bj").build();
      Versioned<ClusterSpec> created = store.createCluster(bj);

      ConfigMap configMap = client.configMaps().inNamespace(NAMESPACE).withName("mesh-sdk-cluster-bj-1").get();
      assertThat(configMap.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk")
          .containsEntry("mesh.meshsdk.io/store-kind", "cluster");
      assertThat(configMap.getData()).containsOnlyKeys("spec.json");
      assertThat(configMap.getData().get("spec.json")).contains("\"secretName\":\"bj-1-kubeconfig\"");
      assertThat(created.version()).isEqualTo(configMap.getMetadata().getResourceVersion());
      assertThat(store.cluster("bj-1")).contains(created);
    }

    @Test
    @DisplayName("and lists values by name, clusters apart from meshes, ignoring other ConfigMaps")
    void lists() {
      store.createCluster(ClusterSpec.builder().name("sh-1").kubeconfig(Path.of("/etc/kube/sh.yaml")).build());
      store.createCluster(ClusterSpec.builder().name("bj-1").build());
      store.createMesh(MeshSpec.hosted("prod").controlPlane("bj-1").build());
      client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("unrelated").withLabels(Map.of("app", "other")).endMetadata().build()).create();

      assertThat(store.clusters()).extracting(v -> v.value().name()).containsExactly("bj-1", "sh-1");
      assertThat(store.meshes()).extracting(v -> v.value().name()).containsExactly("prod");
      assertThat(store.cluster("sh-1").orElseThrow().value().credentials().kubeconfigPath())
          .contains("/etc/kube/sh.yaml");
    }

    @Test
    @DisplayName("and backs a MeshManager, so a second replica sees what the first registered")
    void backsManager() {
      try (MeshManager first = MeshManager.builder().store(store).build();
          MeshManager second = MeshManager.builder().store(new KubernetesMeshStore(server.createClient(), NAMESPACE)).build()) {
        first.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
        first.clusters().register(ClusterSpec.builder().name("bj-1").build());
        first.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
        second.get("prod").join("bj-1");

        assertThat(first.get("prod").spec().members()).containsExactly("bj-1");
      }
    }
  }

  @Nested
  @DisplayName("refuses")
  class Refuses {
    @Test
    @DisplayName("an update at a version that moved: the API server answers 409 and the value is kept")
    void staleUpdate() {
      Versioned<MeshSpec> read = store.createMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      Versioned<MeshSpec> moved = store.updateMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build(),
          read.version());

      assertThatThrownBy(() -> store.updateMesh(MeshSpec.hosted("prod").controlPlane("mcpc-2").build(), read.version()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("mesh prod", read.version(), moved.version());
            assertThat(e.getCause()).isNull();
          });
      assertThat(store.mesh("prod")).contains(moved);
    }

    @Test
    @DisplayName("a deletion at a version that moved, and updates or deletions of what does not exist")
    void staleDeleteAndMissing() {
      Versioned<ClusterSpec> read = store.createCluster(ClusterSpec.builder().name("bj-1").build());
      client.configMaps().inNamespace(NAMESPACE).withName("mesh-sdk-cluster-bj-1")
          .edit(c -> new ConfigMapBuilder(c).editMetadata().addToAnnotations("touched", "yes").endMetadata().build());

      assertThatThrownBy(() -> store.deleteCluster("bj-1", read.version())).isInstanceOf(MeshConflictException.class);
      assertThat(store.cluster("bj-1")).isPresent();
      store.deleteCluster("bj-1", store.cluster("bj-1").orElseThrow().version());
      assertThat(store.cluster("bj-1")).isEmpty();
      assertThatThrownBy(() -> store.deleteCluster("bj-1", read.version())).isInstanceOf(MeshNotFoundException.class);
      assertThatThrownBy(() -> store.updateMesh(MeshSpec.dedicated("dev").cluster("dev-1").build(), "1"))
          .isInstanceOf(MeshNotFoundException.class);
    }
  
    @Test
    @DisplayName("a ConfigMap whose content names another mesh or cluster than its name, naming both")
    void mismatchedName() {
      store.createMesh(MeshSpec.hosted("dev").controlPlane("mcpc-1").build());
      store.createCluster(ClusterSpec.builder().name("sh-1").build());
      copyAs("mesh-sdk-mesh-dev", "mesh-sdk-mesh-prod");
      copyAs("mesh-sdk-cluster-sh-1", "mesh-sdk-cluster-bj-1");

      assertThatThrownBy(() -> store.mesh("prod")).isInstanceOfSatisfying(MeshException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_ERROR);
        assertThat(e.getMessage()).contains("mesh-system/mesh-sdk-mesh-prod", "mesh dev", "mesh prod");
      });
      assertThatThrownBy(() -> store.meshes()).isInstanceOf(MeshException.class).hasMessageContaining("mesh-sdk-mesh-prod");
      assertThatThrownBy(() -> store.cluster("bj-1")).isInstanceOfSatisfying(MeshException.class,
          e -> assertThat(e.getMessage()).contains("mesh-sdk-cluster-bj-1", "cluster sh-1", "cluster bj-1"));
      assertThatThrownBy(() -> store.updateMesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").build(), "1"))
          .isInstanceOf(MeshException.class);
      assertThat(store.mesh("dev").orElseThrow().value().name()).isEqualTo("dev");
      assertThat(store.cluster("sh-1").orElseThrow().value().name()).isEqualTo("sh-1");
    }

    /** What a hand-made copy of a stored value under another name looks like. */
    private void copyAs(String from, String to) {
      ConfigMap source = client.configMaps().inNamespace(NAMESPACE).withName(from).get();
      client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(to)
          .withLabels(source.getMetadata().getLabels()).endMetadata().withData(source.getData()).build()).create();
    }
  }
}
