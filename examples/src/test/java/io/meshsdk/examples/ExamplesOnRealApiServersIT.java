package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.testing.SailOperatorSimulation;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README, run once on real API servers instead of the embedded clusters:
 * what they print and return is what their in-memory tests check.
 */
@DisplayName("The examples on real API servers")
class ExamplesOnRealApiServersIT {
  private static final List<ResourceType> LISTED = listed();

  private RealApiServers servers;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeEach
  void startServers() {
    servers = RealApiServers.builder().controllers(true).build();
  }

  @AfterEach
  void stopServers() {
    servers.close();
  }

  @Test
  @DisplayName("QuickstartExample plans, applies, shifts and deletes the canary")
  void quickstart() {
    List<ApplyResult> results = QuickstartExample.run(out, clusters());

    assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.successful()).as("%s", r).isTrue());
    assertThat(results.get(0).writes()).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("policies left in mesh prod: 0");
  }

  @Test
  @DisplayName("MultiClusterExample joins, turns on injection, rotates and leaves")
  void multiCluster() {
    List<WorkloadRestart> restarts = MultiClusterExample.run(out, clusters());

    assertThat(restarts).containsExactly(WorkloadRestart.of("bookinfo", "reviews-v1", WorkloadRestart.Reason.NEEDS_SIDECAR, 2));
    assertThat(servers.client("sh-1").namespaces().withName("istio-system").get())
        .as("leaving keeps the member's istio-system").isNotNull();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("PLACEMENT_REJECTED");
  }

  @Test
  @DisplayName("BookinfoExample runs Istio's Bookinfo tasks")
  void bookinfo() {
    List<ApplyResult> results = BookinfoExample.run(out, clusters());

    assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.successful()).as("%s", r).isTrue());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("policies in mesh dev:");
  }

  @Test
  @DisplayName("UpgradeExample installs, upgrades, rolls back and promotes against the Sail operator's CRDs")
  void upgrade() {
    servers.close();
    servers = RealApiServers.builder().controllers(true).sailCrds(true).build();
    SailOperatorSimulation operator = SailOperatorSimulation.onRealApiServers(servers, "mcpc-1", "bj-1");

    ControlPlaneStatus status = UpgradeExample.run(out, clusters(), operator.listener());

    assertThat(status.ready()).isTrue();
    assertThat(status.revisions()).extracting(ControlPlaneRevision::name)
        .containsExactly("prod-v1-29-3", "prod-v1-30-3");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Refused: revision prod-v1-29-3 of mesh prod");
  }

  private ExampleClusters clusters() {
    return new ExampleClusters() {
      @Override
      public ClusterConnector connector() {
        return servers.connector();
      }

      @Override
      public ClusterSpec reach(ClusterSpec declared) {
        ClusterSpec spec = servers.clusterSpec(declared);
        servers.createNamespace(declared.name(), "bookinfo");
        return spec;
      }

      @Override
      public List<String> objects(String cluster) {
        List<String> found = new ArrayList<>();
        KubernetesClient client = servers.client(cluster);
        for (ResourceType type : LISTED) {
          var resources = client.genericKubernetesResources(type.apiVersion(), type.kind());
          List<GenericKubernetesResource> items = type.namespaced()
              ? resources.inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "mesh-sdk").list().getItems()
              : resources.withLabel("app.kubernetes.io/managed-by", "mesh-sdk").list().getItems();
          items.forEach(o -> found.add(type.kind() + " " + (o.getMetadata().getNamespace() == null ? ""
              : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()));
        }
        return found;
      }

      @Override
      public void deploy(String cluster, List<MeshResource> objects) {
        KubernetesClient client = servers.client(cluster);
        for (MeshResource object : objects) {
          GenericKubernetesResource resource =
              Serialization.unmarshal(object.toJson(), GenericKubernetesResource.class);
          if ("Namespace".equals(object.kind())) {
            if (client.namespaces().withName(object.name()).get() == null) {
              client.resource(resource).create();
            }
            // pods are admitted once the namespace's default service account exists
            client.serviceAccounts().inNamespace(object.name()).withName("default")
                .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
          } else {
            client.resource(resource).create();
          }
        }
      }
    };
  }

  private static List<ResourceType> listed() {
    List<ResourceType> types = new ArrayList<>(IstioResourceTypes.ALL);
    types.add(ResourceType.namespaced("v1", "Secret", "secrets"));
    types.add(ResourceType.namespaced("v1", "ServiceAccount", "serviceaccounts"));
    types.add(ResourceType.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles"));
    types.add(ResourceType.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings"));
    return types;
  }
}
