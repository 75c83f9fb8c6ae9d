package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.internal.Json;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ClusterDrift;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Drift and reconciliation")
class DriftTest {
  private static final PolicyRef REVIEWS = PolicyRef.traffic("bookinfo", "reviews");
  private static final String INTENT = "mesh.meshsdk.io/intent";
  private static final String INTENT_HASH = "mesh.meshsdk.io/intent-hash";

  /** A copy of an object with one field of its spec replaced, as kubectl edit would leave it. */
  static MeshResource withSpecField(MeshResource object, String field, String value) {
    ObjectNode content = object.content();
    ((ObjectNode) content.get("spec")).put(field, value);
    return MeshResource.of(content);
  }

  static MeshResource withoutAnnotation(MeshResource object, String key) {
    ObjectNode content = object.content();
    content.withObjectProperty("metadata").withObjectProperty("annotations").remove(key);
    return MeshResource.of(content);
  }

  @Nested
  @DisplayName("on in-memory clusters")
  class InMemory {
    private EngineFixture fixture;
    private Mesh prod;
    private InMemoryCluster mcpc;

    @BeforeEach
    void setUp() {
      fixture = new EngineFixture().register("mcpc-1", "bj-1");
      prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
      prod.policies().apply(reviews(90, 10));
      mcpc = fixture.clusters.cluster("mcpc-1");
    }

    @AfterEach
    void tearDown() {
      fixture.meshes.close();
    }

    private MeshResource live(String kind) {
      return mcpc.find(kind, "bookinfo", "reviews").orElseThrow();
    }

    @Test
    @DisplayName("reports no drift right after an apply, per config cluster, and writes nothing")
    void noDrift() {
      long writes = fixture.clusters.writes();

      DriftReport report = prod.policies().drift();

      assertThat(report.mesh()).isEqualTo("prod");
      assertThat(report.hasDrift()).isFalse();
      assertThat(report.clusters()).singleElement().satisfies(c -> {
        assertThat(c.cluster()).isEqualTo("mcpc-1");
        assertThat(c.policies()).containsExactly(REVIEWS);
        assertThat(c.objects()).isEmpty();
      });
      assertThat(prod.policies().planReconcile().hasChanges()).isFalse();
      assertThat(fixture.clusters.writes()).isEqualTo(writes);
      assertThat(report.render()).contains("Drift of mesh prod: none", "cluster mcpc-1: 1 policy checked");
    }

