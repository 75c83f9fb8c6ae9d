package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshAccessDeniedException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.access.AccessGrant;
import io.meshsdk.access.AccessPolicy;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.inventory.WorkloadRef;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Access policy")
class AccessPolicyTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final InMemoryMeshStore store = new InMemoryMeshStore();
  private final RecordingListener recorder = new RecordingListener();
  private MeshManager meshes;
  private MeshManager alice;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder()
        .backend(new TestBackendProvider())
        .connector(clusters)
        .store(store)
        .retries(2, Duration.ZERO)
        .auditSink(recorder)
        .accessPolicy(AccessPolicy.grants(Map.of(
            "ops", AccessGrant.builder().addMesh(AccessGrant.ANY_MESH).manageClusters(true).build(),
            "alice", AccessGrant.builder().addMesh("prod").addNamespace("bookinfo").build())))
        .build();
    MeshManager ops = meshes.as("ops");
    for (String name : List.of("mcpc-1", "bj-1", "sh-1")) {
      ops.clusters().register(ClusterSpec.builder().name(name).build());
    }
    ops.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()).join("bj-1");
    ops.create(MeshSpec.dedicated("other").cluster("sh-1").build());
    clusters.cluster("bj-1").putOutOfBand(Workloads.namespace("shop", Map.of()));
    clusters.cluster("bj-1").putOutOfBand(Workloads.deployment("shop", "cart", "cart"));
    alice = meshes.as("alice");
    recorder.audit.clear();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static TrafficPolicy canary(String namespace) {
    return PolicyBuilder.forService("reviews").inNamespace(namespace)
        .subset("v1", Map.of("version", "v1")).route(r -> r.toSubset("v1")).build();
  }

  /** Runs a call that must be refused, and checks that nothing was written or even read on any cluster. */
  private void refused(String what, Runnable call, Consumer<MeshAccessDeniedException> check) {
    long writes = clusters.writes();
    long reads = List.of("mcpc-1", "bj-1", "sh-1").stream().mapToLong(c -> clusters.cluster(c).lists()).sum();
    assertThatThrownBy(call::run).as(what).isInstanceOfSatisfying(MeshAccessDeniedException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
      assertThat(e.retryable()).isFalse();
      check.accept(e);
    });
    assertThat(clusters.writes()).as(what + ": writes").isEqualTo(writes);
    assertThat(List.of("mcpc-1", "bj-1", "sh-1").stream().mapToLong(c -> clusters.cluster(c).lists()).sum())
        .as(what + ": lists").isEqualTo(reads);
  }

  @Test
  @DisplayName("lets a principal plan and apply in its namespaces, and names it in the audit trail")
  void allowed() {
    Plan plan = alice.get("prod").policies().plan(canary("bookinfo"));

    assertThat(plan.apply().successful()).isTrue();
    assertThat(recorder.audit).extracting(AuditRecord::principal, AuditRecord::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Optional.of("alice"), AuditRecord.Outcome.SUCCEEDED));
  }

  @Test
  @DisplayName("refuses a plan in another namespace before reading anything, naming principal, mesh and namespace")
  void otherNamespace() {
    refused("plan in shop", () -> alice.get("prod").policies().plan(canary("shop")), e -> {
      assertThat(e.request().principal()).contains("alice");
      assertThat(e.request().mesh()).contains("prod");
      assertThat(e.request().namespace()).contains("shop");
      assertThat(e.request().operation()).isEqualTo(MeshOperation.APPLY);
      assertThat(e.getMessage()).contains("alice", "prod", "shop");
    });
    AuditRecord denied = recorder.audit.get(0);
    assertThat(denied.outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
    assertThat(denied.principal()).contains("alice");
    assertThat(denied.mesh()).contains("prod");
  }

  @Test
  @DisplayName("refuses another mesh, whole-mesh operations and the cluster registry to a namespace-bound principal")
  void otherScopes() {
    refused("other mesh", () -> alice.get("other").policies().plan(canary("bookinfo")),
        e -> assertThat(e.request().mesh()).contains("other"));
    Mesh prod = alice.get("prod");
    refused("join", () -> prod.join("sh-1"), e -> assertThat(e.request().operation()).isEqualTo(MeshOperation.JOIN));
    refused("leave", () -> prod.leave("bj-1"), e -> assertThat(e.request().namespace()).isEmpty());
    refused("rotate", () -> prod.rotateCredentials("bj-1"), e -> { });
    refused("reconcile", () -> prod.policies().planReconcile(), e -> { });
    refused("delete mesh", () -> alice.delete("prod"), e -> { });
    refused("register", () -> alice.clusters().register(ClusterSpec.builder().name("gz-1").build()),
        e -> assertThat(e.request().mesh()).isEmpty());
    refused("injection", () -> prod.sidecars().enableInjection("bj-1", "shop"), e -> { });
    refused("restart", () -> prod.sidecars().restart("bj-1", List.of(WorkloadRef.deployment("shop", "cart"))),
        e -> assertThat(e.request().operation()).isEqualTo(MeshOperation.RESTART));
    refused("inventory", () -> prod.inventory().workloads("bj-1", "shop"), e -> { });
    assertThat(meshes.clusters().find("gz-1")).isEmpty();
    assertThat(recorder.audit).hasSize(10).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED));
  }

  @Test
  @DisplayName("refuses calls without a principal when grants are per principal")
  void noPrincipal() {
    refused("plan", () -> meshes.get("prod").policies().plan(canary("bookinfo")),
        e -> assertThat(e.request().principal()).isEmpty());
  }

  @Test
  @DisplayName("checks a plan again when it is applied, so a revoked grant writes nothing")
  void applyRechecked() {
    java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
    MeshManager revocable = MeshManager.builder().backend(new TestBackendProvider()).connector(clusters).store(store)
        .auditSink(recorder)
        .accessPolicy(r -> !(revoked.get() && r.principal().equals(Optional.of("carol"))))
        .build();
    try {
      Plan plan = revocable.as("carol").get("prod").policies().plan(canary("shop"));
      revoked.set(true);

      refused("apply", plan::apply, e -> {
        assertThat(e.request().namespace()).contains("shop");
        assertThat(e.request().operation()).isEqualTo(MeshOperation.APPLY);
      });
      refused("apply async", plan::applyAsync, e -> { });
      revoked.set(false);
      // refused applies did not use the plan up
      assertThat(plan.apply().successful()).isTrue();
    } finally {
      revocable.close();
    }
  }

  @Test
  @DisplayName("refuses everything when the policy itself fails")
  void brokenPolicy() {
    MeshManager broken = MeshManager.builder().backend(new TestBackendProvider()).connector(clusters).store(store)
        .accessPolicy(r -> {
          throw new IllegalStateException("directory down");
        }).build();
    try {
      refused("plan", () -> broken.as("ops").get("prod").policies().plan(canary("bookinfo")), e -> { });
    } finally {
      broken.close();
    }
  }

  @Test
  @DisplayName("shows a namespace-bound principal only its namespaces in mesh-wide reads")
  void filteredReads() {
    clusters.cluster("bj-1").putOutOfBand(Workloads.namespace("bookinfo", Map.of()));
    clusters.cluster("bj-1").putOutOfBand(Workloads.deployment("bookinfo", "reviews-v1", "reviews"));
    meshes.as("ops").get("prod").policies().plan(canary("shop")).apply();
    alice.get("prod").policies().plan(canary("bookinfo")).apply();

    assertThat(alice.get("prod").inventory().workloads()).extracting(w -> w.ref().namespace()).containsExactly("bookinfo");
    assertThat(alice.get("prod").inventory().namespaces("bj-1")).extracting(n -> n.namespace()).containsExactly("bookinfo");
    assertThat(alice.get("prod").policies().list()).extracting(p -> p.namespace()).containsExactly("bookinfo");
    assertThat(meshes.as("ops").get("prod").policies().list()).hasSize(2);
  }

  @Test
  @DisplayName("refuses a blank principal")
  void blankPrincipal() {
    assertThatThrownBy(() -> meshes.as(" ")).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("principal"));
  }
}
