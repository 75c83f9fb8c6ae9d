package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ApplyFailedException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.plan.SerializedPlan;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A plan previewed by one manager and confirmed by another, as two HTTP requests served by two
 * replicas that share the store and the clusters.
 */
@DisplayName("A plan serialised by one replica and applied by another")
class PlanAcrossReplicasTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryMeshStore store = new InMemoryMeshStore();
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager replicaA;
  private MeshManager replicaB;
  private Mesh prodOnA;
  private Mesh prodOnB;

  private MeshManager replica() {
    return MeshManager.builder().backend(new TestBackendProvider()).connector(clusters).store(store)
        .retries(4, Duration.ofMillis(1)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @BeforeEach
  void setUp() {
    replicaA = replica();
    replicaB = replica();
    for (String name : List.of("mcpc-1", "mcpc-2", "bj-1")) {
      replicaA.clusters().register(ClusterSpec.builder().name(name).build());
    }
    prodOnA = replicaA.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prodOnA.join("bj-1");
    prodOnA.policies().apply(reviews(90, 10)).orThrow();
    prodOnB = replicaB.get("prod");
  }

  @AfterEach
  void tearDown() {
    replicaA.close();
    replicaB.close();
  }

  private MeshResource live(String kind) {
    return clusters.cluster("mcpc-1").find(kind, "bookinfo", "reviews").orElseThrow();
  }

  @Test
  @DisplayName("replica B applies exactly what replica A previewed, with the resource versions A read")
  void previewOnAConfirmOnB() throws IOException {
    String frontVersion = live("Front").resourceVersion().orElseThrow();
    Plan preview = prodOnA.policies().plan(reviews(80, 20));
    String json = preview.toJson();
    long writesBefore = clusters.writes();

    Plan restored = prodOnB.policies().restore(json);

    assertThat(clusters.writes()).isEqualTo(writesBefore);
    assertThat(restored.mesh()).isEqualTo("prod");
    assertThat(restored.changes()).hasSameSizeAs(preview.changes());
    for (int i = 0; i < preview.changes().size(); i++) {
      ResourceChange original = preview.changes().get(i);
      ResourceChange copy = restored.changes().get(i);
      assertThat(copy.cluster()).isEqualTo(original.cluster());
      assertThat(copy.ref()).isEqualTo(original.ref());
      assertThat(copy.action()).isEqualTo(original.action());
      assertThat(copy.policy()).contains(PolicyRef.traffic("bookinfo", "reviews")).isEqualTo(original.policy());
      assertThat(copy.resourceVersion()).isPresent().isEqualTo(original.resourceVersion());
      assertThat(sameTree(copy.live().orElseThrow(), original.live().orElseThrow())).isTrue();
      assertThat(sameTree(copy.desired().orElseThrow(), original.desired().orElseThrow())).isTrue();
    }
    assertThat(restored.render()).isEqualTo(preview.render());
    JsonNode front = changeOf(JSON.readTree(json), "Front");
    assertThat(front.path("action").asText()).isEqualTo("UPDATE");
    assertThat(front.path("resourceVersion").asText()).isEqualTo(frontVersion);
    assertThat(front.path("policy").path("kind").asText()).isEqualTo("TrafficPolicy");
    assertThat(front.path("policy").path("name").asText()).isEqualTo("reviews");
    assertThat(front.path("diff").toString()).contains("\"before\":90", "\"after\":80");

    ApplyResult result = restored.apply().orThrow();

    assertThat(result.writes()).isEqualTo(1); // the Backing's content is the same
    assertThat(changeOf(JSON.readTree(json), "Backing").path("action").asText()).isEqualTo("UNCHANGED");
    assertThat(live("Front").content().toString()).contains("80").doesNotContain("90");
    assertThat(prodOnA.policies().find(PolicyRef.traffic("bookinfo", "reviews")))
        .contains(reviews(80, 20));
  }

  @Test
  @DisplayName("an object that moved between preview and confirm fails STALE_PLAN and nothing is written")
  void staleBetweenPreviewAndConfirm() {
    String json = prodOnA.policies().plan(reviews(80, 20)).toJson();
    prodOnA.policies().apply(reviews(70, 30)).orThrow();   // a third request changes the route meanwhile
    MeshResource moved = live("Front");
    long writesBefore = clusters.writes();

    ApplyResult result = prodOnB.policies().restore(json).apply();

    assertThat(clusters.writes()).isEqualTo(writesBefore);
    assertThat(live("Front")).isEqualTo(moved);
    assertThat(result.successful()).isFalse();
    assertThat(result.cluster("mcpc-1").orElseThrow().outcomes())
        .extracting(o -> o.ref().kind(), ObjectOutcome::status, ObjectOutcome::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Backing", ObjectOutcome.Status.UNCHANGED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("Front", ObjectOutcome.Status.FAILED, Optional.of(ErrorCode.STALE_PLAN)));

    ApplyFailedException failed = catchThrowableOfType(ApplyFailedException.class, result::orThrow);
    assertThat(failed.code()).isEqualTo(ErrorCode.STALE_PLAN);
    assertThat(failed.messageCode()).isEqualTo("apply.failed");
    assertThat(failed.arguments()).containsEntry("mesh", "prod").containsEntry("failed", 1)
        .containsEntry("clusters", List.of("mcpc-1"));
    assertThat(failed.getMessage()).contains("cluster mcpc-1", "FAILED UPDATE Front bookinfo/reviews [STALE_PLAN]");
    assertThat(failed.result()).isSameAs(result);
  }

  @Test
  @DisplayName("a plan whose JSON was edited is refused before anything is written")
  void tamperedPlanIsRefused() throws IOException {
    String json = prodOnA.policies().plan(reviews(80, 20)).toJson();
    ObjectNode edited = (ObjectNode) JSON.readTree(json);
    ObjectNode front = (ObjectNode) changeOf(edited, "Front");
    ((ObjectNode) front.path("desired").path("metadata").path("labels")).put("tier", "edited");
    long writesBefore = clusters.writes();

    MeshException refused = catchThrowableOfType(MeshException.class,
        () -> prodOnB.policies().restore(edited.toString()));

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(refused.messageCode()).isEqualTo(SerializedPlan.TAMPERED);
    assertThat(refused.getMessage()).contains("does not match its hash");
    assertThat(clusters.writes()).isEqualTo(writesBefore);

    ObjectNode withoutHash = (ObjectNode) JSON.readTree(json);
    withoutHash.remove("hash");
    assertThat(catchThrowableOfType(MeshException.class, () -> prodOnB.policies().restore(withoutHash.toString()))
        .messageCode()).isEqualTo(SerializedPlan.TAMPERED);
  }

  @Test
  @DisplayName("a plan for another mesh, or text that is no plan, is refused with a typed error")
  void otherMeshAndGarbageAreRefused() {
    String json = prodOnA.policies().plan(reviews(80, 20)).toJson();
    Mesh dev = replicaB.create(MeshSpec.dedicated("dev").cluster("mcpc-2").build());

    MeshException otherMesh = catchThrowableOfType(MeshException.class, () -> dev.policies().restore(json));
    assertThat(otherMesh.code()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(otherMesh.messageCode()).isEqualTo("plan.other-mesh");
    assertThat(otherMesh.arguments()).containsEntry("plan", "prod").containsEntry("mesh", "dev");

    ValidationException notJson = catchThrowableOfType(ValidationException.class,
        () -> prodOnB.policies().restore("{\"changes\": ["));
    assertThat(notJson.violations()).singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("format"));
    ValidationException notAPlan = catchThrowableOfType(ValidationException.class,
        () -> prodOnB.policies().restore("{\"kind\":\"TrafficPolicy\"}"));
    assertThat(notAPlan.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("kind"));
    assertThat(clusters.cluster("mcpc-2").writes()).isZero();
  }

  @Test
  @DisplayName("a plan re-hashed after an edit still cannot write to a member cluster or to another mesh's objects")
  void rehashedPlanStaysInsideTheMesh() {
    List<ResourceChange> planned = SerializedPlan.parse(prodOnA.policies().plan(reviews(80, 20)).toJson()).changes();
    List<ResourceChange> toMember = planned.stream()
        .map(c -> ResourceChange.builder().from(c).cluster("bj-1").build()).collect(Collectors.toList());
    List<ResourceChange> foreign = planned.stream()
        .map(c -> ResourceChange.builder().from(c)
            .desired(c.desired().map(d -> d.withLabel("mesh.meshsdk.io/mesh", "dev"))).build())
        .collect(Collectors.toList());
    long writesBefore = clusters.writes();

    MeshException member = catchThrowableOfType(MeshException.class,
        () -> prodOnB.policies().restore(new Unbound("prod", toMember).toJson()));
    assertThat(member.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED);
    assertThat(member.messageCode()).isEqualTo("plan.cluster-outside-mesh");
    assertThat(member.arguments()).containsEntry("cluster", "bj-1");

    MeshException other = catchThrowableOfType(MeshException.class,
        () -> prodOnB.policies().restore(new Unbound("prod", foreign).toJson()));
    assertThat(other.messageCode()).isEqualTo("plan.foreign-object");
    assertThat(clusters.writes()).isEqualTo(writesBefore);
  }

  /** A plan's content without a manager, as a hostile or buggy client could assemble it. */
  private static final class Unbound implements Plan {
    private final String mesh;
    private final List<ResourceChange> changes;

    Unbound(String mesh, List<ResourceChange> changes) {
      this.mesh = mesh;
      this.changes = changes;
    }

    @Override
    public String mesh() {
      return mesh;
    }

    @Override
    public List<ResourceChange> changes() {
      return changes;
    }

    @Override
    public String render() {
      return "";
    }

    @Override
    public Plan validateOnServer() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplyResult apply(ApplyMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String hash() {
      return "";
    }
  }

  @Test
  @DisplayName("a deletion plan travels too")
  void deletionPlanTravels() {
    String json = prodOnA.policies().planDeletion(PolicyRef.traffic("bookinfo", "reviews")).toJson();

    assertThat(prodOnB.policies().restore(json).apply().orThrow().writes()).isEqualTo(2);
    assertThat(clusters.cluster("mcpc-1").objects()).isEmpty();
    assertThat(prodOnA.policies().restore(json).changes()).extracting(ResourceChange::action)
        .containsOnly(ChangeAction.DELETE);
  }

  @Nested
  @DisplayName("golden JSON")
  class Golden {
    @Test
    @DisplayName("the JSON of a plan keeps its documented form")
    void planJson() throws IOException {
      assertMatchesGolden("plan-update.json", prodOnA.policies().plan(reviews(80, 20)).toJson());
    }

    @Test
    @DisplayName("the JSON of an apply result with a stale object keeps its documented form")
    void applyResultJson() throws IOException {
      String json = prodOnA.policies().plan(reviews(80, 20)).toJson();
      prodOnA.policies().apply(reviews(70, 30)).orThrow();
      ApplyResult result = prodOnB.policies().restore(json).apply();
      assertMatchesGolden("apply-result-stale.json", result.toJson());
      assertThat(ApplyResult.fromJson(result.toJson())).isEqualTo(result);
    }
  }

  /** Equal JSON trees, numbers equal by value (JSON text does not keep Jackson's number types). */
  private static boolean sameTree(MeshResource a, MeshResource b) {
    return a.content().equals((x, y) -> x.isNumber() && y.isNumber()
        ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b.content());
  }

  private static JsonNode changeOf(JsonNode plan, String kind) {
    for (JsonNode change : plan.path("changes")) {
      if (change.path("ref").path("kind").asText().equals(kind)) {
        return change;
      }
    }
    throw new AssertionError("no change of a " + kind + " in " + plan);
  }

  /** Compares as JSON trees; {@code -Dmeshsdk.golden.write=true} writes the file instead. */
  static void assertMatchesGolden(String name, String json) throws IOException {
    JsonNode actual = JSON.readTree(json);
    if (Boolean.getBoolean("meshsdk.golden.write")) {
      Path file = Path.of("src/test/resources/json", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = PlanAcrossReplicasTest.class.getResourceAsStream("/json/" + name)) {
      assertThat(in).as("golden file json/%s", name).isNotNull();
      JsonNode expected = JSON.readTree(in);
      assertThat(JSON.writeValueAsString(actual)).as("json/%s", name).isEqualTo(JSON.writeValueAsString(expected));
    }
  }
}
