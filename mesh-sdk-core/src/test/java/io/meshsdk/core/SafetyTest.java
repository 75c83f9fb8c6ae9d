package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.ValidationException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The engine")
class SafetyTest {
  private EngineFixture fixture;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "old-1", "old-2");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  private MeshResource foreignFront(String name) {
    ObjectNode object = MeshResource.skeleton("test.meshsdk.io/v1", "Front", "bookinfo", name);
    object.putObject("metadata").put("name", name).put("namespace", "bookinfo")
        .putObject("labels").put("app.kubernetes.io/managed-by", "helm");
    object.putObject("spec").put("host", "reviews");
    return MeshResource.of(object);
  }

  @Nested
  @DisplayName("never touches objects it does not own")
  class Ownership {
    @Test
    @DisplayName("refuses to plan over an object another manager owns, and writes nothing")
    void refusesToClobber() {
      MeshResource helm = fixture.clusters.cluster("mcpc-1").putOutOfBand(foreignFront("reviews"));

      assertThatThrownBy(() -> prod.policies().plan(reviews(90, 10)))
          .isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("Front bookinfo/reviews")
          .hasMessageContaining("manager helm");
      assertThat(fixture.clusters.writes()).isZero();
      assertThat(fixture.clusters.cluster("mcpc-1").objects()).containsExactly(helm);
    }

    @Test
    @DisplayName("finds a foreign object among many creations with one list per kind and namespace")
    void manyCreations() {
      fixture.clusters.cluster("mcpc-1").putOutOfBand(foreignFront("ratings"));
      long lists = fixture.clusters.cluster("mcpc-1").lists();
      var ratings = PolicyBuilder.forService("ratings").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1")).route(r -> r.toSubset("v1")).build();

      assertThatThrownBy(() -> prod.policies().plan(reviews(90, 10), ratings))
          .isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("Front bookinfo/ratings")
          .hasMessageContaining("manager helm");
      assertThat(fixture.clusters.cluster("mcpc-1").lists() - lists)
          .as("owned objects of both kinds, then all objects of both kinds, in bookinfo").isEqualTo(4);
      assertThat(fixture.clusters.writes()).isZero();
    }

    @Test
    @DisplayName("leaves unowned neighbours alone when deleting a policy")
    void leavesNeighbours() {
      MeshResource helm = fixture.clusters.cluster("mcpc-1").putOutOfBand(foreignFront("ratings"));
      prod.policies().apply(reviews(90, 10));

      prod.policies().delete(PolicyRef.traffic("bookinfo", "reviews"));

      assertThat(fixture.clusters.cluster("mcpc-1").objects()).containsExactly(helm);
    }

    @Test
    @DisplayName("refuses a second policy for a host that a live policy already governs")
    void oneServiceOnePolicy() {
      prod.policies().apply(reviews(90, 10));
      var other = PolicyBuilder.forService("reviews").inNamespace("bookinfo").named("reviews-b")
          .subset("v1", Map.of("version", "v1")).build();

      assertThatThrownBy(() -> prod.policies().plan(other))
          .isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("already governed by TrafficPolicy bookinfo/reviews");
    }

    @Test
    @DisplayName("refuses the same policy twice in one request")
    void duplicatesInRequest() {
      assertThatThrownBy(() -> prod.policies().plan(reviews(90, 10), reviews(80, 20)))
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.violations().get(0).field()).isEqualTo("policies[1]"));
    }

    @Test
    @DisplayName("says which policy is missing when asked to delete one that is not there")
    void deletingUnknownPolicy() {
      assertThatThrownBy(() -> prod.policies().planDeletion(PolicyRef.traffic("bookinfo", "nope")))
          .isInstanceOf(MeshNotFoundException.class)
          .hasMessageContaining("TrafficPolicy bookinfo/nope");
    }
  }

  @Nested
  @DisplayName("pins plans to what it read")
  class Staleness {
    @Test
    @DisplayName("fails an update whose object was edited after planning, and keeps the edit")
    void staleUpdate() {
      prod.policies().apply(reviews(90, 10));
      Plan shift = prod.policies().plan(reviews(50, 50));
      InMemoryCluster mcpc = fixture.clusters.cluster("mcpc-1");
      MeshResource edited = mcpc.putOutOfBand(
          mcpc.find("Front", "bookinfo", "reviews").orElseThrow().withAnnotation("edited", "by-hand"));

      ApplyResult result = shift.apply();

      assertThat(result.successful()).isFalse();
      ClusterApplyResult onMcpc = result.cluster("mcpc-1").orElseThrow();
      assertThat(onMcpc.outcomes()).extracting(ObjectOutcome::status)
          .containsExactly(ObjectOutcome.Status.UNCHANGED, ObjectOutcome.Status.FAILED);
      assertThat(onMcpc.outcomes().get(1).errorCode()).contains(ErrorCode.STALE_PLAN);
      assertThat(mcpc.find("Front", "bookinfo", "reviews")).contains(edited);
    }

    @Test
    @DisplayName("refuses to apply the same plan twice")
    void applyOnce() {
      Plan plan = prod.policies().plan(reviews(90, 10));
      plan.apply();
      assertThatThrownBy(plan::apply)
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
    }
  }

  @Nested
  @DisplayName("validates plans on the servers without writing")
  class ServerValidation {
    @Test
    @DisplayName("sends creations and updates as dry runs and leaves the plan applicable")
    void dryRun() {
      Plan plan = prod.policies().plan(reviews(90, 10));

      assertThat(plan.validateOnServer()).isSameAs(plan);

      assertThat(fixture.clusters.writes()).isZero();
      assertThat(fixture.clusters.cluster("mcpc-1").objects()).isEmpty();
      assertThat(plan.apply().successful()).isTrue();
    }

    @Test
    @DisplayName("lists every object a server refused, by cluster")
    void refused() {
      Plan plan = prod.policies().plan(reviews(90, 10));
      fixture.clusters.cluster("mcpc-1").failNextWrites(2, ErrorCode.BACKEND_ERROR);

      assertThatThrownBy(plan::validateOnServer)
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(v -> v.field())
              .containsExactly("mcpc-1: Backing bookinfo/reviews", "mcpc-1: Front bookinfo/reviews"));
      assertThat(fixture.clusters.writes()).isZero();
    }
  }

  @Nested
  @DisplayName("handles failed writes")
  class Failures {
    @Test
    @DisplayName("retries transient failures until the write goes through")
    void retriesTransient() {
      fixture.clusters.cluster("mcpc-1").failNextWrites(2, ErrorCode.RATE_LIMITED);

      ApplyResult result = prod.policies().apply(reviews(90, 10));

      assertThat(result.successful()).isTrue();
      assertThat(result.clusters().get(0).outcomes().get(0).attempts()).isEqualTo(3);
      assertThat(fixture.clusters.cluster("mcpc-1").objects()).hasSize(2);
    }

    @Test
    @DisplayName("gives up after the configured attempts and skips what depends on the failed object")
    void givesUp() {
      fixture.clusters.cluster("mcpc-1").failNextWrites(10, ErrorCode.CLUSTER_UNREACHABLE);

      ApplyResult result = prod.policies().apply(reviews(90, 10));

      List<ObjectOutcome> outcomes = result.clusters().get(0).outcomes();
      assertThat(outcomes.get(0).status()).isEqualTo(ObjectOutcome.Status.FAILED);
      assertThat(outcomes.get(0).attempts()).isEqualTo(4);
      assertThat(outcomes.get(1).status()).isEqualTo(ObjectOutcome.Status.SKIPPED);
      assertThat(fixture.clusters.cluster("mcpc-1").objects()).isEmpty();
    }

    @Test
    @DisplayName("reports failure per cluster and keeps what succeeded on the others")
    void partialFailureAcrossClusters() {
      Mesh legacy = fixture.meshes.create(MeshSpec.external("legacy").addPrimary("old-1").addPrimary("old-2").build());
      fixture.clusters.cluster("old-2").failNextWrites(1, ErrorCode.BACKEND_ERROR);

      ApplyResult result = legacy.policies().apply(reviews(90, 10));

      assertThat(result.cluster("old-1").orElseThrow().successful()).isTrue();
      assertThat(result.cluster("old-2").orElseThrow().successful()).isFalse();
      assertThat(result.failures()).extracting(ClusterApplyResult::cluster).containsExactly("old-2");
      assertThat(fixture.clusters.cluster("old-1").objects()).hasSize(2);

      Plan retry = legacy.policies().plan(reviews(90, 10));
      assertThat(retry.changes("old-1")).allMatch(c -> c.action() == io.meshsdk.plan.ChangeAction.UNCHANGED);
      assertThat(retry.changes("old-2")).allMatch(c -> c.action() == io.meshsdk.plan.ChangeAction.CREATE);
    }
  }
}
