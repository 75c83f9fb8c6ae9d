package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Objects written by 0.1.0, with the intent on every object of a policy")
class EarlierFormatTest {
  private static final String INTENT = "mesh.meshsdk.io/intent";
  private static final String INTENT_HASH = "mesh.meshsdk.io/intent-hash";
  /** reviews(90, 10) as 0.1.0 wrote it: empty lists and maps spelled out. */
  private static final String OLD_INTENT = "{\"host\":\"reviews\",\"kind\":\"TrafficPolicy\",\"name\":\"reviews\","
      + "\"namespace\":\"bookinfo\",\"portOverrides\":[],\"routes\":[{\"destinations\":[{\"subset\":\"v2\",\"weight\":100}],"
      + "\"matches\":[{\"gateways\":[],\"headers\":{\"end-user\":{\"type\":\"EXACT\",\"value\":\"jason\"}},\"queryParams\":{},"
      + "\"sourceLabels\":{}}]},{\"destinations\":[{\"subset\":\"v1\",\"weight\":90},{\"subset\":\"v2\",\"weight\":10}],"
      + "\"matches\":[],\"timeout\":\"PT2S\"}],\"subsets\":[{\"labels\":{\"version\":\"v1\"},\"name\":\"v1\","
      + "\"portOverrides\":[]},{\"labels\":{\"version\":\"v2\"},\"name\":\"v2\",\"portOverrides\":[]}],\"tcpRoutes\":[],"
      + "\"tlsRoutes\":[]}";
  /** Its hash, as 0.1.0 wrote it. */
  private static final String OLD_HASH = "bb3b51b2c0179ccb";

  private EngineFixture fixture;
  private Mesh prod;
  private InMemoryCluster mcpc;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "bj-1");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.policies().apply(reviews(90, 10));
    mcpc = fixture.clusters.cluster("mcpc-1");
    for (String kind : new String[] {"Backing", "Front"}) {
      mcpc.putOutOfBand(live(kind).withAnnotation(INTENT, OLD_INTENT).withAnnotation(INTENT_HASH, OLD_HASH));
    }
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  private MeshResource live(String kind) {
    return mcpc.find(kind, "bookinfo", "reviews").orElseThrow();
  }

  @Test
  @DisplayName("are read back as the policy they were written for, show no drift, and reconciling rewrites them once")
  void readBack() {
    assertThat(prod.policies().list()).containsExactly(reviews(90, 10));
    assertThat(prod.policies().drift().hasDrift()).isFalse();

    assertThat(prod.policies().reconcile().writes()).isEqualTo(2);
    assertThat(live("Backing").annotations()).doesNotContainKeys(INTENT, INTENT_HASH);
    assertThat(prod.policies().planReconcile().hasChanges()).isFalse();
    assertThat(prod.policies().list()).containsExactly(reviews(90, 10));
  }

  @Test
  @DisplayName("are rewritten in the new form by the next apply, once, and the intent leaves the other object")
  void migratedByTheNextApply() {
    Plan plan = prod.policies().plan(reviews(90, 10));
    assertThat(plan.count(io.meshsdk.plan.ChangeAction.UPDATE)).isEqualTo(2);
    assertThat(plan.apply().successful()).isTrue();

    assertThat(live("Backing").annotations()).doesNotContainKeys(INTENT, INTENT_HASH);
    assertThat(live("Front").annotations().get(INTENT)).isEqualTo(io.meshsdk.policy.Policies.toJson(reviews(90, 10)));
    assertThat(prod.policies().plan(reviews(90, 10)).hasChanges()).isFalse();
    assertThat(prod.policies().find(PolicyRef.traffic("bookinfo", "reviews"))).contains(reviews(90, 10));
  }

  @Test
  @DisplayName("keep working when a change is applied over them")
  void changedOver() {
    assertThat(prod.policies().apply(reviews(50, 50)).successful()).isTrue();

    assertThat(live("Backing").annotations()).doesNotContainKeys(INTENT, INTENT_HASH);
    assertThat(prod.policies().list()).containsExactly(reviews(50, 50));
    assertThat(prod.policies().drift().hasDrift()).isFalse();
  }

  @Test
  @DisplayName("whose object carrying the intent now was deleted, are recovered from the other object")
  void carrierDeleted() {
    mcpc.removeOutOfBand(live("Front").ref());

    assertThat(prod.policies().list()).containsExactly(reviews(90, 10));
    assertThat(prod.policies().drift().cluster("mcpc-1").orElseThrow().objects())
        .singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(io.meshsdk.plan.ObjectDrift.Kind.DELETED));
    assertThat(prod.policies().reconcile().successful()).isTrue();
    assertThat(live("Front").annotations()).containsKey(INTENT);
  }
}
