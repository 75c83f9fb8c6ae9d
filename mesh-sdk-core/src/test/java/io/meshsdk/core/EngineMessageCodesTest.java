package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.ValidationException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The message codes of the errors users meet most, with the values a translation needs. */
@DisplayName("Message codes of the engine's common errors")
class EngineMessageCodesTest {
  private EngineFixture fixture;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "bj-1");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  @Test
  @DisplayName("cluster.not-registered and mesh.not-found name the cluster or mesh")
  void notFound() {
    MeshNotFoundException cluster = catchThrowableOfType(MeshNotFoundException.class,
        () -> fixture.meshes.clusters().get("sh-9"));
    assertThat(cluster.messageCode()).isEqualTo("cluster.not-registered");
    assertThat(cluster.arguments()).containsExactly(Map.entry("cluster", "sh-9"));

    MeshNotFoundException unregister = catchThrowableOfType(MeshNotFoundException.class,
        () -> fixture.meshes.clusters().unregister("sh-9"));
    assertThat(unregister.messageCode()).isEqualTo("cluster.not-registered");

    MeshNotFoundException join = catchThrowableOfType(MeshNotFoundException.class, () -> prod.join("sh-9"));
    assertThat(join.messageCode()).isEqualTo("cluster.not-registered");
    assertThat(join.arguments()).containsEntry("cluster", "sh-9");
  }

  @Test
  @DisplayName("cluster.already-member names the cluster and the mesh")
  void alreadyMember() {
    prod.join("bj-1");
    MeshConflictException again = catchThrowableOfType(MeshConflictException.class, () -> prod.join("bj-1"));
    assertThat(again.messageCode()).isEqualTo("cluster.already-member");
    assertThat(again.arguments()).containsEntry("cluster", "bj-1").containsEntry("mesh", "prod");
  }

  @Test
  @DisplayName("two policies for one host are refused with policies.conflict, naming the policy")
  void twoPoliciesOneHost() {
    ValidationException clash = catchThrowableOfType(ValidationException.class,
        () -> prod.policies().plan(reviews(90, 10),
            PolicyBuilder.forService("reviews.bookinfo.svc.cluster.local").inNamespace("bookinfo").named("reviews-2")
                .subset("v1", Map.of("version", "v1")).build()));
    assertThat(clash.messageCode()).isEqualTo("input.invalid");
    assertThat(clash.violations()).extracting(v -> v.code()).containsExactly("policies.conflict");
    assertThat(clash.violations().get(0).arguments()).containsEntry("field", "policies[1]");
  }

  @Test
  @DisplayName("plan.already-applied tells a plan applied twice from one that went stale")
  void stalePlans() {
    Plan plan = prod.policies().plan(reviews(90, 10));
    ApplyResult first = plan.apply();
    assertThat(first.successful()).isTrue();
    MeshException twice = catchThrowableOfType(MeshException.class, plan::apply);
    assertThat(twice.messageCode()).isEqualTo("plan.already-applied");
    assertThat(twice.arguments()).containsEntry("mesh", "prod");
  }

  @Test
  @DisplayName("a validation error has policy.invalid or input.invalid, and each violation its own code")
  void validation() {
    ValidationException repeated = catchThrowableOfType(ValidationException.class,
        () -> prod.policies().plan(reviews(90, 10), reviews(80, 20)));
    assertThat(repeated.messageCode()).isIn("policy.invalid", "input.invalid");
    assertThat(repeated.violations()).extracting(v -> v.code()).containsExactly("policies.duplicate");
    assertThat(repeated.violations().get(0).arguments()).containsEntry("field", "policies[1]");
  }
}
