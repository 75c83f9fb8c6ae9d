package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.internal.ApiJson;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Adoption in the engine, whatever the backend")
class AdoptionEngineTest {
  private InMemoryClusterConnector clusters;
  private MeshManager meshes;
  private Mesh prod;
  private InMemoryCluster mcpc;

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    meshes = MeshManager.builder().backend(new TestBackendProvider()).connector(clusters)
        .retries(2, Duration.ofMillis(1)).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    mcpc = clusters.cluster("mcpc-1");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static TrafficPolicy reviews() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1"))
        .build();
  }

  /** The objects the policy wants, as another tool wrote them: same content, a label of its own, none of the SDK's. */
  private void plantForeign(TrafficPolicy policy) {
    for (ResourceChange change : prod.policies().plan(policy).changes()) {
      ObjectNode content = change.desired().orElseThrow().content();
      ObjectNode metadata = (ObjectNode) content.get("metadata");
      metadata.remove("annotations");
      metadata.putObject("labels").put("owner", "platform-team");
      mcpc.putOutOfBand(MeshResource.of(content));
    }
  }

  @Test
  @DisplayName("discover() needs a backend that can read objects back")
  void discoverNeedsCapability() {
    assertThatThrownBy(() -> prod.policies().discover())
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("DISCOVERY");
  }

  @Test
  @DisplayName("adopt() takes existing objects over: labels and intent added, their own labels kept")
  void adopts() {
    plantForeign(reviews());

    Plan plan = prod.policies().adopt(reviews());

    assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.ADOPT);
    assertThat(plan.changes()).allSatisfy(c -> assertThat(c.diff())
        .allSatisfy(d -> assertThat(d.path()).startsWith("/metadata/")));
    assertThat(plan.render()).contains("0 to create, 0 to update, 0 to delete, 2 to adopt, 0 unchanged")
        .contains("* adopt Backing bookinfo/reviews");
    assertThat(plan.apply().successful()).isTrue();
    MeshResource adopted = mcpc.find("Front", "bookinfo", "reviews").orElseThrow();
    assertThat(adopted.labels()).containsEntry("owner", "platform-team")
        .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk").containsEntry("mesh.meshsdk.io/policy", "reviews");
    assertThat(prod.policies().plan(reviews()).hasChanges()).isFalse();
    assertThat(prod.policies().list()).containsExactly(reviews());
  }

  @Test
  @DisplayName("plan() never adopts: an unowned object still stops it")
  void planNeverAdopts() {
    plantForeign(reviews());

    assertThatThrownBy(() -> prod.policies().plan(reviews()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("cannot create")
        .hasMessageContaining("someone other than mesh-sdk");
  }

  @Test
  @DisplayName("an object edited after planning is not adopted: the change goes stale")
  void staleAdoption() {
    plantForeign(reviews());
    Plan plan = prod.policies().adopt(reviews());
    mcpc.putOutOfBand(mcpc.find("Backing", "bookinfo", "reviews").orElseThrow().withLabel("owner", "someone-else"));

    ApplyResult result = plan.apply();

    assertThat(result.successful()).isFalse();
    ObjectOutcome backing = result.cluster("mcpc-1").orElseThrow().outcomes().get(0);
    assertThat(backing.action()).isEqualTo(ChangeAction.ADOPT);
    assertThat(backing.errorCode()).contains(ErrorCode.STALE_PLAN);
    assertThat(mcpc.find("Backing", "bookinfo", "reviews").orElseThrow().labels())
        .containsEntry("owner", "someone-else").doesNotContainKey("app.kubernetes.io/managed-by");
  }

  @Test
  @DisplayName("an object of another mesh is never adopted: the conflict names the policy and the owner")
  void otherMesh() {
    // what mesh "other" wrote to this cluster before it was handed over
    for (ResourceChange change : prod.policies().plan(reviews()).changes()) {
      mcpc.putOutOfBand(change.desired().orElseThrow().withLabel("mesh.meshsdk.io/mesh", "other"));
    }

    assertThatThrownBy(() -> prod.policies().adopt(reviews()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("TrafficPolicy bookinfo/reviews cannot adopt")
        .hasMessageContaining("mesh other (TrafficPolicy bookinfo/reviews)");
  }

  @Test
  @DisplayName("a restored adoption plan may read unowned objects, but not objects of another owner")
  void restore() throws Exception {
    plantForeign(reviews());
    String json = prod.policies().adopt(reviews()).toJson();
    assertThat(meshes.get("prod").policies().restore(json).apply().successful()).isTrue();

    String stolen = rehashed(json.replace("\"owner\":\"platform-team\"", "\"owner\":\"platform-team\","
        + "\"app.kubernetes.io/managed-by\":\"mesh-sdk\",\"mesh.meshsdk.io/mesh\":\"other\""));
    assertThatThrownBy(() -> meshes.get("prod").policies().restore(stolen))
        .isInstanceOfSatisfying(MeshException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
          assertThat(e.messageCode()).isEqualTo("plan.foreign-object");
        });
  }

  /** The plan's JSON with its hash made to match its content again, as a forger would. */
  private static String rehashed(String json) throws Exception {
    ObjectNode document = (ObjectNode) ApiJson.MAPPER.readTree(json);
    document.remove("hash");
    document.put("hash", "sha256:" + ApiJson.sha256(ApiJson.canonical(document)));
    return ApiJson.canonical(document);
  }
}
