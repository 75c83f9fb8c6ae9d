package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.ApplyStarted;
import io.meshsdk.event.ClusterApplied;
import io.meshsdk.event.ClusterHealthChanged;
import io.meshsdk.event.DriftFound;
import io.meshsdk.event.MembershipChanged;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.event.PlanComputed;
import io.meshsdk.event.WriteRetried;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.resource.MeshResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Listeners")
class ListenersTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

  private final GatedConnector connector = new GatedConnector();
  private final RecordingListener recorder = new RecordingListener();
  private final List<String> brokenCalls = new CopyOnWriteArrayList<>();
  private MeshManager meshes;
  private Mesh legacy;

  @BeforeEach
  void setUp() {
    MeshListener broken = new MeshListener() {
      @Override
      public void objectApplied(ObjectApplied event) {
        brokenCalls.add(event.outcome().ref().name());
        throw new IllegalStateException("a listener bug");
      }

      @Override
      public void planComputed(PlanComputed event) {
        throw new IllegalStateException("another listener bug");
      }
    };
    meshes = MeshManager.builder()
        .backend(new TestBackendProvider())
        .connector(connector)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .retries(3, Duration.ZERO)
        .listener(broken)
        .listener(recorder)
        .build();
    for (String name : List.of("old-1", "old-2", "mcpc-1", "bj-1")) {
      meshes.clusters().register(ClusterSpec.builder().name(name).build());
    }
    legacy = meshes.create(MeshSpec.external("legacy").addPrimary("old-1").addPrimary("old-2").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("hear a plan computed, then the apply per cluster and object, with the manager's clock")
  void applyProgress() {
    Plan plan = legacy.policies().plan(EngineFixture.reviews(90, 10));

    PlanComputed computed = recorder.of(PlanComputed.class).get(0);
    assertThat(computed.mesh()).isEqualTo("legacy");
    assertThat(computed.operation()).isEqualTo(MeshOperation.APPLY);
    assertThat(computed.planHash()).isEqualTo(plan.hash());
    assertThat(computed.clusters()).containsExactly("old-1", "old-2");
    assertThat(computed.actions()).isEqualTo(Map.of(ChangeAction.CREATE, 4));
    assertThat(computed.at()).isEqualTo(NOW);

    ApplyResult result = plan.apply();

    assertThat(result.successful()).isTrue();
    ApplyStarted started = recorder.of(ApplyStarted.class).get(0);
    assertThat(started.writes()).isEqualTo(4);
    assertThat(started.planHash()).isEqualTo(plan.hash());
    List<ObjectApplied> objects = recorder.of(ObjectApplied.class);
    assertThat(objects).hasSize(4).allSatisfy(o -> {
      assertThat(o.outcome().status()).isEqualTo(ObjectOutcome.Status.APPLIED);
      assertThat(o.outcome().attempts()).isEqualTo(1);
      assertThat(o.at()).isEqualTo(NOW);
    });
    assertThat(objects.stream().filter(o -> o.cluster().equals("old-1")).map(o -> o.outcome().ref().kind()))
        .containsExactly("Backing", "Front");
    assertThat(recorder.of(ClusterApplied.class)).extracting(c -> c.result().cluster())
        .containsExactlyInAnyOrder("old-1", "old-2");
    ApplyFinished finished = recorder.of(ApplyFinished.class).get(0);
    assertThat(finished.result()).isEqualTo(result);
    assertThat(finished.cancelled()).isFalse();
    assertThat(finished.duration()).isEqualTo(Duration.ZERO);
    // the last event of an apply is its end
    assertThat(recorder.events.get(recorder.events.size() - 1)).isEqualTo(finished);
  }

  @Test
  @DisplayName("hear how long computing a plan took, by the manager's clock")
  void planDuration() {
    Clock stepping = new Clock() {
      private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

      @Override
      public Instant instant() {
        return NOW.plusMillis(reads.getAndIncrement());
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    RecordingListener timed = new RecordingListener();
    try (MeshManager stepped = MeshManager.builder().backend(new TestBackendProvider()).connector(connector)
        .clock(stepping).listener(timed).build()) {
      stepped.clusters().register(ClusterSpec.builder().name("dev-1").build());
      Mesh dev = stepped.create(MeshSpec.dedicated("dev").cluster("dev-1").build());

      dev.policies().plan(EngineFixture.reviews(90, 10));

      PlanComputed computed = timed.of(PlanComputed.class).get(0);
      assertThat(computed.duration()).isPositive();
    }
  }

  @Test
  @DisplayName("never let a throwing listener break the operation or silence the others")
  void throwingListener() {
    ApplyResult result = legacy.policies().plan(EngineFixture.reviews(90, 10)).apply();

    assertThat(result.successful()).isTrue();
    assertThat(brokenCalls).hasSize(4);
    assertThat(recorder.of(ObjectApplied.class)).hasSize(4);
    assertThat(recorder.of(PlanComputed.class)).hasSize(1);
  }

  @Test
  @DisplayName("hear each retried write with its attempt and error, and the attempts of the object")
  void retries() {
    Mesh dev = meshes.create(MeshSpec.dedicated("dev").cluster("bj-1").build());
    connector.clusters.cluster("bj-1").failNextWrites(1, ErrorCode.RATE_LIMITED);

    dev.policies().plan(EngineFixture.reviews(90, 10)).apply();

    WriteRetried retried = recorder.of(WriteRetried.class).get(0);
    assertThat(retried.cluster()).isEqualTo("bj-1");
    assertThat(retried.attempt()).isEqualTo(1);
    assertThat(retried.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(retried.ref().kind()).isEqualTo("Backing");
    assertThat(recorder.of(ObjectApplied.class).get(0).outcome().attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("hear clusters join and leave")
  void membership() {
    Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

    prod.join("bj-1");
    prod.leave("bj-1");

    assertThat(recorder.of(MembershipChanged.class))
        .extracting(MembershipChanged::mesh, MembershipChanged::cluster, MembershipChanged::change)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("prod", "bj-1", MembershipChanged.Change.JOINED),
            org.assertj.core.groups.Tuple.tuple("prod", "bj-1", MembershipChanged.Change.LEFT));
  }

  @Test
  @DisplayName("hear the members a hosted mesh is created with, and nothing for a creation that fails")
  void membersAtCreation() {
    meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build());
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        meshes.create(MeshSpec.hosted("stage").controlPlane("old-1").addMember("bj-1").build()))
        .isInstanceOf(io.meshsdk.MeshException.class);

    assertThat(recorder.of(MembershipChanged.class))
        .extracting(MembershipChanged::mesh, MembershipChanged::cluster, MembershipChanged::change)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", "bj-1", MembershipChanged.Change.JOINED));
  }

  @Test
  @DisplayName("hear a cluster's health only when its status differs from the previous read")
  void health() {
    meshes.clusters().health("old-1");
    meshes.clusters().health("old-1");
    connector.unreachable.set(true);
    meshes.clusters().health("old-1");
    meshes.clusters().health("old-1");
    connector.unreachable.set(false);
    meshes.clusters().health("old-1");

    assertThat(recorder.of(ClusterHealthChanged.class))
        .extracting(e -> e.previous().orElse(null), e -> e.health().status())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, ClusterHealth.Status.REACHABLE),
            org.assertj.core.groups.Tuple.tuple(ClusterHealth.Status.REACHABLE, ClusterHealth.Status.UNREACHABLE),
            org.assertj.core.groups.Tuple.tuple(ClusterHealth.Status.UNREACHABLE, ClusterHealth.Status.REACHABLE));
  }

  @Test
  @DisplayName("hear drift only when a check finds some")
  void drift() {
    legacy.policies().plan(EngineFixture.reviews(90, 10)).apply();
    legacy.policies().drift();
    assertThat(recorder.of(DriftFound.class)).isEmpty();

    InMemoryCluster old1 = connector.clusters.cluster("old-1");
    MeshResource front = old1.find("Front", "bookinfo", "reviews").orElseThrow();
    ObjectNode edited = front.content();
    ((ObjectNode) edited.get("spec")).put("host", "ratings");
    old1.putOutOfBand(MeshResource.of(edited));

    legacy.policies().drift();

    DriftFound found = recorder.of(DriftFound.class).get(0);
    assertThat(found.mesh()).isEqualTo("legacy");
    assertThat(found.report().cluster("old-1").orElseThrow().objects()).isNotEmpty();
    assertThat(found.report().cluster("old-2").map(c -> c.objects().isEmpty()).orElse(true)).isTrue();
  }

  @Test
  @DisplayName("hear an asynchronous apply end with every object handled")
  void async() {
    var future = legacy.policies().plan(EngineFixture.reviews(90, 10)).applyAsync();

    await().atMost(Duration.ofSeconds(30)).until(future::isDone);
    assertThat(future.join().successful()).isTrue();
    assertThat(recorder.of(ApplyFinished.class)).extracting(ApplyFinished::result).containsExactly(future.join());
    assertThat(Optional.of(recorder.of(ObjectApplied.class).size())).contains(4);
  }
}
