package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.testing.ClusterKind;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestMesh;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("@MeshTest on real API servers")
@MeshTest(clusterKind = ClusterKind.REAL_API_SERVER,
    meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = "bj-1"))
class MeshTestOnRealApiServersIT {

  @Test
  @DisplayName("joins the declared member with a token the member's own token controller issued, and applies"
      + " policies by server-side apply as mesh-sdk")
  void joinsAndApplies(Mesh prod, RealApiServers servers) {
    Secret remote = servers.client("mcpc-1").secrets().inNamespace("istio-system")
        .withName("istio-remote-secret-bj-1").get();
    assertThat(remote).as("the remote secret of bj-1 on the control plane").isNotNull();
    assertThat(remote.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
    Secret token = servers.client("bj-1").secrets().inNamespace("istio-system").list().getItems().stream()
        .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()))
        .findFirst().orElseThrow();
    assertThat(token.getData()).as("filled in by the member's token controller").containsKey("token");

    servers.createNamespace("mcpc-1", "bookinfo");
    ApplyResult result = prod.policies().apply(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .build());

    assertThat(result.successful()).as("apply result %s", result).isTrue();
    GenericKubernetesResource vs = servers.client("mcpc-1")
        .genericKubernetesResources("networking.istio.io/v1", "VirtualService")
        .inNamespace("bookinfo").withName("reviews").get();
    assertThat(vs.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager,
        ManagedFieldsEntry::getOperation).contains(tuple("mesh-sdk", "Apply"));
    assertThat(servers.client("bj-1").genericKubernetesResources("networking.istio.io/v1", "VirtualService")
        .inAnyNamespace().list().getItems()).as("members receive no policies").isEmpty();
  }
}
