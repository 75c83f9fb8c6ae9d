package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What drift and reconciliation owe a user on a real API server and do not deliver yet. Each
 * test states the correct behaviour; it fails until the defect it names is fixed.
 */
@DisplayName("Drift on a real API server, where the SDK still falls short")
class DriftDefectsIT {
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

  @Test
  @DisplayName("reconcile puts back a VirtualService another field manager edited, and drift is then empty")
  void reconcileRepairsAnEditByAnotherManager() {
    String namespace = "defect-reconcile";
    KubernetesClient admin = servers.client(DriftIT.CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      Mesh mesh = DriftIT.mesh(meshes, servers, namespace);
      DriftIT.editWeightsAsKubectl(admin, namespace);
      assertThat(mesh.policies().drift().hasDrift()).isTrue();

      ApplyResult repaired = mesh.policies().reconcile();

      assertThat(repaired.successful()).as("reconcile after kubectl-edit: %s", repaired.failures()).isTrue();
      DriftReport after = mesh.policies().drift();
      assertThat(after.hasDrift()).as(after.render()).isFalse();
      assertThat(ServerSideApplyIT.json(admin, ServerSideApplyIT.virtualService(admin, namespace)))
          .contains("\"weight\":90");
    }
  }

  @Test
  @DisplayName("a field another tool adds to an SDK-owned VirtualService is neither an UPDATE in the plan nor drift")
  void aFieldAnotherToolAddsIsNotTheSdksBusiness() {
    String namespace = "defect-added-field";
    KubernetesClient admin = servers.client(DriftIT.CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      Mesh mesh = DriftIT.mesh(meshes, servers, namespace);
      GenericKubernetesResource exportTo = new GenericKubernetesResourceBuilder()
          .withApiVersion("networking.istio.io/v1").withKind("VirtualService")
          .withNewMetadata().withName("reviews").withNamespace(namespace).endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("exportTo", List.of("."))))
          .build();
      admin.resource(exportTo).fieldManager("other-tool").serverSideApply();
      assertThat(ServerSideApplyIT.json(admin, ServerSideApplyIT.virtualService(admin, namespace)))
          .contains("\"exportTo\":[\".\"]");

      Plan again = mesh.policies().plan(ServerSideApplyIT.canary(namespace, 90, 10));
      DriftReport drift = mesh.policies().drift();

      assertThat(again.changes()).as(again.render())
          .allSatisfy(c -> assertThat(c.action()).isEqualTo(ChangeAction.UNCHANGED));
      assertThat(drift.hasDrift()).as(drift.render()).isFalse();
    }
  }

  @Test
  @DisplayName("fails an object deleted after planning with STALE_PLAN instead of creating it again")
  void deletedAfterPlanningIsStale() {
    String namespace = "drift-stale";
    KubernetesClient admin = servers.client(DriftIT.CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      Mesh mesh = DriftIT.mesh(meshes, servers, namespace);
      Plan shift = mesh.policies().plan(ServerSideApplyIT.canary(namespace, 50, 50));
      assertThat(shift.changes()).filteredOn(c -> c.ref().kind().equals("VirtualService"))
          .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(ChangeAction.UPDATE));

      admin.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(namespace)
          .withName("reviews").withTimeout(30, java.util.concurrent.TimeUnit.SECONDS).delete();
      ApplyResult result = shift.apply();

      ObjectOutcome virtualService = result.cluster(DriftIT.CLUSTER).orElseThrow().outcomes().stream()
          .filter(o -> o.ref().kind().equals("VirtualService")).findFirst().orElseThrow();
      assertThat(virtualService.status()).as(virtualService.toString()).isEqualTo(ObjectOutcome.Status.FAILED);
      assertThat(virtualService.errorCode()).as(virtualService.toString()).contains(ErrorCode.STALE_PLAN);
      assertThat(ServerSideApplyIT.virtualService(admin, namespace)).as("the deleted VirtualService").isNull();
    }
  }
}
