package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Edits made behind the SDK's back by other field managers, on a real API server: drift finds
 * them.
 */
@DisplayName("Drift on a real API server")
class DriftIT {
  static final String CLUSTER = "mcpc";
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  static RealApiServers servers() {
    return servers;
  }

  static Mesh mesh(MeshManager meshes, RealApiServers servers, String name) {
    servers.createNamespace(CLUSTER, name);
    meshes.clusters().register(servers.clusterSpec(CLUSTER));
    Mesh mesh = meshes.create(MeshSpec.hosted(name).controlPlane(CLUSTER).build());
    assertThat(mesh.policies().apply(ServerSideApplyIT.canary(name, 90, 10)).successful()).isTrue();
    return mesh;
  }

  /** What {@code kubectl edit} sends: a JSON merge patch as another field manager, here shifting the weights. */
  @SuppressWarnings("unchecked")
  static void editWeightsAsKubectl(KubernetesClient client, String namespace) {
    GenericKubernetesResource edited = ServerSideApplyIT.virtualService(client, namespace);
    Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().get("spec");
    List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
    List<Map<String, Object>> route = (List<Map<String, Object>>) http.get(0).get("route");
    route.get(0).put("weight", 10);
    route.get(1).put("weight", 90);
    String patch = client.getKubernetesSerialization().asJson(Map.of("spec", Map.of("http", http)));
    client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(namespace)
        .withName("reviews").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager("kubectl-edit").build(), patch);
  }

  @Test
  @DisplayName("reports a VirtualService another field manager edited, with the fields it changed")
  void reportsAnEditByAnotherManager() {
    String namespace = "drift-edit";
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      Mesh mesh = mesh(meshes, servers, namespace);
      assertThat(mesh.policies().drift().hasDrift()).as("drift before the edit").isFalse();

      editWeightsAsKubectl(servers.client(CLUSTER), namespace);

      DriftReport drift = mesh.policies().drift();
      assertThat(drift.hasDrift()).as(drift.render()).isTrue();
      assertThat(drift.cluster(CLUSTER).orElseThrow().objects()).singleElement().satisfies(o -> {
        assertThat(o.ref().kind()).isEqualTo("VirtualService");
        assertThat(o.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
        assertThat(o.diff()).anySatisfy(d -> assertThat(d.path()).isEqualTo("/spec/http/0/route/0/weight"));
      });
    }
  }
}
