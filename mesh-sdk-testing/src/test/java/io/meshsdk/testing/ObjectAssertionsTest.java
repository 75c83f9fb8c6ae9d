package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.resource.MeshResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Assertions on clusters and objects")
@MeshTest(meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = "bj-1"))
class ObjectAssertionsTest {

  @BeforeEach
  void applyCanary(Mesh prod) {
    prod.policies().apply(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10).timeout(Duration.ofSeconds(2)))
        .build());
  }

  @Test
  @DisplayName("pass on what the cluster holds and how the VirtualService routes")
  void passing(InMemoryClusterConnector clusters) {
    MeshAssertions.assertThat(clusters.cluster("mcpc-1"))
        .hasObject("DestinationRule", "bookinfo/reviews")
        .doesNotHaveObject("VirtualService", "bookinfo/ratings")
        .object("VirtualService", "bookinfo/reviews")
        .isOwnedByMesh("prod")
        .hasLabel("mesh.meshsdk.io/policy", "reviews")
        .routesHeader("end-user", "jason", "v2")
        .routesToSubset("v1", 90)
        .routesToSubset("v2", 10);
    MeshAssertions.assertThat(clusters.cluster("bj-1")).hasObject("ClusterRole", "istio-reader-prod");
  }

  @Test
  @DisplayName("list what the cluster holds when an object is missing")
  void missingObject(InMemoryClusterConnector clusters) {
    assertThatThrownBy(() -> MeshAssertions.assertThat(clusters.cluster("mcpc-1")).hasObject("VirtualService", "bookinfo/ratings"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected cluster mcpc-1 to hold VirtualService bookinfo/ratings, but it holds:")
        .hasMessageContaining("VirtualService bookinfo/reviews");
    assertThatThrownBy(() -> MeshAssertions.assertThat(clusters.cluster("mcpc-1")).isEmpty())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected cluster mcpc-1 to be empty");
  }

  @Test
  @DisplayName("show the routes when a VirtualService does not route as expected")
  void wrongRoute(InMemoryClusterConnector clusters) {
    MeshResource vs = clusters.cluster("mcpc-1").find("VirtualService", "bookinfo", "reviews").orElseThrow();
    assertThatThrownBy(() -> MeshAssertions.assertThat(vs).routesToSubset("v1", 50))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to route unmatched requests to subset v1 with weight 50, but its routes are:")
        .hasMessageContaining("\"weight\":90");
    assertThatThrownBy(() -> MeshAssertions.assertThat(vs).routesHeader("end-user", "jason", "v1"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("with end-user: jason to subset v1");
    assertThatThrownBy(() -> MeshAssertions.assertThat(vs).isOwnedByMesh("dev"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("owned by mesh-sdk for mesh dev, but its labels are");
    assertThatThrownBy(() -> MeshAssertions.assertThat(vs).allows("cluster.local/ns/a/sa/b", "/"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected an object of kind AuthorizationPolicy, but VirtualService bookinfo/reviews has kind VirtualService");
  }

  @Test
  @DisplayName("read an AuthorizationPolicy's rules the way Istio does")
  void authorization() {
    MeshResource policy = MeshResource.parse("{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"AuthorizationPolicy\","
        + "\"metadata\":{\"name\":\"reviews-viewer\",\"namespace\":\"bookinfo\"},\"spec\":{\"action\":\"ALLOW\",\"rules\":[{"
        + "\"from\":[{\"source\":{\"principals\":[\"cluster.local/ns/bookinfo/sa/productpage\"]}}],"
        + "\"to\":[{\"operation\":{\"methods\":[\"GET\"],\"paths\":[\"/reviews/*\"]}}]}]}}");

    MeshAssertions.assertThat(policy).allows("cluster.local/ns/bookinfo/sa/productpage", "/reviews/0");
    assertThatThrownBy(() -> MeshAssertions.assertThat(policy).allows("cluster.local/ns/bookinfo/sa/ratings", "/reviews/0"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to allow cluster.local/ns/bookinfo/sa/ratings to reach /reviews/0, but its action is ALLOW");
  }
}
