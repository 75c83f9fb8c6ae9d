package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Plan#validateOnServer()} against a real API server: Istio's CRD schema and CEL rules
 * judge the objects, the SDK reports what they refused as a {@link ValidationException} with the
 * server's field paths, and nothing is stored either way.
 */
@DisplayName("Validation on a real API server")
class ServerValidationIT {
  static final String CLUSTER = "mcpc";
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  /** Passes the SDK's own checks; Istio's schema wants an integer weight. */
  static RawPolicy weightAsString(String namespace) {
    return PolicyBuilder.raw("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: weight-as-string
          namespace: %s
        spec:
          hosts: [ratings]
          http:
          - route:
            - destination: {host: ratings, subset: v1}
              weight: "ten"
            - destination: {host: ratings, subset: v2}
              weight: 90
        """.formatted(namespace)).build();
  }

  /** Passes the SDK's own checks; Istio's CEL rule wants durations of at least 1ms. */
  static RawPolicy timeoutUnderOneMillisecond(String namespace) {
    return PolicyBuilder.raw("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: timeout-too-short
          namespace: %s
        spec:
          hosts: [details]
          http:
          - timeout: 0.5ms
            route:
            - destination: {host: details}
        """.formatted(namespace)).build();
  }

  @Test
  @DisplayName("reports what Istio's CEL rules refuse with the API server's field path, storing nothing")
  void refusalsAreValidationExceptionsWithFieldPaths() {
    String namespace = "validate-refused";
    servers.createNamespace(CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("validate-refused").controlPlane(CLUSTER).build());
      Plan plan = mesh.policies().plan(timeoutUnderOneMillisecond(namespace));
      assertThat(plan.count(ChangeAction.CREATE)).isEqualTo(1);

      assertThatThrownBy(plan::validateOnServer)
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations()).as(e.getMessage()).singleElement().satisfies(v -> {
              assertThat(v.field()).contains(CLUSTER).contains("timeout-too-short");
              assertThat(v.message()).contains("spec.http[0].timeout").contains("1ms");
            });
            assertThat(e.violations()).extracting(Violation::message)
                .noneMatch(m -> m.contains("already exists"));
          });
      assertThat(servers.client(CLUSTER).genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(namespace).list().getItems()).as("objects stored by the dry run").isEmpty();
    }
  }

  @Test
  @DisplayName("passes a plan the server accepts, stores nothing, and leaves the plan to apply")
  void acceptedPlanStaysApplicable() {
    String namespace = "validate-accepted";
    servers.createNamespace(CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("validate-accepted").controlPlane(CLUSTER).build());
      Plan plan = mesh.policies().plan(PolicyBuilder.forService("reviews").inNamespace(namespace)
          .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
          .route(r -> r.toSubset("v1", 80).toSubset("v2", 20)).build());

      assertThat(plan.validateOnServer()).isSameAs(plan);
      assertThat(servers.client(CLUSTER).genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(namespace).list().getItems()).as("objects stored by the dry run").isEmpty();
      assertThat(plan.apply().writes()).isEqualTo(2);
      assertThat(servers.client(CLUSTER).genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(namespace).withName("reviews").get()).isNotNull();
    }
  }
}
