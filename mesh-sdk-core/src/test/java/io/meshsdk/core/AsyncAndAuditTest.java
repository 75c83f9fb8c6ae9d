package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshsdk.MeshManager;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.AuditClusterOutcome;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.topology.TopologyQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Asynchronous operations and the audit trail")
class AsyncAndAuditTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

  private final GatedConnector connector = new GatedConnector();
  private final RecordingListener recorder = new RecordingListener();
  private final AtomicInteger executed = new AtomicInteger();
  private MeshManager meshes;
  private Mesh dev;

  @BeforeEach
  void setUp() {
    Executor platformPool = task -> {
      executed.incrementAndGet();
      new Thread(task, "platform-pool").start();
    };
    meshes = MeshManager.builder()
        .backend(new TestBackendProvider())
        .connector(connector)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .retries(3, Duration.ZERO)
        .listener(recorder)
        .auditSink(recorder)
        .executor(platformPool)
        .build();
    for (String name : List.of("dev-1", "mcpc-1", "bj-1")) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    dev = meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").build());
    recorder.audit.clear();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Nested
  @DisplayName("Cancelling an asynchronous apply")
  class Cancel {

    @Test
    @DisplayName("finishes the object being written, skips the rest, and reports them")
    void cancelBetweenObjects() throws Exception {
      Plan plan = meshes.as("alice").get("dev").policies().plan(EngineFixture.reviews(90, 10));
      connector.holdNextWrite();

      var future = plan.applyAsync();
      connector.awaitArrival();   // the Backing is being written
      assertThat(future.cancel(true)).isTrue();
      connector.open();

      await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.of(ApplyFinished.class).isEmpty());
      ApplyFinished finished = recorder.of(ApplyFinished.class).get(0);
      assertThat(finished.cancelled()).isTrue();
      assertThat(finished.result().cluster("dev-1").orElseThrow().outcomes())
          .extracting(o -> o.ref().kind(), ObjectOutcome::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Backing", ObjectOutcome.Status.APPLIED),
              org.assertj.core.groups.Tuple.tuple("Front", ObjectOutcome.Status.SKIPPED));
      InMemoryCluster cluster = connector.clusters.cluster("dev-1");
      assertThat(cluster.find("Backing", "bookinfo", "reviews")).isPresent();
      assertThat(cluster.find("Front", "bookinfo", "reviews")).isEmpty();
      assertThat(cluster.writes()).isEqualTo(1);
      assertThat(future.isCancelled()).isTrue();
      assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);

      await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.audit.isEmpty());
      AuditRecord record = recorder.audit.get(0);
      assertThat(record.outcome()).isEqualTo(AuditRecord.Outcome.CANCELLED);
      assertThat(record.principal()).contains("alice");
      assertThat(record.clusters()).containsExactly(AuditClusterOutcome.of("dev-1", 1, 0, 1));
    }
  }

  @Nested
  @DisplayName("Asynchronous variants")
  class Variants {

    @Test
    @DisplayName("run on the executor the platform passed")
    void platformExecutor() {
      ApplyResult result = dev.policies().plan(EngineFixture.reviews(90, 10)).applyAsync().join();
      assertThat(result.successful()).isTrue();

      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      MeshSpec joined = prod.joinAsync("bj-1").join();
      assertThat(joined.members()).containsExactly("bj-1");

      assertThat(executed.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("fail their future with the exception the synchronous call throws")
    void failures() {
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      assertThatThrownBy(() -> prod.joinAsync("nowhere").join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(io.meshsdk.MeshNotFoundException.class);
      // the test backend reads no telemetry
      assertThatThrownBy(() -> prod.topology().readAsync(TopologyQuery.lastMinutes(5)).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(UnsupportedCapabilityException.class);
    }
  }

  @Nested
  @DisplayName("Audit records")
  class Audit {

    @Test
    @DisplayName("name who applied which plan, with per-cluster counts and the manager's clock")
    void apply() {
      Plan plan = meshes.as("alice").get("dev").policies().plan(EngineFixture.reviews(90, 10));
      plan.apply();

      assertThat(recorder.audit).hasSize(1);
      AuditRecord record = recorder.audit.get(0);
      assertThat(record.principal()).contains("alice");
      assertThat(record.operation()).isEqualTo(MeshOperation.APPLY);
      assertThat(record.mesh()).contains("dev");
      assertThat(record.planHash()).contains(plan.hash());
      assertThat(record.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
      assertThat(record.clusters()).containsExactly(AuditClusterOutcome.of("dev-1", 2, 0, 0));
      assertThat(record.startedAt()).isEqualTo(NOW);
      assertThat(record.finishedAt()).isEqualTo(NOW);
    }

    @Test
    @DisplayName("record failures, deletions and reconciliations under their own operation")
    void operations() {
      dev.policies().plan(EngineFixture.reviews(90, 10)).apply();
      connector.clusters.cluster("dev-1").failNextWrites(1, io.meshsdk.ErrorCode.BACKEND_ERROR);
      dev.policies().plan(EngineFixture.reviews(80, 20)).apply();
      dev.policies().reconcile();
      dev.policies().delete(PolicyRef.of(TrafficPolicy.KIND, "bookinfo", "reviews"));

      assertThat(recorder.audit).extracting(AuditRecord::operation, AuditRecord::outcome).containsExactly(
          org.assertj.core.groups.Tuple.tuple(MeshOperation.APPLY, AuditRecord.Outcome.SUCCEEDED),
          org.assertj.core.groups.Tuple.tuple(MeshOperation.APPLY, AuditRecord.Outcome.FAILED),
          org.assertj.core.groups.Tuple.tuple(MeshOperation.RECONCILE, AuditRecord.Outcome.SUCCEEDED),
          org.assertj.core.groups.Tuple.tuple(MeshOperation.DELETE, AuditRecord.Outcome.SUCCEEDED));
      // the Backing is unchanged, the Front's update fails
      assertThat(recorder.audit.get(1).clusters()).containsExactly(AuditClusterOutcome.of("dev-1", 1, 1, 0));
      assertThat(recorder.audit.get(0).principal()).isEmpty();
    }

    @Test
    @DisplayName("record membership changes and rotations, failed ones too")
    void membership() {
      Mesh prod = meshes.as("ops").create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      recorder.audit.clear();

      prod.join("bj-1");
      assertThatThrownBy(() -> prod.rotateCredentials("bj-1")).isInstanceOf(UnsupportedCapabilityException.class);
      prod.leave("bj-1");

      assertThat(recorder.audit)
          .extracting(AuditRecord::operation, AuditRecord::outcome, r -> r.target().orElse(""), r -> r.principal().orElse(""))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(MeshOperation.JOIN, AuditRecord.Outcome.SUCCEEDED, "cluster bj-1", "ops"),
              org.assertj.core.groups.Tuple.tuple(MeshOperation.ROTATE_CREDENTIALS, AuditRecord.Outcome.FAILED, "cluster bj-1", "ops"),
              org.assertj.core.groups.Tuple.tuple(MeshOperation.LEAVE, AuditRecord.Outcome.SUCCEEDED, "cluster bj-1", "ops"));
      assertThat(recorder.audit.get(1).error().orElseThrow()).contains("no credentials");
    }

    @Test
    @DisplayName("still returns the result when the sink throws")
    void throwingSink() {
      MeshManager failing = MeshManager.builder().backend(new TestBackendProvider())
          .auditSink(r -> {
            throw new IllegalStateException("trail down");
          }).build();
      try {
        failing.clusters().register(ClusterSpec.builder().name("x-1").build());
        Mesh x = failing.create(MeshSpec.dedicated("x").cluster("x-1").build());
        assertThat(x.policies().plan(EngineFixture.reviews(90, 10)).apply().successful()).isTrue();
      } finally {
        failing.close();
      }
    }
  }

  @Nested
  @DisplayName("Plan hashes")
  class Hashes {

    @Test
    @DisplayName("are equal for plans that write the same, and differ otherwise")
    void stable() {
      String first = dev.policies().plan(EngineFixture.reviews(90, 10)).hash();
      String again = dev.policies().plan(EngineFixture.reviews(90, 10)).hash();
      String other = dev.policies().plan(EngineFixture.reviews(80, 20)).hash();

      assertThat(first).hasSize(16).isEqualTo(again).isNotEqualTo(other);
    }
  }
}
