package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.ValidationException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What real kube-apiservers with Istio's CRDs do that the mock server does not: field managers
 * and their conflicts, fields other managers add, apply creating what a plan expected to update,
 * how invalid objects are refused, who each write is recorded for, and the controllers that
 * finish a deletion after the call returns.
 */
@DisplayName("The SDK on real API servers")
class ServerSemanticsIT {
  private static final String MCPC = "mcpc";
  private static final String MEMBER = "member";
  private static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
      .withGroup("networking.istio.io").withVersion("v1").withKind("VirtualService")
      .withPlural("virtualservices").withNamespaced(true).build();
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static RealApiServers servers;

  private final List<String> namespaces = new ArrayList<>();
  private MeshManager meshes;
  private Mesh mesh;
  private String namespace;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().controllers(true).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @BeforeEach
  void newMesh() {
    int n = TESTS.incrementAndGet();
    namespace = "semantics-" + n;
    namespaces.add(namespace);
    servers.createNamespace(MCPC, namespace);
    meshes = MeshManager.builder().connector(servers.connector()).retries(5, Duration.ofMillis(50)).build();
    meshes.clusters().register(servers.clusterSpec(MCPC));
    meshes.clusters().register(ClusterSpec.builder().from(servers.clusterSpec(MEMBER)).network("net-member").build());
    mesh = meshes.create(MeshSpec.hosted("mesh-" + n).controlPlane(MCPC).build());
  }

  @AfterEach
  void cleanUp() {
    if (meshes != null) {
      meshes.close();
    }
    servers.deleteObjects(namespaces);
  }

