package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What validation on a real API server owes a user and does not deliver yet. Each test states the
 * correct behaviour; it fails until the defect it names is fixed.
 */
@DisplayName("Validation on a real API server, where the SDK still falls short")
class ServerValidationDefectsIT {
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

  @Test
  @DisplayName("reports a weight of the wrong type as a ValidationException with its path, not a backend error")
  void aSchemaTypeErrorIsAValidationFailure() {
    // server-side apply refuses a value of the wrong type with HTTP 500 ("failed to create typed
    // patch object"), although nothing is wrong with the server: the object is invalid
    String namespace = "validate-type";
    servers.createNamespace(ServerValidationIT.CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(ServerValidationIT.CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("validate-type").controlPlane(ServerValidationIT.CLUSTER).build());
      Plan plan = mesh.policies().plan(ServerValidationIT.weightAsString(namespace));

      assertThatThrownBy(plan::validateOnServer)
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).singleElement()
              .satisfies(v -> {
                assertThat(v.field()).contains(ServerValidationIT.CLUSTER).contains("weight-as-string");
                assertThat(v.message()).contains(".spec.http[0].route[0].weight");
              }));
    }
  }

  @Test
  @DisplayName("fails applying a weight of the wrong type at once as invalid input, without trying it again")
  void aSchemaTypeErrorIsNotRetried() {
    String namespace = "apply-type";
    servers.createNamespace(ServerValidationIT.CLUSTER, namespace);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector())
        .retries(3, Duration.ofMillis(10)).build()) {
      meshes.clusters().register(servers.clusterSpec(ServerValidationIT.CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("apply-type").controlPlane(ServerValidationIT.CLUSTER).build());

      ApplyResult result = mesh.policies().apply(ServerValidationIT.weightAsString(namespace));

      assertThat(result.cluster(ServerValidationIT.CLUSTER).orElseThrow().outcomes()).singleElement()
          .satisfies(o -> {
            assertThat(o.status()).isEqualTo(ObjectOutcome.Status.FAILED);
            assertThat(o.errorCode()).as(o.toString()).contains(ErrorCode.INVALID_INPUT);
            assertThat(o.attempts()).as(o.toString()).isEqualTo(1);
          });
    }
  }
}
