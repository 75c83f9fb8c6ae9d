package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.istio.InterceptedConnector;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.Policy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.trust.TrustRoot;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two platform replicas, each a MeshManager with the Istio backend, sharing one store and one set
 * of in-memory clusters. Each test holds one replica's store call at a gate until the other
 * replica has finished, or is waiting for the first, so the interleaving is chosen, not hoped for.
 */
abstract class ReplicaRaceTest {
  private static final long TIMEOUT_SECONDS = 60;

  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private GatedStore storeA;
  private GatedStore storeB;
  private MeshManager a;
  private MeshManager b;

  /**
   * A new replica's store on the state every replica of the test shares.
   *
   * @return the store
   */
  protected abstract MeshStore replica();

  @BeforeEach
  void replicas() {
    storeA = new GatedStore(replica());
    storeB = new GatedStore(replica());
    a = MeshManager.builder().connector(clusters).store(storeA).build();
    b = MeshManager.builder().connector(clusters).store(storeB).build();
    a.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").build());
    a.clusters().register(ClusterSpec.builder().name("mcpc-2").network("net-hub").build());
    a.clusters().register(ClusterSpec.builder().name("mcpc-3").network("net-hub").build());
    a.clusters().register(ClusterSpec.builder().name("bj-1").network("net-bj").build());
    a.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh").build());
    a.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    a.create(MeshSpec.hosted("dev").controlPlane("mcpc-2").build());
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    a.close();
    b.close();
  }

  @ParameterizedTest(name = "{0} first, then {1}")
  @CsvSource({"prod, dev", "dev, prod"})
  @DisplayName("two replicas joining one cluster to two meshes: the first to arrive wins, the other is refused and wires nothing")
  void joinVersusJoin(String first, String second) throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", first);
    Future<Object> winner = async(() -> a.get(first).join("bj-1"));
    held.awaitReached();

    Object loser = outcome(async(() -> b.get(second).join("bj-1")));
    held.release();

