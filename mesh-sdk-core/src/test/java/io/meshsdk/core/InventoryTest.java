package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.inventory.NamespaceInjection;
import io.meshsdk.inventory.PodSidecar;
import io.meshsdk.inventory.ServiceInfo;
import io.meshsdk.inventory.WorkloadInfo;
import io.meshsdk.inventory.WorkloadRef;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Inventory and restarts")
class InventoryTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.891Z");

  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final RecordingListener recorder = new RecordingListener();
  private MeshManager meshes;
  private Mesh prod;
  private InMemoryCluster bj;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().backend(new TestBackendProvider()).connector(clusters)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).auditSink(recorder).build();
    for (String name : List.of("mcpc-1", "bj-1")) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    bj = clusters.cluster("bj-1");
    bj.putOutOfBand(Workloads.namespace("bookinfo", Map.of("istio-injection", "enabled")));
    bj.putOutOfBand(Workloads.namespace("canary", Map.of("istio.io/rev", "1-24-0")));
    bj.putOutOfBand(Workloads.namespace("legacy", Map.of("istio-injection", "disabled", "istio.io/rev", "1-24-0")));
    bj.putOutOfBand(Workloads.namespace("tools", Map.of()));
    bj.putOutOfBand(Workloads.deployment("bookinfo", "reviews-v1", "reviews"));
    bj.putOutOfBand(Workloads.injectedPod("bookinfo", "reviews-v1-a", "reviews", "default", "docker.io/istio/proxyv2:1.24.0"));
    bj.putOutOfBand(Workloads.deployment("bookinfo", "ratings-v1", "ratings"));
    bj.putOutOfBand(Workloads.pod("bookinfo", "ratings-v1-a", "ratings"));
    bj.putOutOfBand(Workloads.statefulSet("bookinfo", "mysql", "mysql"));
    bj.putOutOfBand(Workloads.pod("bookinfo", "mysql-0", "mysql"));
    bj.putOutOfBand(Workloads.deployment("tools", "debug", "debug"));
    bj.putOutOfBand(Workloads.service("bookinfo", "reviews", "reviews", 9080));
    bj.putOutOfBand(Workloads.service("tools", "debug", "debug", 8080));
    recorder.audit.clear();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("reports each namespace's injection setting as the injector reads its labels")
  void namespaces() {
    assertThat(prod.inventory().namespaces("bj-1"))
        .extracting(NamespaceInjection::namespace, NamespaceInjection::state, NamespaceInjection::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bookinfo", NamespaceInjection.State.ENABLED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("canary", NamespaceInjection.State.REVISION, Optional.of("1-24-0")),
            org.assertj.core.groups.Tuple.tuple("legacy", NamespaceInjection.State.DISABLED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("tools", NamespaceInjection.State.UNSET, Optional.empty()));
    assertThat(prod.inventory().namespaces()).hasSize(4).allSatisfy(n -> assertThat(n.cluster()).isEqualTo("bj-1"));
  }

  @Test
  @DisplayName("reports services with the host policies name them by")
  void services() {
    assertThat(prod.inventory().services("bj-1", "bookinfo")).containsExactly(ServiceInfo.builder()
        .cluster("bj-1").namespace("bookinfo").name("reviews").host("reviews.bookinfo.svc.cluster.local")
        .selector(Map.of("app", "reviews")).addPort(9080).build());
    assertThat(prod.inventory().services()).extracting(ServiceInfo::name).containsExactly("reviews", "debug");
  }

  @Test
  @DisplayName("reports Deployments and StatefulSets with their pods' sidecars and pending restarts")
  void workloads() {
    List<WorkloadInfo> workloads = prod.inventory().workloads("bj-1", "bookinfo");

    assertThat(workloads).extracting(WorkloadInfo::ref).containsExactly(
        WorkloadRef.deployment("bookinfo", "ratings-v1"),
        WorkloadRef.deployment("bookinfo", "reviews-v1"),
        WorkloadRef.statefulSet("bookinfo", "mysql"));
    WorkloadInfo reviews = workloads.get(1);
    assertThat(reviews.injectionWanted()).isTrue();
    assertThat(reviews.pendingRestart()).isEmpty();
    assertThat(reviews.replicas()).isEqualTo(2);
    assertThat(reviews.labels()).containsEntry("version", "v1");
    PodSidecar pod = reviews.pods().get(0);
    assertThat(pod.injected()).isTrue();
    assertThat(pod.revision()).contains("default");
    assertThat(pod.proxyImage()).contains("docker.io/istio/proxyv2:1.24.0");
    assertThat(pod.proxyVersion()).contains("1.24.0");
    assertThat(workloads.get(0).pendingRestart()).contains(WorkloadRestart.Reason.NEEDS_SIDECAR);
    assertThat(workloads.get(0).pods()).extracting(PodSidecar::injected).containsExactly(false);
    assertThat(workloads.get(2).pendingRestart()).contains(WorkloadRestart.Reason.NEEDS_SIDECAR);
    assertThat(prod.inventory().workload("bj-1", WorkloadRef.statefulSet("bookinfo", "mysql")))
        .contains(workloads.get(2));
    assertThat(prod.inventory().workload("bj-1", WorkloadRef.statefulSet("bookinfo", "nope"))).isEmpty();
    // the same judgement as pendingRestarts, which lists Deployments
    assertThat(prod.sidecars().pendingRestarts("bj-1")).extracting(WorkloadRestart::deployment).containsExactly("ratings-v1");
  }

  @Test
  @DisplayName("reads only data-plane clusters")
  void placement() {
    assertThatThrownBy(() -> prod.inventory().workloads("mcpc-1"))
        .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED));
  }

  @Test
  @DisplayName("restarts the named workloads as kubectl rollout restart does, touching nothing else")
  void restart() {
    List<MeshResource> before = bj.objects();
    long writes = bj.writes();

    List<WorkloadRef> restarted = prod.sidecars().restart("bj-1",
        List.of(WorkloadRef.statefulSet("bookinfo", "mysql"), WorkloadRef.deployment("bookinfo", "reviews-v1")));

    assertThat(restarted).containsExactly(WorkloadRef.deployment("bookinfo", "reviews-v1"),
        WorkloadRef.statefulSet("bookinfo", "mysql"));
    assertThat(bj.writes() - writes).isEqualTo(2);
    for (String kindAndName : List.of("StatefulSet/mysql", "Deployment/reviews-v1")) {
      String[] parts = kindAndName.split("/");
      MeshResource after = bj.find(parts[0], "bookinfo", parts[1]).orElseThrow();
      MeshResource old = before.stream().filter(o -> o.kind().equals(parts[0]) && o.name().equals(parts[1])).findFirst().orElseThrow();
      assertThat(after.field("spec").orElseThrow().at("/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asText())
          .isEqualTo("2026-03-04T05:06:07Z");
      var expected = old.content();
      ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/spec/template/metadata")).putObject("annotations")
          .put("kubectl.kubernetes.io/restartedAt", "2026-03-04T05:06:07Z");
      assertThat(after.content().get("spec")).isEqualTo(expected.get("spec"));
    }
    assertThat(bj.find("Deployment", "bookinfo", "ratings-v1").orElseThrow()).isIn(before);
    assertThat(recorder.audit).extracting(AuditRecord::operation, AuditRecord::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(MeshOperation.RESTART, AuditRecord.Outcome.SUCCEEDED));
  }

  @Test
  @DisplayName("restarts nothing when one named workload does not exist")
  void restartMissing() {
    long writes = bj.writes();

    assertThatThrownBy(() -> prod.sidecars().restart("bj-1",
        List.of(WorkloadRef.deployment("bookinfo", "reviews-v1"), WorkloadRef.deployment("bookinfo", "nope"))))
        .isInstanceOf(MeshNotFoundException.class)
        .hasMessageContaining("Deployment bookinfo/nope");
    assertThat(bj.writes()).isEqualTo(writes);
    assertThat(recorder.audit.get(0).outcome()).isEqualTo(AuditRecord.Outcome.FAILED);
  }

  @Test
  @DisplayName("restarts exactly the workloads pendingRestarts lists")
  void restartPending() {
    List<MeshResource> before = bj.objects();

    assertThat(prod.sidecars().restartPending("bj-1")).containsExactly(WorkloadRef.deployment("bookinfo", "ratings-v1"));

    List<MeshResource> changed = bj.objects().stream().filter(o -> !before.contains(o)).toList();
    assertThat(changed).extracting(MeshResource::name).containsExactly("ratings-v1");
    prod.sidecars().disableInjection("bj-1", "bookinfo");
    // now the injected reviews pod is the odd one out, and ratings is fine again
    assertThat(prod.sidecars().restartPending("bj-1")).containsExactly(WorkloadRef.deployment("bookinfo", "reviews-v1"));
  }
}