  private TrafficPolicy canary(int v2Weight) {
    return PolicyBuilder.forService("reviews").inNamespace(namespace)
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 100 - v2Weight).toSubset("v2", v2Weight))
        .build();
  }

  private Resource<GenericKubernetesResource> virtualService() {
    return servers.client(MCPC).genericKubernetesResources(VIRTUAL_SERVICE).inNamespace(namespace).withName("reviews");
  }

  @SuppressWarnings("unchecked")
  private static int v2Weight(GenericKubernetesResource virtualService) {
    Map<String, Object> spec = (Map<String, Object>) virtualService.getAdditionalProperties().get("spec");
    List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
    List<Map<String, Object>> route = (List<Map<String, Object>>) http.get(0).get("route");
    return ((Number) route.get(1).get("weight")).intValue();
  }

  /** What {@code kubectl edit} does: a full update, recorded for the editor's field manager. */
  @SuppressWarnings("unchecked")
  private void editWeightsAsKubectlEdit(int v2Weight) {
    GenericKubernetesResource edited = virtualService().get();
    Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().get("spec");
    List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
    List<Map<String, Object>> route = (List<Map<String, Object>>) http.get(0).get("route");
    route.get(0).put("weight", 100 - v2Weight);
    route.get(1).put("weight", v2Weight);
    KubernetesClient client = servers.client(MCPC);
    // a PUT with kubectl's field manager: fabric8's update() does not send one
    client.raw("/apis/networking.istio.io/v1/namespaces/" + namespace
        + "/virtualservices/reviews?fieldManager=kubectl-edit", "PUT", edited);
    assertThat(managers(virtualService().get().getMetadata().getManagedFields())).contains("kubectl-edit");
  }

  private static List<String> managers(List<ManagedFieldsEntry> entries) {
    return entries.stream().map(ManagedFieldsEntry::getManager).distinct().sorted().collect(Collectors.toList());
  }

  /** The managers that own a field, named as in managedFields ({@code f:<name>}). */
  private static List<String> managersOf(String field, List<ManagedFieldsEntry> entries) {
    return managers(entries.stream()
        .filter(e -> e.getFieldsV1() != null && String.valueOf(e.getFieldsV1().getAdditionalProperties()).contains(field))
        .collect(Collectors.toList()));
  }

  @Test
  @DisplayName("reconcile() takes back the fields that kubectl edit moved to its own field manager")
  void reconcileTakesBackFieldsOfAnEditor() {
    mesh.policies().apply(canary(10));
    editWeightsAsKubectlEdit(50);
    assertThat(mesh.policies().drift().hasDrift()).isTrue();

    ApplyResult result = mesh.policies().reconcile();

    assertThat(result.successful()).as("%s", result).isTrue();
    assertThat(result.writes()).isEqualTo(1);
    assertThat(v2Weight(virtualService().get())).isEqualTo(10);
    assertThat(mesh.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("a plan over an editor's fields fails with CONFLICT, and applied with FORCE takes them over")
  void forcedApplicationTakesOverTheEditorsFields() {
    mesh.policies().apply(canary(10));
    editWeightsAsKubectlEdit(50);

    ApplyResult plain = mesh.policies().plan(canary(20)).apply();
    assertThat(plain.successful()).isFalse();
    assertThat(plain.failures().get(0).outcomes()).anySatisfy(o -> {
      assertThat(o.errorCode()).contains(ErrorCode.CONFLICT);
      assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("kubectl-edit"));
    });
    assertThat(v2Weight(virtualService().get())).isEqualTo(50);

    ApplyResult forced = mesh.policies().plan(canary(20)).apply(ApplyMode.FORCE);

    assertThat(forced.successful()).as("%s", forced).isTrue();
    GenericKubernetesResource live = virtualService().get();
    assertThat(v2Weight(live)).isEqualTo(20);
    assertThat(managers(live.getMetadata().getManagedFields())).containsExactly("mesh-sdk");
  }

  @Test
  @DisplayName("a field another manager adds to an SDK object is neither a change nor drift")
  void fieldsOfOtherManagersAreNotChanges() {
    mesh.policies().apply(canary(10));
    virtualService().patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
        .withFieldManager("other-tool").build(), "{\"spec\":{\"exportTo\":[\".\"]}}");

    Plan plan = mesh.policies().plan(canary(10));
    assertThat(plan.hasChanges()).as(plan.render()).isFalse();
    assertThat(mesh.policies().drift().hasDrift()).isFalse();
    ApplyResult reconciled = mesh.policies().reconcile();
    assertThat(reconciled.writes()).isZero();
    assertThat(virtualService().get().getAdditionalProperties().get("spec").toString()).contains("exportTo");
  }

  @Test
  @DisplayName("a plan applied after one of its objects was deleted fails it with STALE_PLAN, not recreating it")
  void deletedObjectMakesThePlanStale() {
    mesh.policies().apply(canary(10));
    Plan plan = mesh.policies().plan(canary(30));
    assertThat(plan.changes()).anySatisfy(c -> {
      assertThat(c.ref().kind()).isEqualTo("VirtualService");
      assertThat(c.action()).isEqualTo(ChangeAction.UPDATE);
    });
    virtualService().withTimeout(30, TimeUnit.SECONDS).delete();

    ApplyResult result = plan.apply();

    assertThat(result.successful()).isFalse();
    List<ObjectOutcome> virtualServices = result.clusters().get(0).outcomes().stream()
        .filter(o -> o.ref().kind().equals("VirtualService")).collect(Collectors.toList());
    assertThat(virtualServices).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(ObjectOutcome.Status.FAILED);
      assertThat(o.errorCode()).contains(ErrorCode.STALE_PLAN);
      assertThat(o.attempts()).isEqualTo(1);
    });
    assertThat(virtualService().get()).isNull();
  }

  private RawPolicy rawDestinationRule(String trafficPolicy) {
    return PolicyBuilder.raw("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n"
        + "  name: ratings-limits\n  namespace: " + namespace + "\nspec:\n  host: ratings\n"
        + "  trafficPolicy:\n" + trafficPolicy).build();
  }

  @Test
  @DisplayName("a value of the wrong type is invalid input, refused once and reported with its field")
  void wrongTypeIsInvalidInput() {
    RawPolicy wrongType = rawDestinationRule("    connectionPool:\n      tcp:\n        maxConnections: many\n");

    assertThatThrownBy(() -> mesh.policies().plan(wrongType).validateOnServer())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .anySatisfy(v -> assertThat(v.field() + " " + v.message()).contains("maxConnections")));
    ApplyResult result = mesh.policies().plan(wrongType).apply();
    assertThat(result.successful()).isFalse();
    assertThat(result.failures().get(0).outcomes()).anySatisfy(o -> {
      assertThat(o.errorCode()).contains(ErrorCode.INVALID_INPUT);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("maxConnections"));
    });
  }

  @Test
  @DisplayName("an unknown field is invalid input, refused once and reported with its field")
  void unknownFieldIsInvalidInput() {
    RawPolicy unknown = rawDestinationRule("    connectionPool:\n      tcp:\n        maxConnectionz: 10\n");

    assertThatThrownBy(() -> mesh.policies().plan(unknown).validateOnServer())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .anySatisfy(v -> assertThat(v.field() + " " + v.message()).contains("maxConnectionz")));
    ApplyResult result = mesh.policies().plan(unknown).apply();
    assertThat(result.successful()).isFalse();
    assertThat(result.failures().get(0).outcomes()).anySatisfy(o -> {
      assertThat(o.errorCode()).contains(ErrorCode.INVALID_INPUT);
      assertThat(o.attempts()).isEqualTo(1);
    });
  }

  @Test
  @DisplayName("every write of the SDK, namespace labels included, is recorded for field manager mesh-sdk")
  void everyWriteIsRecordedForMeshSdk() {
    servers.createNamespace(MEMBER, namespace);
    mesh.join(MEMBER);
    mesh.sidecars().enableInjection(MEMBER, namespace);
    mesh.policies().apply(canary(10));

    KubernetesClient member = servers.client(MEMBER);
    assertThat(member.namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsKey("istio-injection");
    assertThat(managersOf("f:istio-injection", member.namespaces().withName(namespace).get().getMetadata()
        .getManagedFields())).containsExactly("mesh-sdk");
    assertThat(member.namespaces().withName("istio-system").get().getMetadata().getLabels())
        .containsEntry("topology.istio.io/network", "net-member");
    assertThat(managersOf("f:topology.istio.io/network", member.namespaces().withName("istio-system").get()
        .getMetadata().getManagedFields())).containsExactly("mesh-sdk");
    assertThat(managers(virtualService().get().getMetadata().getManagedFields())).containsExactly("mesh-sdk");
    assertThat(member.serviceAccounts().inNamespace("istio-system").withLabel("app.kubernetes.io/managed-by",
        "mesh-sdk").list().getItems()).allSatisfy(sa ->
            assertThat(managers(sa.getMetadata().getManagedFields())).containsExactly("mesh-sdk"));
  }

  @Test
  @DisplayName("a member that left can join again at once, also when joining created its istio-system")
  void leaveThenJoinAgainAtOnce() {
    KubernetesClient member = servers.client(MEMBER);
    member.namespaces().withName("istio-system").withTimeout(60, TimeUnit.SECONDS).delete();
    assertThat(member.namespaces().withName("istio-system").get()).isNull();
    mesh.join(MEMBER);
    mesh.leave(MEMBER);

    mesh.join(MEMBER);

    assertThat(mesh.spec().members()).contains(MEMBER);
    assertThat(member.namespaces().withName("istio-system").get().getMetadata().getDeletionTimestamp()).isNull();
    assertThat(member.serviceAccounts().inNamespace("istio-system").withName("istio-reader-" + mesh.name()).get())
        .isNotNull();
    assertThat(servers.client(MCPC).secrets().inNamespace("istio-system")
        .withName("istio-remote-secret-" + MEMBER).get().getData()).containsKey(MEMBER);
    mesh.leave(MEMBER);
    mesh.join(MEMBER);
    assertThat(servers.client(MCPC).secrets().inNamespace("istio-system")
        .withName("istio-remote-secret-" + MEMBER).get().getData()).containsKey(MEMBER);
  }
}