    @Test
    @DisplayName("reports an object edited out of band with the field diff, and reconciling writes it back")
    void editedOutOfBand() {
      MeshResource original = live("Front");
      mcpc.putOutOfBand(withSpecField(original, "host", "ratings"));

      DriftReport report = prod.policies().drift();

      assertThat(report.cluster("mcpc-1").orElseThrow().objects()).singleElement().satisfies(d -> {
        assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
        assertThat(d.ref().kind()).isEqualTo("Front");
        assertThat(d.policy()).contains(REVIEWS);
        assertThat(d.recoverable()).isTrue();
        assertThat(d.diff()).singleElement().satisfies(e -> {
          assertThat(e.path()).isEqualTo("/spec/host");
          assertThat(e.before()).contains("\"ratings\"");
          assertThat(e.after()).contains("\"reviews\"");
        });
      });
      assertThat(report.render()).contains("modified Front bookinfo/reviews", "~ /spec/host: \"ratings\" -> \"reviews\"");

      Plan reconcile = prod.policies().planReconcile();
      assertThat(reconcile.changes()).extracting(c -> c.ref().kind() + " " + c.action())
          .containsExactly("Backing UNCHANGED", "Front UPDATE");
      ApplyResult result = reconcile.apply();

      assertThat(result.writes()).isEqualTo(1);
      assertThat(live("Front").field("spec")).isEqualTo(original.field("spec"));
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("a field another tool adds beside the SDK's is neither drift nor a change, and reconciling writes nothing")
    void fieldOfAnotherToolIsNoDrift() {
      mcpc.putOutOfBand(withSpecField(live("Front"), "exportTo", "."));
      long writes = fixture.clusters.writes();

      assertThat(prod.policies().drift().hasDrift()).isFalse();
      Plan plan = prod.policies().plan(reviews(90, 10));
      assertThat(plan.hasChanges()).as(plan.render()).isFalse();
      assertThat(prod.policies().reconcile().writes()).isZero();
      assertThat(fixture.clusters.writes()).isEqualTo(writes);
      assertThat(live("Front").field("spec").orElseThrow().path("exportTo").asText()).isEqualTo(".");
    }

    @Test
    @DisplayName("reports an object deleted out of band, and reconciling creates it again")
    void deletedOutOfBand() {
      MeshResource original = live("Backing");
      mcpc.removeOutOfBand(original.ref());

      ObjectDrift drift = prod.policies().drift().cluster("mcpc-1").orElseThrow().objects().get(0);

      assertThat(drift.kind()).isEqualTo(ObjectDrift.Kind.DELETED);
      assertThat(drift.live()).isEmpty();
      assertThat(drift.expected()).isPresent();
      ApplyResult result = prod.policies().reconcile();
      assertThat(result.successful()).isTrue();
      assertThat(result.writes()).isEqualTo(1);
      assertThat(live("Backing").field("spec")).isEqualTo(original.field("spec"));
    }

    @Test
    @DisplayName("cannot see a policy all of whose objects were deleted out of band: no intent is left to read")
    void everythingDeleted() {
      mcpc.removeOutOfBand(live("Backing").ref());
      mcpc.removeOutOfBand(live("Front").ref());

      DriftReport report = prod.policies().drift();

      assertThat(report.hasDrift()).isFalse();
      assertThat(report.cluster("mcpc-1").orElseThrow().policies()).isEmpty();
      assertThat(prod.policies().planReconcile().changes()).isEmpty();
    }

    @Test
    @DisplayName("reports the objects of a policy whose intent was removed from the object carrying it as unrecoverable,"
        + " and leaves them alone")
    void intentRemovedFromCarrier() {
      mcpc.putOutOfBand(withoutAnnotation(live("Front"), INTENT));
      long writes = fixture.clusters.writes();

      DriftReport report = prod.policies().drift();

      assertThat(report.unrecoverable()).hasSize(2).allSatisfy(d -> {
        assertThat(d.policy()).contains(REVIEWS);
        assertThat(d.reason()).contains("no other object of its policy carries a usable intent");
      });
      assertThat(prod.policies().list()).isEmpty();
      assertThat(prod.policies().reconcile().writes()).isZero();
      assertThat(fixture.clusters.writes()).isEqualTo(writes);
      assertThat(mcpc.objects()).extracting(o -> o.kind()).containsExactlyInAnyOrder("Backing", "Front");
    }

    @Test
    @DisplayName("reports the objects left of a policy whose object carrying the intent was deleted as unrecoverable;"
        + " applying the policy again restores it")
    void carrierDeleted() {
      mcpc.removeOutOfBand(live("Front").ref());
      long writes = fixture.clusters.writes();

      DriftReport report = prod.policies().drift();

      assertThat(report.unrecoverable()).singleElement().satisfies(d -> {
        assertThat(d.ref().kind()).isEqualTo("Backing");
        assertThat(d.policy()).contains(REVIEWS);
        assertThat(d.reason()).contains("the one that did was deleted");
      });
      assertThat(prod.policies().reconcile().writes()).isZero();
      assertThat(fixture.clusters.writes()).isEqualTo(writes);
      assertThat(mcpc.find("Backing", "bookinfo", "reviews")).isPresent();

      Plan again = prod.policies().plan(reviews(90, 10));
      assertThat(again.changes()).extracting(c -> c.ref().kind() + " " + c.action())
          .containsExactly("Backing UNCHANGED", "Front CREATE");
      again.apply();
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("does not trust an intent edited out of band")
    void intentEdited() {
      String forged = Json.canonical(reviews(0, 100));
      mcpc.putOutOfBand(live("Front").withAnnotation(INTENT, forged));

      DriftReport report = prod.policies().drift();

      assertThat(report.unrecoverable()).extracting(ObjectDrift::ref).extracting(r -> r.kind())
          .containsExactlyInAnyOrder("Backing", "Front");
      assertThat(report.unrecoverable()).filteredOn(d -> d.ref().kind().equals("Front"))
          .singleElement().satisfies(d -> assertThat(d.reason()).contains("no longer matches its hash"));
      assertThat(prod.policies().find(REVIEWS)).isEmpty();
      assertThat(prod.policies().planReconcile().changes()).isEmpty();
    }

    @Test
    @DisplayName("reports the objects of a policy whose intent is gone from every object as unrecoverable, and leaves them alone")
    void intentGoneEverywhere() {
      mcpc.putOutOfBand(withoutAnnotation(live("Front"), INTENT));
      mcpc.putOutOfBand(withoutAnnotation(live("Backing"), INTENT));
      long writes = fixture.clusters.writes();

      DriftReport report = prod.policies().drift();

      assertThat(report.unrecoverable()).hasSize(2).allSatisfy(d -> {
        assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.UNRECOVERABLE);
        assertThat(d.recoverable()).isFalse();
        assertThat(d.reason()).contains("no other object of its policy carries a usable intent");
      });
      assertThat(prod.policies().reconcile().writes()).isZero();
      assertThat(fixture.clusters.writes()).isEqualTo(writes);
    }

    @Test
    @DisplayName("trusts the intent on the object that carries it over one an earlier format left on another object")
    void leftoverIntent() {
      String other = Json.canonical(reviews(50, 50));
      mcpc.putOutOfBand(live("Backing").withAnnotation(INTENT, other).withAnnotation(INTENT_HASH, Json.hash(other)));

      assertThat(prod.policies().find(REVIEWS)).contains(reviews(90, 10));
      assertThat(prod.policies().drift().hasDrift()).isFalse();
      Plan plan = prod.policies().plan(reviews(90, 10));
      assertThat(plan.changes()).extracting(c -> c.ref().kind() + " " + c.action())
          .containsExactly("Backing UPDATE", "Front UNCHANGED");
      plan.apply();
      assertThat(live("Backing").annotations()).doesNotContainKeys(INTENT, INTENT_HASH);
    }

    @Test
    @DisplayName("reports an object the policy no longer produces as unexpected, and reconciling deletes it")
    void unexpected() {
      MeshResource front = live("Front");
      ObjectNode extra = front.content();
      ((ObjectNode) extra.get("metadata")).put("name", "reviews-old");
      mcpc.putOutOfBand(MeshResource.of(extra));

      ObjectDrift drift = prod.policies().drift().cluster("mcpc-1").orElseThrow().objects().get(0);

      assertThat(drift.kind()).isEqualTo(ObjectDrift.Kind.UNEXPECTED);
      assertThat(drift.ref().name()).isEqualTo("reviews-old");
      Plan reconcile = prod.policies().planReconcile();
      assertThat(reconcile.changes()).filteredOn(c -> c.action() == ChangeAction.DELETE)
          .extracting(c -> c.ref().name()).containsExactly("reviews-old");
      reconcile.apply();
      assertThat(mcpc.find("Front", "bookinfo", "reviews-old")).isEmpty();
    }

    @Test
    @DisplayName("recovers a primary of an external mesh that lost everything from the intents on another primary")
    void acrossPrimaries() {
      fixture.register("old-1", "old-2");
      Mesh legacy = fixture.meshes.create(MeshSpec.external("legacy").addPrimary("old-1").addPrimary("old-2").build());
      legacy.policies().apply(reviews(90, 10));
      InMemoryCluster old2 = fixture.clusters.cluster("old-2");
      old2.objects().forEach(o -> old2.removeOutOfBand(o.ref()));

      DriftReport report = legacy.policies().drift();

      assertThat(report.cluster("old-1").orElseThrow().hasDrift()).isFalse();
      ClusterDrift onOld2 = report.cluster("old-2").orElseThrow();
      assertThat(onOld2.objects()).extracting(ObjectDrift::kind)
          .containsExactly(ObjectDrift.Kind.DELETED, ObjectDrift.Kind.DELETED);
      assertThat(legacy.policies().reconcile().writes()).isEqualTo(2);
      assertThat(old2.objects()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("on an external mesh with two primaries")
  class AcrossPrimaries {
    private EngineFixture fixture;
    private Mesh legacy;
    private InMemoryCluster old1;
    private InMemoryCluster old2;

    @BeforeEach
    void setUp() {
      fixture = new EngineFixture().register("old-1", "old-2");
      legacy = fixture.meshes.create(MeshSpec.external("legacy").addPrimary("old-1").addPrimary("old-2").build());
      legacy.policies().apply(reviews(90, 10));
      old1 = fixture.clusters.cluster("old-1");
      old2 = fixture.clusters.cluster("old-2");
    }

    @AfterEach
    void tearDown() {
      fixture.meshes.close();
    }

    @Test
    @DisplayName("reports the deleted object that carried the intent on one primary, and reconciling creates it again")
    void carrierDeleted() {
      MeshResource front = old2.find("Front", "bookinfo", "reviews").orElseThrow();
      old2.removeOutOfBand(front.ref());

      ClusterDrift onOld2 = legacy.policies().drift().cluster("old-2").orElseThrow();

      assertThat(onOld2.objects()).singleElement().satisfies(d -> {
        assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.DELETED);
        assertThat(d.ref()).isEqualTo(front.ref());
      });
      assertThat(legacy.policies().list()).containsExactly(reviews(90, 10));
      assertThat(legacy.policies().reconcile().writes()).isEqualTo(1);
      assertThat(old2.find("Front", "bookinfo", "reviews").orElseThrow().annotations()).containsKey(INTENT);
      assertThat(legacy.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("recovers an intent annotation removed from the carrying object on one primary from the other")
    void intentRemovedOnOne() {
      old2.putOutOfBand(withoutAnnotation(old2.find("Front", "bookinfo", "reviews").orElseThrow(), INTENT));

      ObjectDrift drift = legacy.policies().drift().cluster("old-2").orElseThrow().objects().get(0);

      assertThat(drift.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
      assertThat(drift.reason()).contains("was removed");
      assertThat(drift.diff()).singleElement()
          .satisfies(e -> assertThat(e.path()).isEqualTo("/metadata/annotations/mesh.meshsdk.io~1intent"));
      assertThat(legacy.policies().reconcile().writes()).isEqualTo(1);
      assertThat(old2.find("Front", "bookinfo", "reviews").orElseThrow().annotations()).containsKey(INTENT);
      assertThat(legacy.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("does not trust an intent edited out of band on one primary, and writes back the one the other vouches for")
    void intentEditedOnOne() {
      String forged = Json.canonical(reviews(0, 100));
      old2.putOutOfBand(old2.find("Front", "bookinfo", "reviews").orElseThrow().withAnnotation(INTENT, forged));

      ObjectDrift drift = legacy.policies().drift().cluster("old-2").orElseThrow().objects().get(0);

      assertThat(drift.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
      assertThat(drift.reason()).contains("no longer matches its hash");
      legacy.policies().reconcile();
      assertThat(legacy.policies().find(REVIEWS)).contains(reviews(90, 10));
      assertThat(legacy.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("reports a policy whose primaries carry different intents as unrecoverable")
    void conflictingIntents() {
      String other = Json.canonical(reviews(50, 50));
      MeshResource front = old2.find("Front", "bookinfo", "reviews").orElseThrow();
      old2.putOutOfBand(front.withAnnotation(INTENT, other).withAnnotation(INTENT_HASH, Json.hash(other)));

      DriftReport report = legacy.policies().drift();

      assertThat(report.unrecoverable()).hasSize(4)
          .allSatisfy(d -> assertThat(d.reason()).contains("carry different intents"));
      assertThat(legacy.policies().planReconcile().changes()).isEmpty();
    }
  }

  @Nested
  @DisplayName("on a directory of YAML files")
  class OnDirectory {
    @TempDir
    Path root;

    @Test
    @DisplayName("reports a hand-edited file, and reconciling restores it byte for byte")
    void handEditedFile() throws IOException {
      try (MeshManager meshes = MeshManager.builder().backend(new TestBackendProvider())
          .connector(new DirectoryClusterConnector(root)).retries(2, Duration.ofMillis(1)).build()) {
        meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
        Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
        prod.policies().apply(reviews(90, 10));
        Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("weight: 10\n", "weight: 60\n"));

        DriftReport report = prod.policies().drift();

        assertThat(report.hasDrift()).isTrue();
        ObjectDrift drift = report.cluster("mcpc-1").orElseThrow().objects().get(0);
        assertThat(drift.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
        assertThat(drift.diff()).singleElement().satisfies(e -> {
          assertThat(e.path()).endsWith("/weight");
          assertThat(e.before()).contains("60");
          assertThat(e.after()).contains("10");
        });
        Plan reconcile = prod.policies().planReconcile();
        assertThat(reconcile.changes()).extracting(ResourceChange::action)
            .containsExactly(ChangeAction.UNCHANGED, ChangeAction.UPDATE);
        assertThat(reconcile.apply().successful()).isTrue();
        assertThat(Files.readString(file)).isEqualTo(original);
        assertThat(prod.policies().drift().hasDrift()).isFalse();
      }
    }
  }
}
