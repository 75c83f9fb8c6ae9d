package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply as the API server records it: the SDK writes as field manager {@code
 * mesh-sdk}, and a field another manager has taken a share of is not silently overwritten.
 */
@DisplayName("Server-side apply on a real API server")
class ServerSideApplyIT {
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

  static TrafficPolicy canary(String namespace, int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace(namespace)
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2))
        .build();
  }

  static GenericKubernetesResource virtualService(KubernetesClient client, String namespace) {
    return client.genericKubernetesResources("networking.istio.io/v1", "VirtualService")
        .inNamespace(namespace).withName("reviews").get();
  }

  static String json(KubernetesClient client, GenericKubernetesResource object) {
    return client.getKubernetesSerialization().asJson(object);
  }

  /** What {@code kubectl apply --server-side --field-manager=kubectl} sends: the fields it means, unforced. */
  static void applyAsKubectl(KubernetesClient client, GenericKubernetesResource live) {
    GenericKubernetesResource config = new GenericKubernetesResourceBuilder()
        .withApiVersion(live.getApiVersion()).withKind(live.getKind())
        .withNewMetadata().withName(live.getMetadata().getName())
        .withNamespace(live.getMetadata().getNamespace()).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("http", ((Map<?, ?>) live.get("spec")).get("http"))))
        .build();
    client.resource(config).fieldManager("kubectl").serverSideApply();
  }

  @Test
  @DisplayName("records mesh-sdk as the Apply manager of the objects it writes")
  void recordsTheSdkAsApplyManager() {
    String namespace = "ssa-manager";
    servers.createNamespace(CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("ssa-manager").controlPlane(CLUSTER).build());

      ApplyResult result = mesh.policies().apply(canary(namespace, 90, 10));

      assertThat(result.successful()).as(result.toString()).isTrue();
      List<ManagedFieldsEntry> managers = virtualService(servers.client(CLUSTER), namespace)
          .getMetadata().getManagedFields();
      assertThat(managers).as("managedFields of VirtualService %s/reviews", namespace)
          .anySatisfy(m -> {
            assertThat(m.getManager()).isEqualTo("mesh-sdk");
            assertThat(m.getOperation()).isEqualTo("Apply");
          })
          .allSatisfy(m -> assertThat(m.getManager()).isEqualTo("mesh-sdk"));
    }
  }

  @Test
  @DisplayName("fails a change to a field kubectl also applied with a conflict naming kubectl, keeping its value")
  void conflictWithKubectlNamesTheManager() {
    String namespace = "ssa-conflict";
    servers.createNamespace(CLUSTER, namespace);
    KubernetesClient admin = servers.client(CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("ssa-conflict").controlPlane(CLUSTER).build());
      assertThat(mesh.policies().apply(canary(namespace, 90, 10)).successful()).isTrue();
      applyAsKubectl(admin, virtualService(admin, namespace));
      assertThat(virtualService(admin, namespace).getMetadata().getManagedFields())
          .extracting(ManagedFieldsEntry::getManager).contains("mesh-sdk", "kubectl");

      Plan shift = mesh.policies().plan(canary(namespace, 50, 50));
      assertThat(shift.changes()).filteredOn(c -> c.ref().kind().equals("VirtualService"))
          .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(ChangeAction.UPDATE));
      ApplyResult result = shift.apply();

      assertThat(result.successful()).isFalse();
      ObjectOutcome outcome = result.cluster(CLUSTER).orElseThrow().outcomes().stream()
          .filter(o -> o.ref().kind().equals("VirtualService")).findFirst().orElseThrow();
      assertThat(outcome.status()).isEqualTo(ObjectOutcome.Status.FAILED);
      assertThat(outcome.errorCode()).contains(ErrorCode.CONFLICT);
      assertThat(outcome.error()).hasValueSatisfying(m -> assertThat(m).contains("\"kubectl\""));
      assertThat(json(admin, virtualService(admin, namespace)))
          .as("the live VirtualService keeps the weights kubectl applied")
          .contains("\"weight\":90").doesNotContain("\"weight\":50");
    }
  }
  @Test
  @DisplayName("refuses to take over an object someone else created after the plan, leaving it as it was")
  void createDoesNotTakeOverAnObjectCreatedAfterThePlan() {
    String namespace = "ssa-create-race";
    servers.createNamespace(CLUSTER, namespace);
    KubernetesClient admin = servers.client(CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("ssa-create-race").controlPlane(CLUSTER).build());
      Plan plan = mesh.policies().plan(canary(namespace, 90, 10));
      assertThat(plan.changes()).filteredOn(c -> c.ref().kind().equals("VirtualService"))
          .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(ChangeAction.CREATE));
      GenericKubernetesResource foreign = admin.genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(namespace).resource(new GenericKubernetesResourceBuilder()
              .withApiVersion("networking.istio.io/v1").withKind("VirtualService")
              .withNewMetadata().withName("reviews").withNamespace(namespace).endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("hosts", List.of("reviews.other")))).build())
          .create();

      ApplyResult result = plan.apply();

      ObjectOutcome outcome = result.cluster(CLUSTER).orElseThrow().outcomes().stream()
          .filter(o -> o.ref().kind().equals("VirtualService")).findFirst().orElseThrow();
      assertThat(outcome.status()).as(result.toString()).isEqualTo(ObjectOutcome.Status.FAILED);
      assertThat(outcome.errorCode()).contains(ErrorCode.ALREADY_EXISTS);
      GenericKubernetesResource after = virtualService(admin, namespace);
      assertThat(after.getMetadata().getResourceVersion()).as("the foreign VirtualService is untouched")
          .isEqualTo(foreign.getMetadata().getResourceVersion());
      assertThat(after.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
          .doesNotContain("mesh-sdk");
    }
  }
}
