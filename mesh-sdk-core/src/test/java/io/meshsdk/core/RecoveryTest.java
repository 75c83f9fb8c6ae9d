package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.internal.Json;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.Policy;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Recovering from damage and lost responses")
class RecoveryTest {
  private static final String INTENT = "mesh.meshsdk.io/intent";
  private static final String INTENT_HASH = "mesh.meshsdk.io/intent-hash";
  private static final PolicyRef REVIEWS = PolicyRef.traffic("bookinfo", "reviews");
  private static final PolicyRef RATINGS = PolicyRef.traffic("bookinfo", "ratings");

  static TrafficPolicy service(String name) {
    return service(name, 1);
  }

  static TrafficPolicy service(String name, int timeoutSeconds) {
    return PolicyBuilder.forService(name).inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .route(r -> r.toSubset("v1").timeout(Duration.ofSeconds(timeoutSeconds)))
        .build();
  }

  /** The object with its intent replaced, and the hash made to match, so only reading the intent can fail. */
  static MeshResource withIntent(MeshResource object, String intent) {
    ObjectNode content = object.content();
    content.withObjectProperty("metadata").withObjectProperty("annotations")
        .put(INTENT, intent).put(INTENT_HASH, Json.hash(intent));
    return MeshResource.of(content);
  }

  @Nested
  @DisplayName("with one object whose intent annotation is corrupted")
  class CorruptedIntent {
    private EngineFixture fixture;
    private Mesh prod;
    private InMemoryCluster mcpc;

    @BeforeEach
    void setUp() {
      fixture = new EngineFixture().register("mcpc-1", "bj-1");
      prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
      prod.policies().apply(reviews(90, 10), service("ratings"));
      mcpc = fixture.clusters.cluster("mcpc-1");
    }

    @AfterEach
    void tearDown() {
      fixture.meshes.close();
    }

    private void corruptRatings(String intent) {
      for (String kind : List.of("Backing", "Front")) {
        mcpc.putOutOfBand(withIntent(mcpc.find(kind, "bookinfo", "ratings").orElseThrow(), intent));
      }
    }

    @ParameterizedTest(name = "intent {0}")
    @ValueSource(strings = {"{not json", "{\"kind\":\"TrafficPolicy\",\"namespace\":\"bookinfo\",\"name\":\"ratings\"}"})
    @DisplayName("other policies of the kind and namespace still plan, list and reconcile")
    void othersKeepWorking(String intent) {
      corruptRatings(intent);

      assertThat(prod.policies().list()).extracting(Policy::ref).containsExactly(REVIEWS);
      Plan update = prod.policies().plan(reviews(50, 50));
      assertThat(update.changes()).extracting(c -> c.ref() + " " + c.action())
          .containsExactly("Backing bookinfo/reviews UNCHANGED", "Front bookinfo/reviews UPDATE");
      assertThat(prod.policies().plan(service("details")).changes())
          .extracting(ResourceChange::action).containsOnly(ChangeAction.CREATE);

      MeshResource front = mcpc.find("Front", "bookinfo", "reviews").orElseThrow();
      mcpc.putOutOfBand(DriftTest.withSpecField(front, "host", "elsewhere"));
      Plan reconcile = prod.policies().planReconcile();
      assertThat(reconcile.changes()).extracting(c -> c.ref() + " " + c.action())
          .containsExactly("Backing bookinfo/reviews UNCHANGED", "Front bookinfo/reviews UPDATE");
      assertThat(reconcile.apply().successful()).isTrue();
      assertThat(mcpc.find("Front", "bookinfo", "reviews").orElseThrow().field("spec").orElseThrow()
          .path("host").asText()).isEqualTo("reviews");
    }

    @ParameterizedTest(name = "intent {0}")
    @ValueSource(strings = {"{not json", "{\"kind\":\"TrafficPolicy\",\"namespace\":\"bookinfo\",\"name\":\"ratings\"}"})
    @DisplayName("drift reports the damaged objects, with their policy and why their intent cannot be read")
    void reportedAsDrift(String intent) {
      corruptRatings(intent);

      DriftReport report = prod.policies().drift();

      assertThat(report.cluster("mcpc-1").orElseThrow().objects()).hasSize(2).allSatisfy(d -> {
        assertThat(d.ref().name()).isEqualTo("ratings");
        assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.UNRECOVERABLE);
        assertThat(d.policy()).contains(RATINGS);
        assertThat(d.reason()).contains("intent annotation mesh.meshsdk.io/intent cannot be read");
      });
    }

    @Test
    @DisplayName("re-applying the damaged policy repairs its objects")
    void reapplyRepairs() {
      corruptRatings("{not json");

      Plan plan = prod.policies().plan(service("ratings"));

      assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UPDATE);
      assertThat(plan.apply().successful()).isTrue();
      assertThat(prod.policies().list()).extracting(Policy::ref).containsExactly(RATINGS, REVIEWS);
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("deleting the damaged policy by reference removes its objects")
    void deletionByReference() {
      corruptRatings("{not json");

      assertThat(prod.policies().planDeletion(RATINGS).apply().successful()).isTrue();

      assertThat(mcpc.find("Backing", "bookinfo", "ratings")).isEmpty();
      assertThat(mcpc.find("Front", "bookinfo", "ratings")).isEmpty();
    }

