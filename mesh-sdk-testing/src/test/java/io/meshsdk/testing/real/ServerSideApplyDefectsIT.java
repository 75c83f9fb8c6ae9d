package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What server-side apply should let a user do and does not yet. Each test states the behaviour
 * the SDK owes its users; it fails until the defect it names is fixed.
 */
@DisplayName("Server-side apply on a real API server, where the SDK still falls short")
class ServerSideApplyDefectsIT {
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
  @DisplayName("after a conflict with kubectl, the public API offers a forced apply that takes the fields over")
  void aConflictCanBeResolvedByForcing() {
    String namespace = "ssa-force";
    servers.createNamespace(ServerSideApplyIT.CLUSTER, namespace);
    KubernetesClient admin = servers.client(ServerSideApplyIT.CLUSTER);
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(ServerSideApplyIT.CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("ssa-force").controlPlane(ServerSideApplyIT.CLUSTER).build());
      assertThat(mesh.policies().apply(ServerSideApplyIT.canary(namespace, 90, 10)).successful()).isTrue();
      ServerSideApplyIT.applyAsKubectl(admin, ServerSideApplyIT.virtualService(admin, namespace));
      ApplyResult refused = mesh.policies().apply(ServerSideApplyIT.canary(namespace, 50, 50));
      assertThat(refused.successful()).as("the unforced apply conflicts with kubectl").isFalse();

      // the connector SPI has ApplyOptions.force(); a user needs it on the plan or the policies
      List<String> forcing = Stream.of(Plan.class, MeshPolicies.class, Mesh.class, MeshManager.class)
          .flatMap(type -> Arrays.stream(type.getMethods()))
          .filter(m -> m.getName().toLowerCase().contains("force")
              || m.getName().toLowerCase().contains("takeover"))
          .map(Method::toGenericString)
          .collect(Collectors.toList());
      assertThat(forcing)
          .as("a public way to apply a plan forcing field ownership (ApplyOptions.force() is only reachable"
              + " from the connector SPI, so a user cannot resolve the conflict reported as: %s)",
              refused.failures().get(0).outcomes())
          .isNotEmpty();
    }
  }
}