    assertThat(outcome(winner)).isInstanceOf(MeshSpec.class);
    assertThat(loser).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.getMessage()).contains("bj-1", "mesh " + first));
    assertThat(owners("bj-1")).containsExactly(first);
    assertThat(objectsOfMesh(clusters.cluster("bj-1"), second)).isEmpty();
    String secondControlPlane = b.get(second).spec().controlPlane().orElseThrow();
    assertThat(clusters.cluster(secondControlPlane).find("Secret", "istio-system", "istio-remote-secret-bj-1")).isEmpty();
    assertWired("prod".equals(first) ? "mcpc-1" : "mcpc-2", first, "bj-1");
  }

  @Test
  @DisplayName("two replicas creating the mesh's root of trust: one root is recorded, the other is refused and its key removed")
  void rootVersusRoot() throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", "prod");
    Future<Object> first = async(() -> a.get("prod").trust().createRoot());
    held.awaitReached();

    Object second = outcome(async(() -> b.get("prod").trust().createRoot()));
    held.release();

    assertThat(second).isInstanceOf(TrustRoot.class);
    TrustRoot recorded = (TrustRoot) second;
    assertThat(outcome(first)).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(a.get("prod").spec().trustRoot()).contains(recorded.reference());
    assertThat(a.get("prod").trust().root()).contains(recorded);
    assertThat(storeA.secret(recorded.reference())).as("the recorded root's key").isPresent();
    assertThat(storeA.deletedSecrets).as("the refused replica removed only its own key")
        .singleElement().isNotEqualTo(recorded.reference());
    assertThat(storeA.secret(storeA.deletedSecrets.get(0))).isEmpty();
  }

  @Test
  @DisplayName("a root of trust recorded while the mesh is being deleted: the deletion is refused, and a second one removes the key")
  void rootDuringDeletion() throws Exception {
    GatedStore.Gate held = storeA.hold("deleteMesh", "prod");
    Future<Object> deletion = async(() -> {
      a.delete("prod");
      return "deleted";
    });
    held.awaitReached();

    Object root = outcome(async(() -> b.get("prod").trust().createRoot()));
    held.release();

    assertThat(root).isInstanceOf(TrustRoot.class);
    String reference = ((TrustRoot) root).reference();
    assertThat(outcome(deletion)).isInstanceOf(MeshConflictException.class);
    assertThat(a.get("prod").spec().trustRoot()).as("the record that names the key stays").contains(reference);
    assertThat(storeA.secret(reference)).isPresent();

    a.delete("prod");
    assertThat(a.find("prod")).isEmpty();
    assertThat(storeA.secret(reference)).as("the key goes with the record that named it").isEmpty();
  }

  @Test
  @DisplayName("a mesh deleted while its root of trust is being created: the creation is refused and leaves no key")
  void deletionDuringRoot() throws Exception {
    GatedStore.Gate held = storeB.hold("updateMesh", "prod");
    Future<Object> root = async(() -> b.get("prod").trust().createRoot());
    held.awaitReached();

    assertThat(outcome(async(() -> {
      a.delete("prod");
      return "deleted";
    }))).isEqualTo("deleted");
    held.release();

    assertThat(outcome(root)).isInstanceOf(io.meshsdk.MeshException.class);
    assertThat(a.find("prod")).isEmpty();
    assertThat(storeB.putSecrets).singleElement().satisfies(location -> {
      assertThat(storeB.deletedSecrets).containsExactly(location);
      assertThat(storeB.secret(location)).as("no key is left without a record naming it").isEmpty();
    });
  }

  private static GatewaySpec ingress() {
    return GatewaySpec.builder().name("istio-ingressgateway").cluster("mcpc-1").kind(GatewayKind.INGRESS).build();
  }

  private void istioSystem() {
    clusters.cluster("mcpc-1").putOutOfBand(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null,
        "istio-system")));
  }

  @Test
  @DisplayName("a gateway applied while its mesh is being deleted is refused before it writes anything")
  void gatewayDuringDeletion() throws Exception {
    istioSystem();
    GatedStore.Gate held = storeA.hold("deleteMesh", "prod");
    Future<Object> deletion = async(() -> {
      a.delete("prod");
      return "deleted";
    });
    held.awaitReached();
    long writes = clusters.writes();

    Object applied = outcome(async(() -> b.get("prod").gateways().plan(ingress()).apply(ApplyMode.STANDARD,
        Preflight.SKIP)));
    assertThat(clusters.writes()).isEqualTo(writes);
    held.release();

    assertThat(applied).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.messageCode()).isEqualTo("mesh.being-deleted"));
    assertThat(outcome(deletion)).isEqualTo("deleted");
    assertThat(a.find("prod")).isEmpty();
    assertThat(objectsOfMesh(clusters.cluster("mcpc-1"), "prod")).isEmpty();
  }

  @Test
  @DisplayName("a gateway whose writes land while its mesh is being deleted is taken back by its apply")
  void gatewayWrittenDuringDeletion() throws Exception {
    istioSystem();
    GatedStore.Gate held = storeA.hold("deleteMesh", "prod");
    List<Future<Object>> deletion = new CopyOnWriteArrayList<>();
    // the apply has found the mesh there; its first write waits until the deletion has claimed the
    // mesh, counted its policies and removed what it runs, and is about to remove the record
    ClusterConnector hooked = aroundFirstWrite(() -> {
      deletion.add(async(() -> {
        a.delete("prod");
        return "deleted";
      }));
      held.awaitReached();
    }, () -> { });
    try (MeshManager c = MeshManager.builder().connector(hooked).store(new GatedStore(replica())).build()) {
      Object applied = outcome(async(() -> c.get("prod").gateways().plan(ingress()).apply(ApplyMode.STANDARD,
          Preflight.SKIP)));
      held.release();

      assertThat(applied).isInstanceOfSatisfying(MeshNotFoundException.class,
          e -> assertThat(e.messageCode()).isEqualTo("mesh.deleted-during-apply"));
    }
    assertThat(outcome(deletion.get(0))).isEqualTo("deleted");
    assertThat(a.find("prod")).isEmpty();
    assertThat(objectsOfMesh(clusters.cluster("mcpc-1"), "prod")).isEmpty();
  }

  @Test
  @DisplayName("a plan made before its mesh was deleted, applied after, writes nothing")
  void planAfterDeletion() throws Exception {
    istioSystem();
    Plan gateway = b.get("prod").gateways().plan(ingress());
    a.delete("prod");
    long writes = clusters.writes();

    assertThat(outcome(async(() -> gateway.apply(ApplyMode.STANDARD, Preflight.SKIP))))
        .isInstanceOf(MeshNotFoundException.class);
    assertThat(clusters.writes()).isEqualTo(writes);
    assertThat(objectsOfMesh(clusters.cluster("mcpc-1"), "prod")).isEmpty();
  }

  @Test
  @DisplayName("an apply the mesh's deletion overtakes takes back what it created after the deletion's sweeps")
  void deletionDuringApply() throws Exception {
    istioSystem();
    CountDownLatch deleted = new CountDownLatch(1);
    try (MeshManager c = MeshManager.builder().connector(clusters).store(new GatedStore(replica()))
        .listener(new MeshListener() {
          @Override
          public void objectApplied(ObjectApplied event) {
            if (deleted.getCount() > 0) {
              // the first object is written: the mesh is deleted, all of it, before the apply goes on
              try {
                outcome(async(() -> {
                  a.delete("prod");
                  return "deleted";
                }));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              deleted.countDown();
            }
          }
        }).build()) {
      Object applied = outcome(async(() -> c.get("prod").gateways().plan(ingress()).apply(ApplyMode.STANDARD,
          Preflight.SKIP)));

      assertThat(deleted.getCount()).isZero();
      assertThat(applied).isInstanceOfSatisfying(MeshNotFoundException.class,
          e -> assertThat(e.messageCode()).isEqualTo("mesh.deleted-during-apply"));
    }
    assertThat(a.find("prod")).isEmpty();
    assertThat(objectsOfMesh(clusters.cluster("mcpc-1"), "prod")).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "false | when the mesh is gone before the adopting write",
      "true  | when the adopting write lands during the deletion, before its last sweep"})
  @DisplayName("an adoption the mesh's deletion overtakes gives the object back as it found it")
  void deletionDuringAdoption(boolean writeWithinDeletion, String interleaving) throws Exception {
    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    mcpc.putOutOfBand(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "bookinfo")));
    ObjectNode route = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", "bookinfo", "reviews");
    route.withObjectProperty("metadata").putObject("labels").put("team", "reviews");
    ObjectNode spec = route.putObject("spec");
    spec.putArray("hosts").add("reviews.bookinfo.svc.cluster.local");
    spec.putArray("http").addObject().putArray("route").addObject().putObject("destination")
        .put("host", "reviews.bookinfo.svc.cluster.local");
    MeshResource legacy = mcpc.putOutOfBand(MeshResource.of(route));
    // the apply has found the mesh there and is about to adopt; the deletion either runs to its end
    // first, or has counted the mesh's policies (none) when the write lands and ends after it
    GatedStore.Gate held = writeWithinDeletion ? storeA.hold("deleteMesh", "prod") : null;
    List<Future<Object>> deletion = new CopyOnWriteArrayList<>();
    ClusterConnector hooked = aroundFirstWrite(() -> {
      deletion.add(async(() -> {
        a.delete("prod");
        return "deleted";
      }));
      if (held == null) {
        assertThat(outcome(deletion.get(0))).isEqualTo("deleted");
      } else {
        held.awaitReached();
      }
    }, () -> {
      if (held != null) {
        held.release();
        assertThat(outcome(deletion.get(0))).isEqualTo("deleted");
      }
    });
    try (MeshManager c = MeshManager.builder().connector(hooked).store(new GatedStore(replica())).build()) {
      Mesh prod = c.get("prod");
      List<Policy> found = prod.policies().discover().stream().map(DiscoveredPolicy::policy)
          .collect(Collectors.toList());
      Plan adoption = prod.policies().adopt(found);
      assertThat(adoption.changes()).extracting(ResourceChange::action).containsExactly(ChangeAction.ADOPT);

      Object applied = outcome(async(() -> adoption.apply(ApplyMode.STANDARD, Preflight.SKIP)));

      assertThat(deletion).hasSize(1);
      assertThat(applied).isInstanceOfSatisfying(MeshNotFoundException.class, e -> {
        assertThat(e.messageCode()).isEqualTo("mesh.deleted-during-apply");
        assertThat(e.getMessage()).contains("1 of the 1 it adopted were given back");
      });
    }
    assertThat(a.find("prod")).isEmpty();
    assertThat(objectsOfMesh(mcpc, "prod")).isEmpty();
    MeshResource after = mcpc.find("VirtualService", "bookinfo", "reviews").orElseThrow();
    assertThat(after.labels()).isEqualTo(legacy.labels());
    assertThat(after.annotations()).isEqualTo(legacy.annotations());
    assertThat(after.content().get("spec")).isEqualTo(legacy.content().get("spec"));
  }

  @Test
  @DisplayName("a join that arrives first wins over a mesh created with the same member, and the failed creation leaves nothing")
  void joinBeforeCreate() throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", "prod");
    Future<Object> join = async(() -> a.get("prod").join("bj-1"));
    held.awaitReached();

    Object create = outcome(async(() -> b.create(MeshSpec.hosted("stage").controlPlane("mcpc-3").addMember("bj-1").build())));
    held.release();

    assertThat(outcome(join)).isInstanceOf(MeshSpec.class);
    assertThat(create).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.getMessage()).contains("bj-1", "mesh prod"));
    assertThat(b.find("stage")).isEmpty();
    assertThat(owners("bj-1")).containsExactly("prod");
    assertWired("mcpc-1", "prod", "bj-1");
    // the failed creation let go of its control plane too
    assertThat(b.create(MeshSpec.hosted("stage").controlPlane("mcpc-3").build()).spec().controlPlane()).contains("mcpc-3");
  }

  @Test
  @DisplayName("a mesh created with a member wins over a join that arrives while it is being created")
  void createBeforeJoin() throws Exception {
    GatedStore.Gate held = storeB.hold("createMesh", "stage");
    Future<Object> create = async(() -> b.create(MeshSpec.hosted("stage").controlPlane("mcpc-3").addMember("bj-1").build()));
    held.awaitReached();

    Object join = outcome(async(() -> a.get("prod").join("bj-1")));
    held.release();

    assertThat(outcome(create)).isNotInstanceOf(Throwable.class);
    assertThat(join).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.getMessage()).contains("bj-1", "mesh stage"));
    assertThat(owners("bj-1")).containsExactly("stage");
    assertThat(a.get("stage").spec().members()).containsExactly("bj-1");
    assertThat(objectsOfMesh(clusters.cluster("bj-1"), "prod")).isEmpty();
    assertWired("mcpc-3", "stage", "bj-1");
  }

  @Test
  @DisplayName("removing a cluster from the registry while it joins a mesh is refused, and the cluster stays registered")
  void joinBeforeUnregister() throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", "prod");
    Future<Object> join = async(() -> a.get("prod").join("bj-1"));
    held.awaitReached();

    Object unregister = outcome(async(() -> {
      b.clusters().unregister("bj-1");
      return "unregistered";
    }));
    held.release();

    assertThat(outcome(join)).isInstanceOf(MeshSpec.class);
    assertThat(unregister).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.getMessage()).contains("bj-1", "mesh prod"));
    assertThat(b.clusters().find("bj-1")).isPresent();
    assertThat(owners("bj-1")).containsExactly("prod");
    assertWired("mcpc-1", "prod", "bj-1");
  }

  @Test
  @DisplayName("a join that arrives while its cluster is being removed from the registry is refused and wires nothing")
  void unregisterBeforeJoin() throws Exception {
    GatedStore.Gate held = storeB.hold("deleteCluster", "bj-1");
    Future<Object> unregister = async(() -> {
      b.clusters().unregister("bj-1");
      return "unregistered";
    });
    held.awaitReached();

    Object join = outcome(async(() -> a.get("prod").join("bj-1")));
    held.release();

    assertThat(outcome(unregister)).isEqualTo("unregistered");
    assertThat(join).isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.getMessage()).contains("bj-1"));
    assertThat(a.clusters().find("bj-1")).isEmpty();
    assertThat(owners("bj-1")).isEmpty();
    assertThat(clusters.cluster("bj-1").objects()).isEmpty();
    assertThat(clusters.cluster("mcpc-1").find("Secret", "istio-system", "istio-remote-secret-bj-1")).isEmpty();
  }

  @Test
  @DisplayName("two replicas joining one cluster to one mesh: the one refused removes nothing the member needs")
  void sameJoinTwice() throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", "prod");
    Future<Object> first = async(() -> a.get("prod").join("bj-1"));
    held.awaitReached();

    CountDownLatch progressed = new CountDownLatch(1);
    storeB.signal("claim", "mesh/prod", progressed);
    Future<Object> second = async(() -> {
      try {
        return b.get("prod").join("bj-1");
      } finally {
        progressed.countDown();
      }
    });
    await(progressed);
    held.release();

    List<Object> outcomes = List.of(outcome(first), outcome(second));
    assertThat(outcomes).filteredOn(MeshSpec.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(MeshConflictException.class::isInstance).hasSize(1)
        .allSatisfy(e -> assertThat(((MeshConflictException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(a.get("prod").spec().members()).containsExactly("bj-1");
    assertWired("mcpc-1", "prod", "bj-1");
  }

  @Test
  @DisplayName("two replicas joining two clusters to one mesh both succeed, and the east-west gateway stays")
  void twoMembersAtOnce() throws Exception {
    GatedStore.Gate held = storeA.hold("updateMesh", "prod");
    Future<Object> first = async(() -> a.get("prod").join("bj-1"));
    held.awaitReached();

    CountDownLatch progressed = new CountDownLatch(1);
    storeB.signal("claim", "mesh/prod", progressed);
    Future<Object> second = async(() -> {
      try {
        return b.get("prod").join("sh-1");
      } finally {
        progressed.countDown();
      }
    });
    await(progressed);
    held.release();

    assertThat(outcome(first)).isInstanceOf(MeshSpec.class);
    assertThat(outcome(second)).isInstanceOf(MeshSpec.class);
    assertThat(a.get("prod").spec().members()).containsExactlyInAnyOrder("bj-1", "sh-1");
    assertWired("mcpc-1", "prod", "bj-1");
    assertWired("mcpc-1", "prod", "sh-1");
    MeshResource gateway = clusters.cluster("mcpc-1").find("Gateway", "istio-system", "cross-network-gateway").orElseThrow();
    assertThat(gateway.labels()).containsEntry("mesh.meshsdk.io/mesh", "prod");
  }

  /** The meshes whose stored record names the cluster. */
  private List<String> owners(String cluster) {
    return b.list().stream().filter(m -> m.spec().clusters().contains(cluster)).map(m -> m.name())
        .collect(Collectors.toList());
  }

  private static List<String> objectsOfMesh(InMemoryCluster cluster, String mesh) {
    return cluster.objects().stream().filter(o -> mesh.equals(o.labels().get("mesh.meshsdk.io/mesh")))
        .map(o -> o.ref().toString()).collect(Collectors.toList());
  }

  /** Every object the member and the control plane need, the remote secret carrying the member's current token. */
  private void assertWired(String controlPlane, String mesh, String member) {
    InMemoryCluster memberCluster = clusters.cluster(member);
    String reader = "istio-reader-" + mesh;
    assertThat(memberCluster.find("ServiceAccount", "istio-system", reader)).as("reader account").isPresent();
    assertThat(memberCluster.find("ClusterRole", null, reader)).as("reader role").isPresent();
    assertThat(memberCluster.find("ClusterRoleBinding", null, reader)).as("reader binding").isPresent();
    MeshResource token = memberCluster.find("Secret", "istio-system", reader + "-token-1").orElseThrow(
        () -> new AssertionError("the reader's token Secret is gone from " + member));
    assertThat(memberCluster.find("Namespace", null, "istio-system")).as("istio-system").isPresent();
    MeshResource remote = clusters.cluster(controlPlane).find("Secret", "istio-system", "istio-remote-secret-" + member)
        .orElseThrow(() -> new AssertionError("the remote secret of " + member + " is gone from " + controlPlane));
    assertThat(remote.labels()).containsEntry("mesh.meshsdk.io/mesh", mesh);
    String kubeconfig = decode(remote.field("data").orElseThrow().path(member));
    assertThat(kubeconfig).contains("token: " + decode(token.field("data").orElseThrow().path("token")));
  }

  private static String decode(JsonNode value) {
    return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
  }

  /** A step of a test that may wait or assert. */
  private interface Step {
    void run() throws Exception;
  }

  /**
   * The shared clusters, with one step run before the first write that creates or adopts an
   * object (after the apply found its mesh there) and another once that write returned.
   */
  private ClusterConnector aroundFirstWrite(Step before, Step after) {
    AtomicBoolean first = new AtomicBoolean(true);
    return new InterceptedConnector(clusters, (cluster, method, args, call) -> {
      boolean hooked = method.getName().equals("apply") && !((ApplyOptions) args[2]).dryRun()
          && (((ApplyOptions) args[2]).createOnly() || ((ApplyOptions) args[2]).force())
          && first.compareAndSet(true, false);
      if (hooked) {
        before.run();
      }
      try {
        return call.call();
      } finally {
        if (hooked) {
          after.run();
        }
      }
    });
  }

  private Future<Object> async(Callable<Object> work) {
    return threads.submit(work);
  }

  /** What a task returned, or what it threw. */
  private static Object outcome(Future<Object> task) throws InterruptedException {
    try {
      return task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the task did not finish", e);
    }
  }

  /** Waits until the second replica has finished, or has found the first holding what it needs and waits. */
  private static void await(CountDownLatch progressed) throws InterruptedException {
    if (!progressed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the second replica neither finished nor waited");
    }
  }
}
