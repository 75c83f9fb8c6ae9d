package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MeshAssertions")
class MeshAssertionsTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager meshes;
  private Mesh prod;
  private final TrafficPolicy reviews = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
      .subset("v1", Map.of("version", "v1"))
      .route(r -> r.toSubset("v1"))
      .build();

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).retries(1, Duration.ZERO).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("pass on a plan that does what they say")
  void passingPlan() {
    MeshAssertions.assertThat(prod.policies().plan(reviews))
        .touchesOnly("mcpc-1")
        .creates("mcpc-1", "VirtualService", "bookinfo/reviews")
        .creates("mcpc-1", "DestinationRule", "bookinfo/reviews");
    MeshAssertions.assertThat(prod.policies().apply(reviews)).isSuccessful().wrote(2);
    MeshAssertions.assertThat(prod.policies().plan(reviews)).hasNoChanges();
    MeshAssertions.assertThat(prod.policies().planDeletion(reviews.ref()))
        .deletes("mcpc-1", "VirtualService", "bookinfo/reviews");
  }

  @Test
  @DisplayName("list what the plan holds when an expected change is missing")
  void failingPlan() {
    Plan plan = prod.policies().plan(reviews);
    assertThatThrownBy(() -> MeshAssertions.assertThat(plan).creates("bj-1", "VirtualService", "bookinfo/reviews"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected the plan to create VirtualService bookinfo/reviews on cluster bj-1")
        .hasMessageContaining("CREATE DestinationRule bookinfo/reviews on mcpc-1");
    assertThatThrownBy(() -> MeshAssertions.assertThat(plan).hasNoChanges())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CREATE VirtualService bookinfo/reviews on mcpc-1");
    assertThatThrownBy(() -> MeshAssertions.assertThat(plan).touchesOnly("mcpc-1", "bj-1"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("touching clusters [mcpc-1, bj-1], but it touches [mcpc-1]");
  }

  @Test
  @DisplayName("name the failed objects of an unsuccessful apply")
  void failingApply() {
    clusters.cluster("mcpc-1").failNextWrites(1, ErrorCode.BACKEND_ERROR);
    var result = prod.policies().apply(reviews);
    assertThatThrownBy(() -> MeshAssertions.assertThat(result).isSuccessful())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("mcpc-1: DestinationRule bookinfo/reviews FAILED (injected BACKEND_ERROR")
        .hasMessageContaining("VirtualService bookinfo/reviews SKIPPED");
    assertThatThrownBy(() -> MeshAssertions.assertThat(result).wrote(2))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected 2 write(s), but 0 object(s) were written");
  }
}
