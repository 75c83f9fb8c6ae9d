package io.meshsdk.testing.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ApplyFailedException;
import io.meshsdk.ControlPlaneNotReadyException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.RevisionInUseException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.ProxyRestart;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.testing.SailOperatorSimulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The control plane through the Sail operator, on in-memory clusters")
class ControlPlaneTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String ISTIOD_ADDRESS = "istiod.prod.example.com";

  private InMemoryClusterConnector clusters;
  private SailOperatorSimulation operator;
  private InMemoryMeshStore store;
  private MeshManager meshes;

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    operator = SailOperatorSimulation.inMemory(cluster("mcpc-1"), cluster("bj-1"), cluster("sh-1"));
    store = new InMemoryMeshStore();
    meshes = MeshManager.builder().connector(clusters).store(store).listener(operator.listener()).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-cp").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-bj").build());
    meshes.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh").build());
    // the namespace the operator installs istiod into, which a platform creates with the cluster
    namespace("mcpc-1", "istio-system");
    for (String cluster : List.of("bj-1", "sh-1")) {
      namespace(cluster, "bookinfo");
      namespace(cluster, "shop");
    }
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private InMemoryCluster cluster(String name) {
    return clusters.cluster(name);
  }

  private static IstioInstall install(String version) {
    return IstioInstall.builder().version(version).readyTimeout(WAIT).build();
  }

  private Mesh hosted() {
    return meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1")
        .istio(IstioInstall.builder().from(install("1.29.3")).discoveryAddress(ISTIOD_ADDRESS).build()
            .withValues("{\"pilot\":{\"autoscaleMin\":2}}")).build());
  }

  private JsonNode object(String cluster, String kind, String name) {
    return cluster(cluster).find(kind, null, name).orElseThrow(() -> new AssertionError(kind + " " + name
        + " is not on " + cluster)).content();
  }

  private void namespace(String cluster, String name) {
    ObjectNode ns = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    cluster(cluster).putOutOfBand(MeshResource.of(ns));
  }

  /** A Deployment and its pods, whose proxies the given revision injected. */
  private void workload(String cluster, String namespace, String app, String revision, int pods) {
    ObjectNode deployment = JsonNodeFactory.instance.objectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
    deployment.putObject("metadata").put("name", app).put("namespace", namespace);
    deployment.putObject("spec").putObject("selector").putObject("matchLabels").put("app", app);
    cluster(cluster).putOutOfBand(MeshResource.of(deployment));
    for (int i = 0; i < pods; i++) {
      pod(cluster, namespace, app, app + "-" + i, revision);
    }
  }

  /** A pod as the injector leaves it; writing it again with another revision is what a restart does. */
  private void pod(String cluster, String namespace, String app, String name, String revision) {
    ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", namespace);
    metadata.putObject("labels").put("app", app).put("istio.io/rev", revision);
    metadata.putObject("annotations").put("sidecar.istio.io/status",
        "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"revision\":\"" + revision + "\"}");
    pod.putObject("spec").putArray("containers").addObject().put("name", "istio-proxy");
    cluster(cluster).putOutOfBand(MeshResource.of(pod));
  }

  private void restart(String cluster, String namespace, String app, int pods, String revision) {
    for (int i = 0; i < pods; i++) {
      pod(cluster, namespace, app, app + "-" + i, revision);
    }
  }

  private static ResourceChange change(Plan plan, String cluster, String kind, String name) {
    return plan.changes(cluster).stream().filter(c -> c.ref().kind().equals(kind) && c.ref().name().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no change of " + kind + " " + name + " on " + cluster
            + " in\n" + plan.render()));
  }

  private String tagTarget(String cluster, String tag) {
    return object(cluster, "IstioRevisionTag", tag).path("spec").path("targetRef").path("name").asText();
  }

  @Nested
  @DisplayName("creating a mesh with a version")
  class Creating {

    @Test
    @DisplayName("writes the Istio resource with the revision-based strategy on the control plane, owned by the mesh")
    void controlPlaneIstio() throws Exception {
      hosted();

      JsonNode istio = object("mcpc-1", "Istio", "prod");
      assertThat(istio.path("metadata").path("labels").path("mesh.meshsdk.io/component").asText())
          .isEqualTo("control-plane");
      assertThat(istio.path("metadata").path("labels").path("mesh.meshsdk.io/mesh").asText()).isEqualTo("prod");
      JsonNode spec = istio.path("spec");
      assertThat(spec.path("version").asText()).isEqualTo("v1.29.3");
      assertThat(spec.path("namespace").asText()).isEqualTo("istio-system");
      assertThat(spec.path("updateStrategy").path("type").asText()).isEqualTo("RevisionBased");
      assertThat(spec.path("values").path("global").path("meshID").asText()).isEqualTo("prod");
      assertThat(spec.path("values").path("global").path("multiCluster").path("clusterName").asText())
          .isEqualTo("mcpc-1");
      assertThat(spec.path("values").path("global").path("network").asText()).isEqualTo("net-cp");
      assertThat(spec.path("values").path("pilot").path("autoscaleMin").asInt()).isEqualTo(2);
      assertThat(spec.path("values").path("pilot").path("env").path("EXTERNAL_ISTIOD").asText()).isEqualTo("true");
      assertThat(spec.path("values").path("pilot").path("env").path("AUTO_RELOAD_PLUGIN_CERTS").asText())
          .as("rotated intermediates are taken up without a restart").isEqualTo("true");
      assertThat(tagTarget("mcpc-1", "stable")).isEqualTo("prod-v1-29-3");
      assertThat(tagTarget("mcpc-1", "canary")).isEqualTo("prod-v1-29-3");
    }

    @Test
    @DisplayName("gives each member the remote profile that injects through the mesh's istiod")
    void memberRemoteProfile() {
      Mesh prod = hosted();

      JsonNode remote = object("bj-1", "Istio", "prod").path("spec");
      assertThat(remote.path("profile").asText()).isEqualTo("remote");
      assertThat(remote.path("version").asText()).isEqualTo("v1.29.3");
      assertThat(remote.path("values").path("istiodRemote").path("injectionPath").asText())
          .isEqualTo("/inject/cluster/bj-1/net/net-bj");
      assertThat(remote.path("values").path("global").path("remotePilotAddress").asText()).isEqualTo(ISTIOD_ADDRESS);
      assertThat(remote.path("values").path("global").path("meshID").asText()).isEqualTo("prod");
      assertThat(remote.path("values").path("global").path("multiCluster").path("clusterName").asText())
          .isEqualTo("bj-1");
      assertThat(remote.path("values").path("pilot").isMissingNode()).as("chart values are the control plane's").isTrue();

      prod.join("sh-1");
      assertThat(object("sh-1", "Istio", "prod").path("spec").path("values").path("istiodRemote")
          .path("injectionPath").asText()).isEqualTo("/inject/cluster/sh-1/net/net-sh");
      assertThat(tagTarget("sh-1", "stable")).isEqualTo("prod-v1-29-3");

      prod.leave("sh-1");
      assertThat(cluster("sh-1").find("Istio", null, "prod")).isEmpty();
      assertThat(cluster("sh-1").find("IstioRevisionTag", null, "canary")).isEmpty();

      // a revision tag someone else made is never taken over: the join is refused and undone
      ObjectNode foreign = JsonNodeFactory.instance.objectNode().put("apiVersion", "sailoperator.io/v1")
          .put("kind", "IstioRevisionTag");
      foreign.putObject("metadata").put("name", "canary");
      foreign.putObject("spec").putObject("targetRef").put("kind", "IstioRevision").put("name", "default-v1-28-0");
      cluster("sh-1").putOutOfBand(MeshResource.of(foreign));
      assertThatThrownBy(() -> prod.join("sh-1")).isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("IstioRevisionTag").hasMessageContaining("sh-1");
      assertThat(prod.spec().members()).containsExactly("bj-1");
      assertThat(tagTarget("sh-1", "canary")).isEqualTo("default-v1-28-0");
      assertThat(cluster("sh-1").find("Istio", null, "prod")).isEmpty();
      assertThat(cluster("sh-1").find("IstioRevisionTag", null, "stable")).isEmpty();
      assertThat(cluster("bj-1").find("Istio", null, "prod")).isPresent();
    }

    @Test
    @DisplayName("waits for the operator and reports the control plane's revisions, versions and readiness")
    void status() {
      Mesh prod = hosted();

      ControlPlaneStatus status = prod.controlPlane().status();
      assertThat(status.cluster()).isEqualTo("mcpc-1");
      assertThat(status.installed()).isTrue();
      assertThat(status.ready()).isTrue();
      assertThat(status.version()).isEqualTo("1.29.3");
      assertThat(status.activeRevision()).contains("prod-v1-29-3");
      assertThat(status.revisions()).extracting(ControlPlaneRevision::name, r -> r.version().orElse(""),
          ControlPlaneRevision::ready, ControlPlaneRevision::tags)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("prod-v1-29-3", "1.29.3", true,
              List.of("canary", "stable")));
      ControlPlaneStatus member = prod.controlPlane().status("bj-1");
      assertThat(member.cluster()).isEqualTo("bj-1");
      assertThat(member.ready()).isTrue();
      assertThat(member.revisions()).extracting(ControlPlaneRevision::name).containsExactly("prod-v1-29-3");
      assertThatThrownBy(() -> prod.controlPlane().status("sh-1")).isInstanceOfSatisfying(
          io.meshsdk.MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED));
    }

    @Test
    @DisplayName("labels injected namespaces with the stable tag")
    void injectionUsesTheStableTag() {
      Mesh prod = hosted();
      prod.sidecars().enableInjection("bj-1", "bookinfo");

      assertThat(cluster("bj-1").find("Namespace", null, "bookinfo").orElseThrow().labels())
          .containsEntry("istio.io/rev", "stable").doesNotContainKey("istio-injection");
    }

    @Test
    @DisplayName("fails with the operator's conditions, naming the cluster, when the control plane is not ready in time")
    void notReady() {
      operator.failWith("ReconcileError", "image docker.io/istio/pilot:1.29.3 cannot be pulled");

      assertThatThrownBy(() -> meshes.create(MeshSpec.dedicated("dev").cluster("bj-1")
          .istio(IstioInstall.builder().version("1.29.3").readyTimeout(Duration.ZERO).build()).build()))
          .isInstanceOfSatisfying(ControlPlaneNotReadyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.cluster()).isEqualTo("bj-1");
            assertThat(e.conditions()).anySatisfy(c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.reason()).contains("ReconcileError");
            });
            assertThat(e.getMessage()).contains("bj-1", "Ready=False (ReconcileError)", "cannot be pulled");
          });
      // the mesh stays, with its control plane as written: the operator may still get there
      assertThat(meshes.find("dev")).isPresent();
      assertThat(cluster("bj-1").find("Istio", null, "dev")).isPresent();
    }

    @Test
    @DisplayName("refuses values the operator's schema refuses, naming the field, and writes nothing")
    void badValues() {
      long writes = clusters.writes();
      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1")
          .istio(install("1.29.3").withValues("{\"global\":{\"meshID\":\"other\"},\"pilot\":{\"autoscaleMin\":\"two\","
              + "\"replicaz\":3}}")).build()))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("spec.values.global.meshID"));
      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1")
          .istio(install("1.29.3").withValues("{\"pilot\":{\"autoscaleMin\":\"two\",\"replicaz\":3}}")).build()))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field)
              .containsExactlyInAnyOrder("spec.values.pilot.autoscaleMin", "spec.values.pilot.replicaz"));
      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1")
          .istio(install("1.2.3")).build()))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("spec.version"));

      assertThat(meshes.find("prod")).isEmpty();
      assertThat(clusters.writes()).isEqualTo(writes);
      assertThat(cluster("mcpc-1").find("Istio", null, "prod")).isEmpty();
      assertThat(cluster("bj-1").find("Istio", null, "prod")).isEmpty();
      // and the clusters are free for a mesh that is valid
      assertThat(hosted().spec().members()).containsExactly("bj-1");
    }

    @Test
    @DisplayName("takes the control plane back when a member fails to join, so a mesh not created leaves nothing")
    void failedCreation() {
      cluster("bj-1").failNextWrites(1, ErrorCode.FORBIDDEN);

      assertThatThrownBy(ControlPlaneTest.this::hosted).isInstanceOf(io.meshsdk.MeshException.class);

      assertThat(meshes.find("prod")).isEmpty();
      assertThat(cluster("mcpc-1").find("Istio", null, "prod")).isEmpty();
      assertThat(cluster("mcpc-1").find("IstioRevisionTag", null, "stable")).isEmpty();
      assertThat(cluster("bj-1").find("Istio", null, "prod")).isEmpty();
      assertThat(hosted().spec().members()).as("the clusters are free again").containsExactly("bj-1");
    }

    @Test
    @DisplayName("removes what it wrote when writing the control plane fails halfway, and creates no mesh")
    void failedInstall() {
      meshes.close();
      java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
      meshes = MeshManager.builder().connector(clusters).listener(operator.listener()).listener(new MeshListener() {
        @Override
        public void objectApplied(ObjectApplied event) {
          // the Istio resource is written; the next write on the control-plane cluster fails
          if (event.outcome().ref().kind().equals("Istio") && armed.getAndSet(false)) {
            cluster("mcpc-1").failNextWrites(1, ErrorCode.FORBIDDEN);
          }
        }
      }).build();
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());

      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1")
          .istio(install("1.29.3")).build())).isInstanceOf(ApplyFailedException.class);

      assertThat(meshes.find("prod")).isEmpty();
      // what the SDK wrote is gone; the revision the operator made goes with its owner, by garbage collection
      assertThat(cluster("mcpc-1").objects()).noneMatch(o -> o.apiVersion().startsWith("sailoperator.io/")
          && !o.kind().equals("IstioRevision"));
      assertThat(cluster("mcpc-1").find("Istio", null, "prod")).isEmpty();
    }

    @Test
    @DisplayName("keeps today's behaviour for a mesh without a version: nothing installed, no control plane to manage")
    void withoutVersion() {
      Mesh legacy = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThat(cluster("mcpc-1").objects()).noneMatch(o -> o.apiVersion().startsWith("sailoperator.io/"));
      assertThatThrownBy(() -> legacy.controlPlane().planUpgrade("1.30.3"))
          .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("istio()");
    }
  }

  @Nested
  @DisplayName("a canary upgrade")
  class Upgrading {

    @Test
    @DisplayName("walks upgrade, namespace move, restarts, promotion and removal of the old revision step by step")
    void upgradeAndPromote() {
      Mesh prod = hosted();
      MeshControlPlane cp = prod.controlPlane();
      workload("bj-1", "bookinfo", "reviews", "prod-v1-29-3", 2);
      workload("bj-1", "shop", "orders", "prod-v1-29-3", 1);
      prod.sidecars().enableInjection("bj-1", "bookinfo");
      prod.sidecars().enableInjection("bj-1", "shop");
      assertThat(cp.pendingRestarts("bj-1")).isEmpty();

      // 1. the new revision comes up beside the old one; the canary tag points at it
      Plan upgrade = cp.planUpgrade("1.30.3");
      assertThat(change(upgrade, "mcpc-1", "Istio", "prod").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(upgrade, "mcpc-1", "Istio", "prod").desired().orElseThrow().content()
          .path("spec").path("version").asText()).isEqualTo("v1.30.3");
      assertThat(change(upgrade, "mcpc-1", "IstioRevisionTag", "canary").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(upgrade, "mcpc-1", "IstioRevisionTag", "stable").action()).isEqualTo(ChangeAction.UNCHANGED);
      assertThat(change(upgrade, "bj-1", "Istio", "prod").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(prod.spec().istio().orElseThrow().canaryVersion()).as("nothing recorded before apply").isEmpty();
      upgrade.apply().orThrow();
      assertThat(prod.spec().istio().orElseThrow().canaryVersion()).contains("1.30.3");
      ControlPlaneStatus both = cp.awaitReady(WAIT);
      assertThat(both.revisions()).extracting(ControlPlaneRevision::name)
          .containsExactly("prod-v1-29-3", "prod-v1-30-3");
      assertThat(tagTarget("mcpc-1", "stable")).isEqualTo("prod-v1-29-3");
      assertThat(tagTarget("mcpc-1", "canary")).isEqualTo("prod-v1-30-3");
      assertThat(tagTarget("bj-1", "canary")).isEqualTo("prod-v1-30-3");

      // 2. one namespace moves to the canary; its workloads need a restart, the others do not
      cp.useTag("bj-1", "bookinfo", MeshControlPlane.CANARY_TAG);
      assertThat(cp.pendingRestarts("bj-1")).containsExactly(
          ProxyRestart.of("bookinfo", "reviews", "prod-v1-29-3", "prod-v1-30-3", 2));
      restart("bj-1", "bookinfo", "reviews", 2, "prod-v1-30-3");
      assertThat(cp.pendingRestarts("bj-1")).isEmpty();

      // 3. promotion: stable now names the new revision, so the rest of the mesh wants it
      Plan promote = cp.planPromote();
      assertThat(change(promote, "mcpc-1", "IstioRevisionTag", "stable").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(promote, "mcpc-1", "Istio", "prod").action()).isEqualTo(ChangeAction.UNCHANGED);
      promote.apply().orThrow();
      assertThat(prod.spec().istio().orElseThrow().version()).isEqualTo("1.30.3");
      assertThat(prod.spec().istio().orElseThrow().previousVersion()).contains("1.29.3");
      assertThat(tagTarget("mcpc-1", "stable")).isEqualTo("prod-v1-30-3");
      assertThat(cp.pendingRestarts("bj-1")).containsExactly(
          ProxyRestart.of("shop", "orders", "prod-v1-29-3", "prod-v1-30-3", 1));

      // 4. the old revision goes only once nothing uses it
      assertThatThrownBy(cp::planRemoveRevision).isInstanceOfSatisfying(RevisionInUseException.class, e -> {
        assertThat(e.revision()).isEqualTo("prod-v1-29-3");
        assertThat(e.users()).containsExactly("cluster bj-1: Deployment shop/orders (1 pod)");
      });
      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-29-3")).isPresent();
      restart("bj-1", "shop", "orders", 1, "prod-v1-30-3");
      Plan remove = cp.planRemoveRevision();
      assertThat(remove.changes().stream().filter(c -> c.action() == ChangeAction.DELETE)
          .map(c -> c.cluster() + " " + c.ref().kind() + " " + c.ref().name()).collect(Collectors.toList()))
          .containsExactly("mcpc-1 IstioRevision prod-v1-29-3", "bj-1 IstioRevision prod-v1-29-3");
      remove.apply().orThrow();
      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-29-3")).isEmpty();
      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-30-3")).isPresent();
      assertThat(prod.spec().istio().orElseThrow().previousVersion()).isEmpty();
      assertThat(cp.status().revisions()).extracting(ControlPlaneRevision::name).containsExactly("prod-v1-30-3");
    }

    @Test
    @DisplayName("rolls a canary back: the canary tag returns, restarted workloads are listed, the canary goes once unused")
    void rollbackDuringCanary() {
      Mesh prod = hosted();
      MeshControlPlane cp = prod.controlPlane();
      workload("bj-1", "bookinfo", "reviews", "prod-v1-29-3", 1);
      prod.sidecars().enableInjection("bj-1", "bookinfo");
      cp.planUpgrade("1.30.3").apply().orThrow();
      cp.useTag("bj-1", "bookinfo", MeshControlPlane.CANARY_TAG);
      restart("bj-1", "bookinfo", "reviews", 1, "prod-v1-30-3");

      Plan rollback = cp.planRollback();
      assertThat(change(rollback, "mcpc-1", "IstioRevisionTag", "canary").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(rollback, "mcpc-1", "Istio", "prod").desired().orElseThrow().content()
          .path("spec").path("version").asText()).isEqualTo("v1.29.3");
      rollback.apply().orThrow();

      assertThat(tagTarget("mcpc-1", "canary")).isEqualTo("prod-v1-29-3");
      assertThat(tagTarget("bj-1", "canary")).isEqualTo("prod-v1-29-3");
      IstioInstall recorded = prod.spec().istio().orElseThrow();
      assertThat(recorded.version()).isEqualTo("1.29.3");
      assertThat(recorded.canaryVersion()).isEmpty();
      assertThat(recorded.previousVersion()).contains("1.30.3");
      assertThat(cp.pendingRestarts("bj-1")).containsExactly(
          ProxyRestart.of("bookinfo", "reviews", "prod-v1-30-3", "prod-v1-29-3", 1));
      assertThatThrownBy(cp::planRemoveRevision).isInstanceOf(RevisionInUseException.class)
          .hasMessageContaining("prod-v1-30-3").hasMessageContaining("bookinfo/reviews");

      restart("bj-1", "bookinfo", "reviews", 1, "prod-v1-29-3");
      cp.planRemoveRevision().apply().orThrow();
      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-30-3")).isEmpty();
      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-29-3")).isPresent();
    }

    @Test
    @DisplayName("rolls a promotion back: the stable tag returns to the revision promoted from")
    void rollbackAfterPromotion() {
      Mesh prod = hosted();
      MeshControlPlane cp = prod.controlPlane();
      cp.planUpgrade("1.30.3").apply().orThrow();
      cp.planPromote().apply().orThrow();

      cp.planRollback().apply().orThrow();

      assertThat(tagTarget("mcpc-1", "stable")).isEqualTo("prod-v1-29-3");
      assertThat(tagTarget("mcpc-1", "canary")).isEqualTo("prod-v1-29-3");
      assertThat(object("mcpc-1", "Istio", "prod").path("spec").path("version").asText()).isEqualTo("v1.29.3");
      assertThat(prod.spec().istio().orElseThrow().previousVersion()).contains("1.30.3");
      assertThat(cp.awaitReady(WAIT).ready()).isTrue();
    }

    @Test
    @DisplayName("refuses steps out of order with a conflict, and writes nothing")
    void outOfOrder() {
      Mesh prod = hosted();
      MeshControlPlane cp = prod.controlPlane();
      assertThatThrownBy(cp::planPromote).isInstanceOf(MeshConflictException.class).hasMessageContaining("no canary");
      assertThatThrownBy(cp::planRollback).isInstanceOf(MeshConflictException.class).hasMessageContaining("1.29.3");
      assertThatThrownBy(() -> cp.planUpgrade("1.29.3")).isInstanceOf(MeshConflictException.class);
      cp.planUpgrade("1.30.3").apply().orThrow();
      assertThatThrownBy(() -> cp.planUpgrade("1.30.2")).isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("already trying 1.30.3");
      assertThatThrownBy(() -> cp.useTag("bj-1", "bookinfo", "beta")).isInstanceOfSatisfying(
          ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("tag"));
    }

    @Test
    @DisplayName("refuses a plan made before another replica moved the upgrade on, and writes nothing")
    void stalePlan() {
      Mesh prod = hosted();
      Plan first = prod.controlPlane().planUpgrade("1.30.3");
      Plan second = prod.controlPlane().planUpgrade("1.30.2");
      first.apply().orThrow();
      long writes = clusters.writes();

      assertThatThrownBy(second::apply).isInstanceOfSatisfying(MeshConflictException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(clusters.writes()).isEqualTo(writes);
      assertThat(prod.spec().istio().orElseThrow().canaryVersion()).contains("1.30.3");
    }

    @Test
    @DisplayName("is kept as JSON and applied on another replica, which records the step")
    void restoredOnAnotherReplica() throws Exception {
      Mesh prod = hosted();
      // an object as some API servers return it, with a null the JSON must keep for the hash to hold
      ObjectNode live = object("mcpc-1", "Istio", "prod").deepCopy();
      live.withObjectProperty("metadata").withObjectProperty("annotations").putNull("example.com/cleared");
      cluster("mcpc-1").putOutOfBand(MeshResource.of(live));
      Plan upgrade = prod.controlPlane().planUpgrade("1.30.3");
      assertThat(upgrade.render()).contains("~ update Istio prod", "v1.30.3");
      String json = upgrade.toJson();
      JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      assertThat(document.path("kind").asText()).isEqualTo("ControlPlanePlan");
      assertThat(document.path("istio").path("canaryVersion").asText()).isEqualTo("1.30.3");
      assertThat(document.path("plan").path("summary").path("update").asInt()).isPositive();

      try (MeshManager replica = MeshManager.builder().connector(clusters).store(store)
          .listener(operator.listener()).build()) {
        Plan restored = replica.get("prod").controlPlane().restore(json);
        assertThat(restored.hash()).isEqualTo(upgrade.hash());
        assertThat(prod.spec().istio().orElseThrow().canaryVersion()).as("nothing recorded before apply").isEmpty();
        restored.apply().orThrow();
      }
      assertThat(prod.spec().istio().orElseThrow().canaryVersion()).contains("1.30.3");
      assertThat(tagTarget("mcpc-1", "canary")).isEqualTo("prod-v1-30-3");

      // the same JSON once more: the record moved on, so nothing is written
      long writes = clusters.writes();
      assertThatThrownBy(() -> prod.controlPlane().restore(json).apply()).isInstanceOfSatisfying(
          MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(clusters.writes()).isEqualTo(writes);
    }

    @Test
    @DisplayName("refuses JSON that was edited, is for another mesh or touches what is not the control plane's")
    void restoreRefusals() throws Exception {
      Mesh prod = hosted();
      String json = prod.controlPlane().planUpgrade("1.30.3").toJson();
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

      String edited = json.replace("\"1.30.3\"", "\"1.30.4\"");
      assertThatThrownBy(() -> prod.controlPlane().restore(edited)).isInstanceOfSatisfying(
          io.meshsdk.MeshException.class, e -> assertThat(e.messageCode()).isEqualTo("plan.tampered"));
      assertThatThrownBy(() -> prod.policies().restore(json)).as("a policies plan would not record the step")
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("kind"));
      String policies = prod.policies().plan(io.meshsdk.policy.PolicyBuilder.forService("reviews")
          .inNamespace("bookinfo").subset("v1", java.util.Map.of("version", "v1")).build()).toJson();
      assertThatThrownBy(() -> prod.controlPlane().restore(policies)).isInstanceOf(ValidationException.class);

      // a plan whose hashes were made again over a foreign object is still refused
      ObjectNode forged = (ObjectNode) mapper.readTree(json);
      ObjectNode inner = (ObjectNode) forged.get("plan");
      ObjectNode change = (ObjectNode) inner.withArray("changes").get(0);
      ((ObjectNode) change.get("desired").get("metadata").get("labels")).remove("mesh.meshsdk.io/component");
      rehash(inner);
      rehash(forged);
      assertThatThrownBy(() -> prod.controlPlane().restore(canonical(forged)))
          .isInstanceOfSatisfying(io.meshsdk.MeshException.class,
              e -> assertThat(e.messageCode()).isEqualTo("plan.foreign-object"));
    }

    /** What anyone who can write the plan's JSON can do: hash it again after editing it. */
    private void rehash(ObjectNode document) throws Exception {
      document.remove("hash");
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(canonical(document).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      document.put("hash", "sha256:" + java.util.HexFormat.of().formatHex(digest));
    }

    /** JSON with every object's keys sorted, as plans are hashed. */
    private String canonical(JsonNode document) throws Exception {
      com.fasterxml.jackson.databind.ObjectMapper sorted = new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
      return sorted.writeValueAsString(sorted.treeToValue(document, Object.class));
    }

    @Test
    @DisplayName("restores the removal of a revision, whose objects belong to the operator's Istio resource")
    void restoredRemoval() {
      Mesh prod = hosted();
      MeshControlPlane cp = prod.controlPlane();
      cp.planUpgrade("1.30.3").apply().orThrow();
      cp.planRollback().apply().orThrow();
      String json = cp.planRemoveRevision().toJson();

      cp.restore(json).apply().orThrow();

      assertThat(cluster("mcpc-1").find("IstioRevision", null, "prod-v1-30-3")).isEmpty();
      assertThat(prod.spec().istio().orElseThrow().previousVersion()).isEmpty();
    }

    @Test
    @DisplayName("names an unknown version in the operator's terms")
    void unknownVersion() {
      Mesh prod = hosted();
      assertThatThrownBy(() -> prod.controlPlane().planUpgrade("1.99.0"))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("spec.version"));
      assertThat(prod.spec().istio().orElseThrow().canaryVersion()).isEmpty();
    }
  }

  @Nested
  @DisplayName("members reaching istiod")
  class ReachingIstiod {

    private String remotePilotAddress(String cluster) {
      return object(cluster, "Istio", "prod").path("spec").path("values").path("global").path("remotePilotAddress")
          .asText();
    }

    /** What a cloud's load balancer controller does once it has an address for the Service. */
    private void loadBalancer(String cluster, String name, String ip) {
      ObjectNode service = cluster(cluster).find("Service", "istio-system", name).orElseThrow().content().deepCopy();
      service.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", ip);
      cluster(cluster).putOutOfBand(MeshResource.of(service));
    }

    /** Each route of the istiod VirtualService, as "server name:port -> destination:port". */
    private List<String> istiodRoutes() {
      JsonNode routes = cluster("mcpc-1").find("VirtualService", "istio-system", "istiod-vs").orElseThrow()
          .content().path("spec").path("tls");
      return Stream.iterate(0, i -> i + 1).limit(routes.size()).map(routes::get)
          .map(r -> r.path("match").get(0).path("sniHosts").get(0).asText() + ":" + r.path("match").get(0)
              .path("port").asInt() + " -> " + r.path("route").get(0).path("destination").path("host").asText()
              + ":" + r.path("route").get(0).path("destination").path("port").path("number").asInt())
          .collect(Collectors.toList());
    }

    private String route(String serverName, int port, String revision, int servicePort) {
      return serverName + ":" + port + " -> istiod-" + revision + ".istio-system.svc.cluster.local:" + servicePort;
    }

    @Test
    @DisplayName("exposes every revision's istiod through the east-west gateway of the control plane, step by step")
    void exposure() {
      Mesh prod = hosted();

      JsonNode gateway = cluster("mcpc-1").find("Gateway", "istio-system", "istiod-gateway").orElseThrow().content();
      assertThat(gateway.path("metadata").path("labels").path("mesh.meshsdk.io/component").asText())
          .isEqualTo("control-plane");
      assertThat(gateway.path("spec").path("selector").path("istio").asText()).isEqualTo("eastwestgateway");
      assertThat(gateway.path("spec").path("servers")).extracting(
          srv -> srv.path("port").path("number").asInt() + "/" + srv.path("tls").path("mode").asText())
          .containsExactly("15012/PASSTHROUGH", "15017/PASSTHROUGH");
      String stable = "istiod-prod-v1-29-3.istio-system.svc";
      assertThat(istiodRoutes()).containsExactly(
          route(stable, 15012, "prod-v1-29-3", 15012), route(stable, 15017, "prod-v1-29-3", 443),
          route("*", 15012, "prod-v1-29-3", 15012), route("*", 15017, "prod-v1-29-3", 443));
      assertThat(cluster("bj-1").find("Gateway", "istio-system", "istiod-gateway")).as("members run no istiod").isEmpty();

      // the canary's istiod is reached by its own name; anything else still goes to the stable one
      MeshControlPlane cp = prod.controlPlane();
      Plan upgrade = cp.planUpgrade("1.30.3");
      assertThat(change(upgrade, "mcpc-1", "VirtualService", "istiod-vs").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(upgrade, "mcpc-1", "Gateway", "istiod-gateway").action()).isEqualTo(ChangeAction.UNCHANGED);
      upgrade.apply().orThrow();
      String canary = "istiod-prod-v1-30-3.istio-system.svc";
      assertThat(istiodRoutes()).containsExactly(
          route(stable, 15012, "prod-v1-29-3", 15012), route(stable, 15017, "prod-v1-29-3", 443),
          route(canary, 15012, "prod-v1-30-3", 15012), route(canary, 15017, "prod-v1-30-3", 443),
          route("*", 15012, "prod-v1-29-3", 15012), route("*", 15017, "prod-v1-29-3", 443));

      cp.planPromote().apply().orThrow();
      assertThat(istiodRoutes()).as("proxies of the old revision still reach it until it is removed").containsExactly(
          route(stable, 15012, "prod-v1-29-3", 15012), route(stable, 15017, "prod-v1-29-3", 443),
          route(canary, 15012, "prod-v1-30-3", 15012), route(canary, 15017, "prod-v1-30-3", 443),
          route("*", 15012, "prod-v1-30-3", 15012), route("*", 15017, "prod-v1-30-3", 443));

      cp.planRemoveRevision().apply().orThrow();
      assertThat(istiodRoutes()).containsExactly(
          route(canary, 15012, "prod-v1-30-3", 15012), route(canary, 15017, "prod-v1-30-3", 443),
          route("*", 15012, "prod-v1-30-3", 15012), route("*", 15017, "prod-v1-30-3", 443));
    }

    @Test
    @DisplayName("takes the address of the control plane's east-west gateway when none is set, and follows it")
    void addressFromTheGateway() {
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").istio(install("1.29.3")).build());

      long writes = clusters.writes();
      assertThatThrownBy(() -> prod.join("bj-1")).isInstanceOfSatisfying(ValidationException.class, e -> {
        assertThat(e.violations()).extracting(Violation::field).containsExactly("istio.discoveryAddress");
        assertThat(e.getMessage()).contains("bj-1", "mcpc-1", "east-west gateway");
      });
      assertThat(clusters.writes()).as("a member that could not reach istiod is not wired").isEqualTo(writes);
      assertThat(prod.spec().members()).isEmpty();

      prod.gateways().plan(GatewaySpec.builder().name("istio-eastwestgateway").cluster("mcpc-1")
          .kind(GatewayKind.EAST_WEST).network("net-cp").build()).apply().orThrow();
      assertThatThrownBy(() -> prod.join("bj-1")).as("the gateway has no address yet")
          .isInstanceOf(ValidationException.class);
      loadBalancer("mcpc-1", "istio-eastwestgateway", "203.0.113.10");

      prod.join("bj-1");
      assertThat(remotePilotAddress("bj-1")).isEqualTo("203.0.113.10");

      // the load balancer hands out another address: planning the control plane again moves the members
      loadBalancer("mcpc-1", "istio-eastwestgateway", "203.0.113.20");
      assertThat(prod.gateways().connectivity()).singleElement().satisfies(member -> {
        assertThat(member.controlPlaneAddress()).contains("203.0.113.10");
        assertThat(member.problems()).anySatisfy(p -> assertThat(p).contains("203.0.113.10", "203.0.113.20"));
      });
      Plan follow = prod.controlPlane().planInstall();
      assertThat(change(follow, "bj-1", "Istio", "prod").action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(change(follow, "mcpc-1", "Istio", "prod").action()).isEqualTo(ChangeAction.UNCHANGED);
      follow.apply().orThrow();
      assertThat(remotePilotAddress("bj-1")).isEqualTo("203.0.113.20");
      assertThat(prod.gateways().connectivity()).singleElement().satisfies(member -> {
        assertThat(member.controlPlaneAddress()).contains("203.0.113.20");
        assertThat(member.problems()).noneSatisfy(p -> assertThat(p).contains("istiod"));
      });

      // the load balancer shows no address for a while: the mesh goes on with the one its members carry
      ObjectNode service = cluster("mcpc-1").find("Service", "istio-system", "istio-eastwestgateway").orElseThrow()
          .content().deepCopy();
      service.remove("status");
      cluster("mcpc-1").putOutOfBand(MeshResource.of(service));
      prod.controlPlane().planUpgrade("1.30.3").apply().orThrow();
      prod.join("sh-1");
      assertThat(remotePilotAddress("bj-1")).isEqualTo("203.0.113.20");
      assertThat(remotePilotAddress("sh-1")).isEqualTo("203.0.113.20");
    }

    @Test
    @DisplayName("refuses to create a hosted mesh with members when no address is known, and writes nothing")
    void noAddress() {
      long writes = clusters.writes();

      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1")
          .istio(install("1.29.3")).build()))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("istio.discoveryAddress"));

      assertThat(meshes.find("prod")).isEmpty();
      assertThat(clusters.writes()).isEqualTo(writes);
      assertThat(hosted().spec().members()).as("the clusters are free again").containsExactly("bj-1");
    }

    @Test
    @DisplayName("refuses a control-plane cluster without the namespace istiod goes into, and writes nothing")
    void noNamespace() {
      cluster("mcpc-1").removeOutOfBand(cluster("mcpc-1").find("Namespace", null, "istio-system").orElseThrow().ref());
      long writes = clusters.writes();

      assertThatThrownBy(ControlPlaneTest.this::hosted).isInstanceOfSatisfying(io.meshsdk.MeshNotFoundException.class,
          e -> {
            assertThat(e.messageCode()).isEqualTo("namespace.not-found");
            assertThat(e.getMessage()).contains("istio-system", "mcpc-1", "create it first");
          });

      assertThat(meshes.find("prod")).isEmpty();
      assertThat(clusters.writes()).isEqualTo(writes);
      namespace("mcpc-1", "istio-system");
      assertThat(hosted().spec().members()).as("the clusters are free again").containsExactly("bj-1");
    }

    @Test
    @DisplayName("exposes nothing for a dedicated mesh, whose istiod serves its own cluster only")
    void dedicated() {
      meshes.create(MeshSpec.dedicated("dev").cluster("sh-1").istio(install("1.29.3")).build());

      assertThat(cluster("sh-1").find("Istio", null, "dev")).isPresent();
      assertThat(cluster("sh-1").find("Gateway", "istio-system", "istiod-gateway")).isEmpty();
      assertThat(cluster("sh-1").find("VirtualService", "istio-system", "istiod-vs")).isEmpty();
    }
  }

  @Nested
  @DisplayName("deleting a mesh")
  class Deleting {

    /** Whether the mesh still owns anything on the cluster. */
    private List<String> owned(String cluster) {
      return cluster(cluster).objects().stream()
          .filter(o -> "prod".equals(o.labels().get("mesh.meshsdk.io/mesh")))
          .map(o -> o.kind() + " " + o.namespace().map(n -> n + "/").orElse("") + o.name())
          .collect(Collectors.toList());
    }

    @Test
    @DisplayName("removes its control plane, gateway instances and root of trust, and nothing it does not own")
    void teardown() {
      Mesh prod = hosted();
      prod.gateways().plan(GatewaySpec.builder().name("istio-ingressgateway").cluster("mcpc-1")
          .kind(GatewayKind.INGRESS).namespace("istio-system").build()).apply().orThrow();
      String root = prod.trust().createRoot().reference();
      prod.trust().plan().apply().orThrow();
      ObjectNode foreign = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Secret");
      foreign.putObject("metadata").put("name", "platform-credentials").put("namespace", "istio-system");
      cluster("mcpc-1").putOutOfBand(MeshResource.of(foreign));
      assertThat(owned("mcpc-1")).contains("Istio prod", "IstioRevisionTag stable", "Gateway istio-system/istiod-gateway",
          "Deployment istio-system/istio-ingressgateway", "Secret istio-system/cacerts");

      assertThatThrownBy(() -> meshes.delete("prod")).isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("still has members [bj-1]");
      prod.leave("bj-1");
      assertThat(owned("bj-1")).as("leaving takes back what the mesh put on the member, its CA included").isEmpty();
      meshes.delete("prod");

      assertThat(meshes.find("prod")).isEmpty();
      assertThat(owned("mcpc-1")).isEmpty();
      assertThat(owned("bj-1")).isEmpty();
      assertThat(cluster("mcpc-1").find("Secret", "istio-system", "platform-credentials")).as("not the mesh's").isPresent();
      assertThat(cluster("mcpc-1").find("Namespace", null, "istio-system")).as("namespaces stay").isPresent();
      assertThat(store.secret(root)).as("the root's key goes with the mesh").isEmpty();
      assertThat(hosted().spec().clusters()).as("the clusters are free again").containsExactly("mcpc-1", "bj-1");
    }

    @Test
    @DisplayName("is refused while proxies its control plane injected still run, and removes nothing")
    void proxiesStillRunning() {
      meshes.create(MeshSpec.dedicated("prod").cluster("sh-1").istio(install("1.29.3")).build());
      workload("sh-1", "shop", "orders", "prod-v1-29-3", 2);
      long writes = clusters.writes();

      assertThatThrownBy(() -> meshes.delete("prod")).isInstanceOfSatisfying(MeshConflictException.class,
          e -> assertThat(e.getMessage()).contains("cluster sh-1: Deployment shop/orders (2 pods)", "disableInjection"));
      assertThat(clusters.writes()).isEqualTo(writes);
      assertThat(owned("sh-1")).contains("Istio prod");

      cluster("sh-1").objects().stream().filter(o -> o.kind().equals("Pod"))
          .forEach(pod -> cluster("sh-1").removeOutOfBand(pod.ref()));
      meshes.delete("prod");
      assertThat(owned("sh-1")).isEmpty();
    }

    @Test
    @DisplayName("a member whose pods run the mesh's proxies cannot leave, and nothing is removed from it")
    void leavingWithProxies() {
      Mesh prod = hosted();
      workload("bj-1", "bookinfo", "reviews", "prod-v1-29-3", 1);
      long writes = clusters.writes();

      assertThatThrownBy(() -> prod.leave("bj-1")).isInstanceOfSatisfying(MeshConflictException.class,
          e -> assertThat(e.getMessage()).contains("bj-1", "cluster bj-1: Deployment bookinfo/reviews (1 pod)"));
      assertThat(clusters.writes()).isEqualTo(writes);
      assertThat(prod.spec().members()).containsExactly("bj-1");

      cluster("bj-1").removeOutOfBand(cluster("bj-1").find("Pod", "bookinfo", "reviews-0").orElseThrow().ref());
      prod.leave("bj-1");
      assertThat(owned("bj-1")).isEmpty();
    }

    @Test
    @DisplayName("keeps the mesh when a cluster fails to delete an object, and finishes when repeated")
    void partialFailure() {
      Mesh prod = hosted();
      prod.leave("bj-1");
      cluster("mcpc-1").failNextWrites(1, ErrorCode.FORBIDDEN);

      assertThatThrownBy(() -> meshes.delete("prod")).isInstanceOfSatisfying(io.meshsdk.MeshException.class,
          e -> assertThat(e.getMessage()).contains("was not deleted", "mcpc-1"));
      assertThat(meshes.find("prod")).isPresent();

      meshes.delete("prod");
      assertThat(meshes.find("prod")).isEmpty();
      assertThat(owned("mcpc-1")).isEmpty();
    }
  }

  @Test
  @DisplayName("keeps the upgrade in the mesh's record, so another replica on the same store continues it")
  void recordSurvivesReplicas(@TempDir Path directory) throws Exception {
    meshes.close();
    meshes = MeshManager.builder().connector(clusters).store(new DirectoryMeshStore(directory))
        .listener(operator.listener()).build();
    for (String cluster : List.of("mcpc-1", "bj-1")) {
      meshes.clusters().register(ClusterSpec.builder().name(cluster).network("net-" + cluster).build());
    }
    hosted().controlPlane().planUpgrade("1.30.3").apply().orThrow();

    try (MeshManager replica = MeshManager.builder().connector(clusters).store(new DirectoryMeshStore(directory))
        .listener(operator.listener()).build()) {
      MeshControlPlane cp = replica.get("prod").controlPlane();
      assertThat(cp.status().canaryVersion()).contains("1.30.3");
      cp.planPromote().apply().orThrow();
    }
    IstioInstall recorded = meshes.get("prod").spec().istio().orElseThrow();
    assertThat(recorded.version()).isEqualTo("1.30.3");
    assertThat(recorded.previousVersion()).contains("1.29.3");
    assertThat(recorded.values().path("pilot").path("autoscaleMin").asInt()).isEqualTo(2);
    try (Stream<Path> files = Files.walk(directory)) {
      String stored = files.filter(Files::isRegularFile).map(ControlPlaneTest::read)
          .filter(text -> text.contains("previousVersion")).findFirst().orElseThrow();
      assertThat(stored).doesNotContain("readyTimeout");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
