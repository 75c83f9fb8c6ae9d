package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DiffEntry;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Planning and applying a policy on a hosted mesh")
class PlanAndApplyTest {
  private EngineFixture fixture;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "bj-1", "sh-1");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.join("sh-1");
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  @Test
  @DisplayName("plans creations on the control plane only and writes nothing while planning")
  void plansOnControlPlane() {
    Plan plan = prod.policies().plan(reviews(90, 10));

    assertThat(plan.clusters()).containsExactly("mcpc-1");
    assertThat(plan.changes()).extracting(ResourceChange::action)
        .containsExactly(ChangeAction.CREATE, ChangeAction.CREATE);
    assertThat(plan.changes()).extracting(c -> c.ref().kind()).containsExactly("Backing", "Front");
    assertThat(fixture.clusters.writes()).isZero();
    assertThat(plan.render()).contains("cluster mcpc-1", "+ create Backing bookinfo/reviews",
        "+ create Front bookinfo/reviews", "<intent ");
  }

  @Test
  @DisplayName("reads the live objects with one list call per kind and namespace")
  void oneListPerKindAndNamespace() {
    prod.policies().plan(reviews(90, 10));
    assertThat(fixture.clusters.cluster("mcpc-1").lists()).isEqualTo(2);
    assertThat(fixture.clusters.cluster("bj-1").lists()).isZero();
  }

  @Test
  @DisplayName("marks what it writes with ownership labels, and the object applied last with the intent")
  void stampsOwnership() {
    ApplyResult result = prod.policies().apply(reviews(90, 10));

    assertThat(result.successful()).isTrue();
    assertThat(result.writes()).isEqualTo(2);
    List<MeshResource> objects = fixture.clusters.cluster("mcpc-1").objects();
    assertThat(objects).hasSize(2).allSatisfy(o -> assertThat(o.labels())
        .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk")
        .containsEntry("mesh.meshsdk.io/mesh", "prod")
        .containsEntry("mesh.meshsdk.io/policy", "reviews")
        .containsEntry("mesh.meshsdk.io/policy-kind", "TrafficPolicy"));
    MeshResource front = objects.stream().filter(o -> o.kind().equals("Front")).findFirst().orElseThrow();
    assertThat(front.annotations()).containsKeys("mesh.meshsdk.io/intent", "mesh.meshsdk.io/intent-hash");
    MeshResource backing = objects.stream().filter(o -> o.kind().equals("Backing")).findFirst().orElseThrow();
    assertThat(backing.annotations()).isEmpty();
    assertThat(fixture.clusters.cluster("bj-1").objects()).isEmpty();
    assertThat(fixture.clusters.cluster("sh-1").objects()).isEmpty();
  }

  @Test
  @DisplayName("writes nothing when the same policy is applied again")
  void reapplyWritesNothing() {
    prod.policies().apply(reviews(90, 10));
    long writes = fixture.clusters.writes();

    Plan again = prod.policies().plan(reviews(90, 10));
    ApplyResult result = again.apply();

    assertThat(again.hasChanges()).isFalse();
    assertThat(again.changes()).extracting(ResourceChange::action)
        .containsOnly(ChangeAction.UNCHANGED).hasSize(2);
    assertThat(result.writes()).isZero();
    assertThat(result.clusters().get(0).outcomes()).extracting(ObjectOutcome::status)
        .containsOnly(ObjectOutcome.Status.UNCHANGED);
    assertThat(fixture.clusters.writes()).isEqualTo(writes);
  }

  @Test
  @DisplayName("updates only the objects of a changed policy whose content changed, showing the field diff")
  void updateShowsDiff() {
    prod.policies().apply(reviews(90, 10));

    Plan shift = prod.policies().plan(reviews(50, 50));

    assertThat(shift.count(ChangeAction.UPDATE)).isEqualTo(1);
    ResourceChange backing = shift.changes().stream().filter(c -> c.ref().kind().equals("Backing")).findFirst().orElseThrow();
    assertThat(backing.action()).isEqualTo(ChangeAction.UNCHANGED);
    assertThat(backing.diff()).isEmpty();
    ResourceChange front = shift.changes().stream().filter(c -> c.ref().kind().equals("Front")).findFirst().orElseThrow();
    assertThat(front.action()).isEqualTo(ChangeAction.UPDATE);
    assertThat(front.diff()).extracting(DiffEntry::path)
        .contains("/spec/routes/1/destinations/0/weight", "/spec/routes/1/destinations/1/weight");
    assertThat(front.diff()).anySatisfy(d -> {
      assertThat(d.path()).isEqualTo("/spec/routes/1/destinations/0/weight");
      assertThat(d.before()).contains("90");
      assertThat(d.after()).contains("50");
    });
    assertThat(front.diff()).extracting(DiffEntry::path).contains("/metadata/annotations/mesh.meshsdk.io~1intent-hash");
    assertThat(shift.render()).contains("~ update Front bookinfo/reviews", "~ /spec/routes/1/destinations/0/weight: 90 -> 50",
        "= unchanged Backing bookinfo/reviews");
    assertThat(shift.apply().writes()).isEqualTo(1);
  }

  @Test
  @DisplayName("deletes what a policy no longer produces")
  void prunesObjectsNoLongerProduced() {
    prod.policies().apply(reviews(90, 10));
    var subsetsOnly = io.meshsdk.policy.PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", java.util.Map.of("version", "v1")).build();

    Plan plan = prod.policies().plan(subsetsOnly);

    assertThat(plan.changes()).extracting(c -> c.action() + " " + c.ref().kind())
        .containsExactly("UPDATE Backing", "DELETE Front");
  }

  @Test
  @DisplayName("reads the policies in force back from the config cluster")
  void listsIntents() {
    prod.policies().apply(reviews(90, 10));
    assertThat(prod.policies().list()).containsExactly(reviews(90, 10));
    assertThat(prod.policies().find(PolicyRef.traffic("bookinfo", "reviews"))).contains(reviews(90, 10));
    assertThat(prod.policies().resources()).containsOnlyKeys("mcpc-1");
  }

  @Test
  @DisplayName("deletes a policy's objects in reverse dependency order")
  void deletesInReverse() {
    prod.policies().apply(reviews(90, 10));

    Plan deletion = prod.policies().planDeletion(PolicyRef.traffic("bookinfo", "reviews"));

    assertThat(deletion.changes()).extracting(c -> c.action() + " " + c.ref().kind())
        .containsExactly("DELETE Front", "DELETE Backing");
    assertThat(deletion.render()).contains("- delete Front bookinfo/reviews");
    assertThat(deletion.apply().successful()).isTrue();
    assertThat(fixture.clusters.cluster("mcpc-1").objects()).isEmpty();
    assertThat(prod.policies().list()).isEmpty();
  }
}