    @Test
    @DisplayName("deleting the mesh deletes the damaged objects too, since the mesh owns them")
    void meshDeletion() {
      corruptRatings("{not json");
      prod.policies().planDeletion(REVIEWS).apply();
      prod.leave("bj-1");

      fixture.meshes.delete("prod");

      assertThat(fixture.meshes.find("prod")).isEmpty();
      assertThat(mcpc.objects()).isEmpty();
    }
  }

  /**
   * A connector whose writes land but whose response is lost, once for each object named in
   * {@link #loseOnce}. Naming the object keeps the test independent of the order in which writes
   * within one cluster run.
   */
  static final class LosingResponses implements ClusterConnector {
    private final InMemoryClusterConnector delegate;
    private final Set<String> lost = ConcurrentHashMap.newKeySet();

    LosingResponses(InMemoryClusterConnector delegate) {
      this.delegate = delegate;
    }

    void loseOnce(String kind, String name) {
      lost.add(kind + "/" + name);
    }

    @Override
    public String id() {
      return "losing-responses";
    }

    @Override
    public ClusterConnection connect(ClusterSpec cluster) {
      return new ForwardingConnection(delegate.connect(cluster)) {
        @Override
        public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
          MeshResource written = delegate.apply(type, resource, options);
          if (!options.dryRun() && lost.remove(resource.kind() + "/" + resource.name())) {
            throw new MeshBackendException(ErrorCode.TIMEOUT, cluster(), 0,
                "timed out waiting for the response from cluster " + cluster(), null);
          }
          return written;
        }
      };
    }
  }

  @Nested
  @DisplayName("when a write lands but its response is lost")
  class LostResponses {
    private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    private final LosingResponses connector = new LosingResponses(clusters);
    private MeshManager meshes;
    private Mesh prod;

    @BeforeEach
    void setUp() {
      meshes = MeshManager.builder()
          .backend(new TestBackendProvider())
          .connector(connector)
          .retries(4, Duration.ofMillis(1))
          .build();
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    }

    @AfterEach
    void tearDown() {
      meshes.close();
    }

    private List<String> outcomes(ApplyResult result) {
      return result.clusters().stream().map(ClusterApplyResult::outcomes).flatMap(List::stream)
          .map(o -> o.ref().kind() + " " + o.status() + " after " + o.attempts())
          .collect(Collectors.toList());
    }

    @Test
    @DisplayName("a retried create recognises its own object and the rest of the cluster is written")
    void create() {
      Plan plan = prod.policies().plan(reviews(90, 10));
      connector.loseOnce("Backing", "reviews");

      ApplyResult result = plan.apply();

      assertThat(outcomes(result)).containsExactly("Backing APPLIED after 2", "Front APPLIED after 1");
      assertThat(result.successful()).isTrue();
      assertThat(prod.policies().list()).extracting(Policy::ref).containsExactly(REVIEWS);
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("a retried update recognises its own object and the rest of the cluster is written")
    void update() {
      prod.policies().apply(reviews(90, 10), service("ratings"));
      Plan plan = prod.policies().plan(reviews(50, 50), service("ratings", 3));
      assertThat(plan.changes()).extracting(c -> c.ref() + " " + c.action()).containsExactly(
          "Backing bookinfo/ratings UNCHANGED", "Backing bookinfo/reviews UNCHANGED",
          "Front bookinfo/ratings UPDATE", "Front bookinfo/reviews UPDATE");
      connector.loseOnce("Front", "ratings");

      ApplyResult result = plan.apply();

      assertThat(outcomes(result)).containsExactly("Backing UNCHANGED after 0", "Backing UNCHANGED after 0",
          "Front APPLIED after 2", "Front APPLIED after 1");
      assertThat(result.successful()).isTrue();
      assertThat(prod.policies().find(REVIEWS)).contains(reviews(50, 50));
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("an object that someone else changed in between is still a failure, not a landed write")
    void someoneElsesWrite() {
      prod.policies().apply(reviews(90, 10));
      Plan plan = prod.policies().plan(reviews(50, 50));
      InMemoryCluster mcpc = clusters.cluster("mcpc-1");
      mcpc.putOutOfBand(DriftTest.withSpecField(mcpc.find("Front", "bookinfo", "reviews").orElseThrow(), "host", "x"));

      ApplyResult result = plan.apply();

      assertThat(result.successful()).isFalse();
      assertThat(result.clusters().get(0).outcomes()).extracting(o -> o.status() + " " + o.errorCode().orElse(null))
          .containsExactly("UNCHANGED null", "FAILED STALE_PLAN");
    }
  }
}
