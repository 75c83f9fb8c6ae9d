package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A mesh with more objects than one page of a list holds (the connector reads 500 per page), on a
 * real API server, which pages with continue tokens as production clusters do.
 */
@DisplayName("Many policies on a real API server")
class PaginationIT {
  private static final String CLUSTER = "mcpc";
  private static final int POLICIES = 600;
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

  private static TrafficPolicy policy(String namespace, int i) {
    return PolicyBuilder.forService("svc-" + i).inNamespace(namespace)
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1"))
        .build();
  }

  /** How many LIST requests for a kind the API server has answered, from its own metrics. */
  private static long lists(String resource) {
    return servers.client(CLUSTER).raw(servers.url(CLUSTER) + "/metrics").lines()
        .filter(l -> l.startsWith("apiserver_request_total{") && l.contains("verb=\"LIST\"")
            && l.contains("resource=\"" + resource + "\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  @DisplayName("lists all 600 policies of 1,200 objects back and plans them all UNCHANGED again, a page at a time")
  void listsEveryPageBack() {
    String namespace = "many";
    servers.createNamespace(CLUSTER, namespace);
    // a dedicated test server: no need for the client-side rate limit of a shared one
    try (MeshManager meshes = MeshManager.builder()
        .connector(io.meshsdk.istio.kubernetes.KubernetesClusterConnector.builder()
            .defaults(o -> o.qps(1000).burst(1000)).build())
        .build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh mesh = meshes.create(MeshSpec.hosted("many").controlPlane(CLUSTER).build());
      List<TrafficPolicy> policies = IntStream.range(0, POLICIES).mapToObj(i -> policy(namespace, i))
          .collect(Collectors.toList());

      ApplyResult applied = mesh.policies().plan(policies).apply();
      assertThat(applied.successful()).as("%s", applied.failures()).isTrue();
      assertThat(applied.writes()).isEqualTo(2L * POLICIES);

      List<Policy> listed = mesh.policies().list();
      assertThat(listed).hasSize(POLICIES);
      assertThat(listed).extracting(Policy::name).containsExactlyInAnyOrderElementsOf(
          policies.stream().map(Policy::name).collect(Collectors.toList()));
      assertThat(mesh.policies().resources().get(CLUSTER)).hasSize(2 * POLICIES);

      long virtualServiceLists = lists("virtualservices");
      long destinationRuleLists = lists("destinationrules");
      Plan again = mesh.policies().plan(policies);
      assertThat(again.changes()).hasSize(2 * POLICIES);
      assertThat(again.count(ChangeAction.UNCHANGED)).isEqualTo(2L * POLICIES);
      // one list per kind and namespace, read in pages of 500: 600 objects of a kind are two pages
      assertThat(lists("virtualservices") - virtualServiceLists).as("LIST requests for VirtualServices")
          .isEqualTo(2);
      assertThat(lists("destinationrules") - destinationRuleLists).as("LIST requests for DestinationRules")
          .isEqualTo(2);
    }
  }
}
