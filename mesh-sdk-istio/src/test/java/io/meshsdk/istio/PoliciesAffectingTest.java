package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PortProtocol;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Which policies affect a host or a workload")
class PoliciesAffectingTest {
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(new InMemoryClusterConnector()).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    List<Policy> policies = List.of(
        PolicyBuilder.forService("reviews").inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1")).route(r -> r.toSubset("v1")).build(),
        PolicyBuilder.forService("ratings").inNamespace("bookinfo")
            .subset("v1", Map.of("version", "v1")).route(r -> r.toSubset("v1")).build(),
        PolicyBuilder.externalService("*.example.com").inNamespace("bookinfo").named("example")
            .port(443, PortProtocol.HTTPS).resolution(io.meshsdk.policy.ServiceResolution.NONE).build(),
        PolicyBuilder.gateway("public").inNamespace("bookinfo")
            .server(s -> s.port(80).protocol(PortProtocol.HTTP).hosts("shop.example.org"))
            .route(r -> r.uriPrefix("/").to("reviews", 9080)).build(),
        PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "reviews")).mtls(MtlsMode.PERMISSIVE).build(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings")).allow("ratings-viewer")
            .rule(r -> r.to(o -> o.methods("GET"))).build(),
        PolicyBuilder.forNamespace("bookinfo").allowNothing().build(),
        PolicyBuilder.forNamespace("shop").allowNothing().build());
    for (Policy policy : policies) {
      prod.policies().apply(policy);
    }
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static List<String> names(List<Policy> policies) {
    return policies.stream().map(p -> p.kind() + "/" + p.name()).toList();
  }

  @Test
  @DisplayName("finds the traffic policy and gateway routes of a service however its host is written")
  void serviceHost() {
    List<String> expected = List.of("GatewayPolicy/public", "TrafficPolicy/reviews");

    assertThat(names(prod.policies().affecting("reviews.bookinfo.svc.cluster.local"))).isEqualTo(expected);
    assertThat(names(prod.policies().affecting("reviews.bookinfo"))).isEqualTo(expected);
    assertThat(names(prod.policies().affecting("bookinfo", "reviews"))).isEqualTo(expected);
    assertThat(prod.policies().affecting("shop", "reviews")).isEmpty();
    assertThat(names(prod.policies().affecting("ratings.bookinfo.svc"))).containsExactly("TrafficPolicy/ratings");
  }

  @Test
  @DisplayName("matches external hosts against the wildcards of external services")
  void externalHost() {
    assertThat(names(prod.policies().affecting("api.example.com"))).containsExactly("ExternalService/example");
    assertThat(prod.policies().affecting("api.example.org")).isEmpty();
  }

  @Test
  @DisplayName("refuses a short host it cannot qualify, naming the field")
  void shortHost() {
    assertThatThrownBy(() -> prod.policies().affecting("reviews"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("host", "reviews"));
  }

  @Test
  @DisplayName("finds the workload-selected policies whose selector a workload's labels match")
  void workload() {
    assertThat(names(prod.policies().affectingWorkload("bookinfo", Map.of("app", "reviews", "version", "v1"))))
        .containsExactlyInAnyOrder("MtlsPolicy/reviews", "MtlsPolicy/default", "AuthorizationPolicy/allow-nothing");
    assertThat(names(prod.policies().affectingWorkload("bookinfo", Map.of("app", "ratings"))))
        .containsExactlyInAnyOrder("AuthorizationPolicy/ratings-viewer", "MtlsPolicy/default",
            "AuthorizationPolicy/allow-nothing");
    assertThat(names(prod.policies().affectingWorkload("shop", Map.of("app", "cart"))))
        .containsExactlyInAnyOrder("MtlsPolicy/default", "AuthorizationPolicy/allow-nothing");
  }
}
