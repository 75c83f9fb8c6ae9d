package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.MeshManager;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.testing.MeshAssertions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedded default with the Istio backend")
class EmbeddedDefaultTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).build();
    for (String name : new String[] {"mcpc-1", "bj-1", "sh-1"}) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.join("sh-1");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("finds the Istio backend by itself and places the canary on the control plane only")
  void placesOnControlPlane() {
    Plan plan = prod.policies().plan(QuickstartExample.canary(90, 10));

    MeshAssertions.assertThat(plan)
        .touchesOnly("mcpc-1")
        .creates("mcpc-1", "DestinationRule", "bookinfo/reviews")
        .creates("mcpc-1", "VirtualService", "bookinfo/reviews");
    assertThat(plan.changes()).extracting(c -> c.ref().kind())
        .as("DestinationRule before the VirtualService that uses its subsets")
        .containsExactly("DestinationRule", "VirtualService");
  }

  @Test
  @DisplayName("reads the live objects with one list call per kind the policy can produce and namespace")
  void listsOnlyWhatThePolicyCanProduce() {
    long before = clusters.cluster("mcpc-1").lists();
    prod.policies().plan(QuickstartExample.canary(90, 10));
    assertThat(clusters.cluster("mcpc-1").lists() - before).as("DestinationRule and VirtualService in bookinfo")
        .isEqualTo(2);
  }

  @Test
  @DisplayName("applying the same policy twice writes nothing the second time")
  void secondApplyWritesNothing() {
    MeshAssertions.assertThat(prod.policies().apply(QuickstartExample.canary(90, 10))).isSuccessful().wrote(2);
    long writesAfterFirst = clusters.writes();
    long memberWrites = clusters.cluster("bj-1").writes() + clusters.cluster("sh-1").writes();

    Plan again = prod.policies().plan(QuickstartExample.canary(90, 10));

    assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED).hasSize(2);
    MeshAssertions.assertThat(again.apply()).isSuccessful().wrote(0);
    assertThat(clusters.writes()).isEqualTo(writesAfterFirst);
    assertThat(clusters.cluster("bj-1").writes() + clusters.cluster("sh-1").writes()).isEqualTo(memberWrites);
  }

  @Test
  @DisplayName("an invalid policy fails build() naming every bad field, and nothing is written")
  void invalidPolicyWritesNothing() {
    long writesBefore = clusters.writes();
    assertThatThrownBy(() -> prod.policies().apply(PolicyBuilder.forService("").inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1"))
            .subset("v2", Map.of("version", "v2"))
            .route(r -> r.toSubset("v1", 90).toSubset("v2", 20).timeout(Duration.ofMillis(-5)))
            .build()))
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactlyInAnyOrder("host", "routes[0].destinations", "routes[0].timeout"));
    assertThat(clusters.writes()).isEqualTo(writesBefore);
    assertThat(prod.policies().resources().get("mcpc-1")).isEmpty();
  }
}
