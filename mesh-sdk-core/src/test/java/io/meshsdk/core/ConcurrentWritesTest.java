package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Writing the objects of one cluster concurrently")
class ConcurrentWritesTest {
  private static final String CLUSTER = "dev-1";

  private final HeldWrites connector = new HeldWrites();
  private final RecordingListener recorder = new RecordingListener();
  private MeshManager meshes;

  @AfterEach
  void tearDown() {
    connector.openAll();
    if (meshes != null) {
      meshes.close();
    }
  }

  private Mesh mesh(int writesPerCluster) {
    meshes = MeshManager.builder()
        .backend(new TestBackendProvider())
        .connector(connector)
        .writesPerCluster(writesPerCluster)
        .retries(2, Duration.ZERO)
        .listener(recorder)
        .build();
    meshes.clusters().register(ClusterSpec.builder().name(CLUSTER).build());
    return meshes.create(MeshSpec.dedicated("dev").cluster(CLUSTER).build());
  }

  private static List<TrafficPolicy> services(int count) {
    return IntStream.range(0, count).mapToObj(i -> PolicyBuilder.forService("svc-" + i).inNamespace("shop")
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1")).build()).collect(Collectors.toList());
  }

  @Test
  @DisplayName("has as many writes in flight as the bound allows, and never more")
  void boundIsReachedAndNeverExceeded() {
    Mesh dev = mesh(3);
    Plan plan = dev.policies().plan(services(7));
    connector.hold(kind -> true);

    CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(plan::apply);
    await().atMost(Duration.ofSeconds(30)).until(() -> connector.inFlight.get() == 3);
    assertThat(connector.started).as("writes started while three are held").hasSize(3);
    connector.openAll();
    ApplyResult result = applying.join();

    assertThat(result.successful()).as(result.toString()).isTrue();
    assertThat(connector.maxInFlight.get()).as("most writes in flight at once").isEqualTo(3);
    assertThat(connector.started).hasSize(14);
    assertThat(connector.clusters.cluster(CLUSTER).objects()).hasSize(14);
  }

  @Test
  @DisplayName("starts no write of the second kind before every write of the first has finished")
  void kindsStayInOrder() {
    Mesh dev = mesh(8);
    Plan plan = dev.policies().plan(services(3));
    connector.hold(kind -> kind.equals("Backing"));

    CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(plan::apply);
    await().atMost(Duration.ofSeconds(30)).until(() -> connector.inFlight.get() == 3);
    assertThat(connector.started).as("while the three Backings are held").containsOnly("Backing");
    connector.openAll();
    ApplyResult result = applying.join();

    assertThat(result.successful()).as(result.toString()).isTrue();
    List<String> log = List.copyOf(connector.log);
    int lastBackingFinished = log.lastIndexOf("finished Backing");
    int firstFrontStarted = log.indexOf("started Front");
    assertThat(firstFrontStarted).as("the first Front starts after the last Backing finished: %s", log)
        .isGreaterThan(lastBackingFinished);
    assertThat(log).filteredOn("started Front"::equals).hasSize(3);
  }

  @Test
  @DisplayName("deletes the second kind before the first, each kind concurrently")
  void deletionsInReverseOrder() {
    Mesh dev = mesh(8);
    dev.policies().apply(services(3).toArray(TrafficPolicy[]::new));
    Plan removal = dev.policies().planDeletion(services(3).stream()
        .map(p -> PolicyRef.traffic("shop", p.name())).collect(Collectors.toList()));
    connector.log.clear();
    connector.hold(kind -> kind.equals("Front"));

    CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(removal::apply);
    await().atMost(Duration.ofSeconds(30)).until(() -> connector.inFlight.get() == 3);
    connector.openAll();
    ApplyResult result = applying.join();

    assertThat(result.successful()).as(result.toString()).isTrue();
    List<String> log = List.copyOf(connector.log);
    assertThat(log.indexOf("started deleting Backing")).as("%s", log)
        .isGreaterThan(log.lastIndexOf("finished deleting Front"));
    assertThat(connector.clusters.cluster(CLUSTER).objects()).isEmpty();
  }

  @Test
  @DisplayName("keeps the outcome of every object when one of those in flight fails")
  void failureKeepsOtherOutcomes() {
    Mesh dev = mesh(3);
    Plan plan = dev.policies().plan(services(3));
    connector.failing.add("svc-1");
    connector.hold(kind -> true);

    CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(plan::apply);
    await().atMost(Duration.ofSeconds(30)).until(() -> connector.inFlight.get() == 3);
    connector.openAll();
    ApplyResult result = applying.join();

    assertThat(result.successful()).isFalse();
    assertThat(result.cluster(CLUSTER).orElseThrow().outcomes())
        .extracting(o -> o.ref().kind() + " " + o.ref().name(), ObjectOutcome::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Backing svc-0", ObjectOutcome.Status.APPLIED),
            org.assertj.core.groups.Tuple.tuple("Backing svc-1", ObjectOutcome.Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("Backing svc-2", ObjectOutcome.Status.APPLIED),
            org.assertj.core.groups.Tuple.tuple("Front svc-0", ObjectOutcome.Status.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("Front svc-1", ObjectOutcome.Status.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("Front svc-2", ObjectOutcome.Status.SKIPPED));
    assertThat(result.cluster(CLUSTER).orElseThrow().outcomes().get(1).errorCode()).contains(ErrorCode.INVALID_INPUT);
    InMemoryCluster cluster = connector.clusters.cluster(CLUSTER);
    assertThat(cluster.find("Backing", "shop", "svc-0")).isPresent();
    assertThat(cluster.find("Backing", "shop", "svc-2")).isPresent();
    assertThat(cluster.objects()).extracting(MeshResource::kind).containsOnly("Backing");
    assertThat(recorder.of(ObjectApplied.class)).as("one event per object")
        .extracting(e -> e.outcome().ref().kind() + " " + e.outcome().ref().name())
        .containsExactlyInAnyOrder("Backing svc-0", "Backing svc-1", "Backing svc-2",
            "Front svc-0", "Front svc-1", "Front svc-2");
  }

  /**
   * In-memory clusters that log when each write starts and finishes, count the writes in flight,
   * hold the writes of chosen kinds until the test opens the gate, and refuse objects by name.
   */
  static final class HeldWrites implements ClusterConnector {
    final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Predicate<String> held = kind -> false;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    void hold(java.util.function.Predicate<String> kinds) {
      gate = new CountDownLatch(1);
      held = kinds;
    }

    void openAll() {
      gate.countDown();
    }

    @Override
    public String id() {
      return "held";
    }

    @Override
    public ClusterConnection connect(ClusterSpec cluster) {
      return new ForwardingConnection(clusters.connect(cluster)) {
        @Override
        public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
          return write(type.kind(), "", resource.name(), () -> delegate.apply(type, resource, options));
        }

        @Override
        public boolean delete(ResourceType type, String namespace, String name, Optional<String> version) {
          return write(type.kind(), "deleting ", name, () -> delegate.delete(type, namespace, name, version));
        }
      };
    }

    private <T> T write(String kind, String verb, String name, java.util.function.Supplier<T> call) {
      log.add("started " + verb + kind);
      started.add(kind);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (held.test(kind) && !gate.await(30, TimeUnit.SECONDS)) {
          throw new MeshException(ErrorCode.TIMEOUT, "the test never opened the gate");
        }
        if (failing.contains(name)) {
          throw new MeshException(ErrorCode.INVALID_INPUT, kind + " " + name + " is refused");
        }
        return call.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.INTERRUPTED, "interrupted at the gate", e);
      } finally {
        inFlight.decrementAndGet();
        log.add("finished " + verb + kind);
      }
    }
  }
}
