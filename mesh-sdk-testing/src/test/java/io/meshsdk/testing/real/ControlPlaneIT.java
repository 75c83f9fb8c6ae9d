package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshsdk.MeshManager;
import io.meshsdk.RevisionInUseException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.ProxyRestart;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.testing.SailOperatorSimulation;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The control plane's resources on real API servers with the Sail operator's CRDs installed, so
 * every object the SDK writes is judged by the operator's schemas and CEL rules. The operator does
 * not run: {@link SailOperatorSimulation} sets the status it would set through the status
 * subresource, and creates the revisions it would create.
 */
@DisplayName("The control plane through the Sail operator's resources on real API servers")
class ControlPlaneIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().controllers(true).sailCrds(true).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  private static ResourceDefinitionContext sail(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("sailoperator.io").withVersion("v1").withKind(kind)
        .withPlural(plural).withNamespaced(false).build();
  }

  private static GenericKubernetesResource istio(String cluster, String name) {
    return servers.client(cluster).genericKubernetesResources(sail("Istio", "istios")).withName(name).get();
  }

  private static GenericKubernetesResource revision(String cluster, String name) {
    return servers.client(cluster).genericKubernetesResources(sail("IstioRevision", "istiorevisions"))
        .withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Object path(GenericKubernetesResource object, String... keys) {
    Object node = object.getAdditionalProperties();
    for (String key : keys) {
      node = ((Map<String, Object>) node).get(key);
    }
    return node;
  }

  private static String tagTarget(String cluster, String tag) {
    GenericKubernetesResource found = servers.client(cluster)
        .genericKubernetesResources(sail("IstioRevisionTag", "istiorevisiontags")).withName(tag).get();
    return (String) path(found, "spec", "targetRef", "name");
  }

  /** A Deployment with pods whose proxies the given revision injected. */
  private static void workload(String cluster, String namespace, String app, String revision) {
    KubernetesClient client = servers.client(cluster);
    client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
        .withNewMetadata().withName(app).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("example.com/" + app).endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(app + "-0").withLabels(Map.of("app", app, "istio.io/rev", revision))
        .withAnnotations(Map.of("sidecar.istio.io/status", status(revision))).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("example.com/" + app).endContainer()
        .addNewContainer().withName("istio-proxy").withImage("docker.io/istio/proxyv2").endContainer().endSpec()
        .build()).create();
  }

  /** What a restart leaves: the pod injected again, by the revision its namespace selects now. */
  private static void restarted(String cluster, String namespace, String app, String revision) {
    servers.client(cluster).pods().inNamespace(namespace).withName(app + "-0").edit(pod -> {
      pod.getMetadata().getAnnotations().put("sidecar.istio.io/status", status(revision));
      pod.getMetadata().getLabels().put("istio.io/rev", revision);
      return pod;
    });
  }

  private static String status(String revision) {
    return "{\"containers\":[\"istio-proxy\"],\"revision\":\"" + revision + "\"}";
  }

  private static void namespace(String cluster, String namespace) {
    servers.createNamespace(cluster, namespace);
    Awaitility.await("default service account of " + namespace).atMost(WAIT)
        .until(() -> servers.client(cluster).serviceAccounts().inNamespace(namespace).withName("default").get() != null);
  }

  @Test
  @DisplayName("installs, upgrades by canary, rolls back, promotes and removes revisions, each object accepted by the server")
  void lifecycle() {
    SailOperatorSimulation operator = SailOperatorSimulation.onRealApiServers(servers, "cp", "m1");
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).listener(operator.listener())
        .build()) {
      meshes.clusters().register(servers.clusterSpec(ClusterSpec.builder().name("cp").network("net-cp").build()));
      meshes.clusters().register(servers.clusterSpec(ClusterSpec.builder().name("m1").network("net-m1").build()));
      namespace("cp", "istio-system");
      namespace("m1", "bookinfo");
      namespace("m1", "shop");

      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("cp").addMember("m1")
          .istio(IstioInstall.builder().version("1.29.3").readyTimeout(WAIT).discoveryAddress("203.0.113.10").build()
              .withValues("{\"pilot\":{\"autoscaleMin\":2,\"env\":{\"PILOT_TRACE_SAMPLING\":\"10\"}}}"))
          .build());
      MeshControlPlane cp = prod.controlPlane();

      GenericKubernetesResource primary = istio("cp", "prod");
      assertThat(path(primary, "spec", "version")).isEqualTo("v1.29.3");
      assertThat(path(primary, "spec", "updateStrategy", "type")).isEqualTo("RevisionBased");
      assertThat(path(primary, "spec", "values", "pilot", "env", "EXTERNAL_ISTIOD")).isEqualTo("true");
      assertThat(primary.getMetadata().getLabels()).containsEntry("mesh.meshsdk.io/component", "control-plane")
          .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk");
      assertThat(path(istio("m1", "prod"), "spec", "profile")).isEqualTo("remote");
      assertThat(path(istio("m1", "prod"), "spec", "values", "global", "remotePilotAddress")).isEqualTo("203.0.113.10");
      // istiod is exposed through the east-west gateway, with objects Istio's schemas accept
      assertThat(servers.client("cp").resources(io.fabric8.istio.api.networking.v1.Gateway.class)
          .inNamespace("istio-system").withName("istiod-gateway").get().getSpec().getSelector())
          .containsEntry("istio", "eastwestgateway");
      assertThat(servers.client("cp").resources(io.fabric8.istio.api.networking.v1.VirtualService.class)
          .inNamespace("istio-system").withName("istiod-vs").get().getSpec().getTls()).hasSize(4);
      assertThat(cp.status().revisions()).extracting(ControlPlaneRevision::name, ControlPlaneRevision::ready)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("prod-v1-29-3", true));

      prod.sidecars().enableInjection("m1", "bookinfo");
      prod.sidecars().enableInjection("m1", "shop");
      workload("m1", "bookinfo", "reviews", "prod-v1-29-3");
      workload("m1", "shop", "orders", "prod-v1-29-3");

      // a canary, tried by one namespace, then rolled back
      Plan upgrade = cp.planUpgrade("1.30.3");
      upgrade.validateOnServer();
      upgrade.apply().orThrow();
      assertThat(cp.awaitReady(WAIT).revisions()).extracting(ControlPlaneRevision::name)
          .containsExactly("prod-v1-29-3", "prod-v1-30-3");
      assertThat(tagTarget("m1", "canary")).isEqualTo("prod-v1-30-3");
      cp.useTag("m1", "bookinfo", MeshControlPlane.CANARY_TAG);
      assertThat(cp.pendingRestarts("m1"))
          .containsExactly(ProxyRestart.of("bookinfo", "reviews", "prod-v1-29-3", "prod-v1-30-3", 1));
      restarted("m1", "bookinfo", "reviews", "prod-v1-30-3");
      cp.planRollback().apply().orThrow();
      assertThat(tagTarget("cp", "canary")).isEqualTo("prod-v1-29-3");
      assertThat(path(istio("cp", "prod"), "spec", "version")).isEqualTo("v1.29.3");
      assertThat(cp.pendingRestarts("m1"))
          .containsExactly(ProxyRestart.of("bookinfo", "reviews", "prod-v1-30-3", "prod-v1-29-3", 1));
      assertThatThrownBy(cp::planRemoveRevision).isInstanceOfSatisfying(RevisionInUseException.class,
          e -> assertThat(e.users()).containsExactly("cluster m1: Deployment bookinfo/reviews (1 pod)"));
      restarted("m1", "bookinfo", "reviews", "prod-v1-29-3");
      cp.planRemoveRevision().apply().orThrow();
      assertThat(revision("cp", "prod-v1-30-3")).isNull();
      assertThat(revision("m1", "prod-v1-30-3")).isNull();

      // the canary again, promoted this time, and the old revision removed once unused
      cp.planUpgrade("1.30.3").apply().orThrow();
      cp.awaitReady(WAIT);
      Plan promote = cp.planPromote();
      assertThat(promote.changes("cp")).filteredOn(c -> c.action() == ChangeAction.UPDATE)
          .extracting(c -> c.ref().name()).containsExactly("stable", "istiod-vs");
      promote.apply().orThrow();
      assertThat(tagTarget("cp", "stable")).isEqualTo("prod-v1-30-3");
      assertThat(tagTarget("m1", "stable")).isEqualTo("prod-v1-30-3");
      assertThat(cp.pendingRestarts("m1")).extracting(ProxyRestart::deployment).containsExactly("reviews", "orders");
      restarted("m1", "bookinfo", "reviews", "prod-v1-30-3");
      restarted("m1", "shop", "orders", "prod-v1-30-3");
      assertThat(cp.pendingRestarts("m1")).isEmpty();
      cp.planRemoveRevision().apply().orThrow();
      assertThat(revision("cp", "prod-v1-29-3")).isNull();
      assertThat(revision("cp", "prod-v1-30-3")).isNotNull();
      assertThat(cp.status().ready()).isTrue();
      assertThat(prod.spec().istio().orElseThrow().version()).isEqualTo("1.30.3");
      assertThat(List.of(cp.status().activeRevision().orElseThrow())).containsExactly("prod-v1-30-3");

      // leaving takes the member's install away, once no proxy there needs it; deleting the mesh, the control plane's
      assertThatThrownBy(() -> prod.leave("m1")).isInstanceOf(io.meshsdk.MeshConflictException.class)
          .hasMessageContaining("bookinfo/reviews");
      servers.client("m1").pods().inNamespace("bookinfo").withName("reviews-0").delete();
      servers.client("m1").pods().inNamespace("shop").withName("orders-0").delete();
      Awaitility.await("pods gone").atMost(WAIT).until(() -> servers.client("m1").pods().inAnyNamespace().list()
          .getItems().stream().noneMatch(p -> p.getMetadata().getName().endsWith("-0")));
      prod.leave("m1");
      assertThat(istio("m1", "prod")).isNull();
      meshes.delete("prod");
      assertThat(istio("cp", "prod")).isNull();
      assertThat(servers.client("cp").resources(io.fabric8.istio.api.networking.v1.VirtualService.class)
          .inNamespace("istio-system").withName("istiod-vs").get()).isNull();
      assertThat(servers.client("cp").namespaces().withName("istio-system").get()).as("namespaces stay").isNotNull();
    }
  }
}
