package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("DirectoryClusterConnector")
class DirectoryClusterConnectorTest {
  private static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir
  Path root;

  static MeshResource front(String namespace, String name, int weight, boolean owned) {
    ObjectNode object = MeshResource.skeleton("test.meshsdk.io/v1", "Front", namespace, name);
    object.putObject("spec").put("host", name).put("weight", weight);
    MeshResource resource = MeshResource.of(object);
    return owned ? resource.withLabel("app.kubernetes.io/managed-by", "mesh-sdk") : resource;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("as a connection")
  class AsConnection {
    private ClusterConnection mcpc;

    @BeforeEach
    void connect() {
      mcpc = new DirectoryClusterConnector(root).connect(ClusterSpec.builder().name("mcpc-1").build());
    }

    @Test
    @DisplayName("writes one YAML file per object, keys in a fixed order and without a resource version")
    void writesOneFilePerObject() throws IOException {
      ObjectNode shuffled = MeshResource.skeleton("test.meshsdk.io/v1", "Front", "bookinfo", "reviews");
      shuffled.putObject("spec").put("weight", 90).put("host", "reviews");
      shuffled.put("aaa", "sorted after kind and metadata");
      MeshResource stored = mcpc.apply(TestBackendProvider.FRONT,
          MeshResource.of(shuffled).withLabel("app.kubernetes.io/managed-by", "mesh-sdk").withResourceVersion("42"),
          ApplyOptions.builder().build());

      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      assertThat(read(file)).isEqualTo(String.join("\n",
          "apiVersion: test.meshsdk.io/v1",
          "kind: Front",
          "metadata:",
          "  name: reviews",
          "  namespace: bookinfo",
          "  labels:",
          "    app.kubernetes.io/managed-by: mesh-sdk",
          "aaa: sorted after kind and metadata",
          "spec:",
          "  host: reviews",
          "  weight: 90",
          ""));
      assertThat(stored.resourceVersion()).isPresent().isNotEqualTo(Optional.of("42"));
      assertThat(mcpc.get(TestBackendProvider.FRONT, "bookinfo", "reviews")).contains(stored);
    }

    @Test
    @DisplayName("lists by kind, namespace and labels, ordered by namespace and name")
    void lists() {
      ApplyOptions options = ApplyOptions.builder().build();
      mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 1, true), options);
      mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "details", 1, true), options);
      mcpc.apply(TestBackendProvider.FRONT, front("shop", "cart", 1, true).withLabel("tier", "web"), options);
      mcpc.apply(TestBackendProvider.BACKING, MeshResource.of(
          MeshResource.skeleton("test.meshsdk.io/v1", "Backing", "bookinfo", "reviews")), options);

      assertThat(mcpc.list(TestBackendProvider.FRONT, null, Map.of())).extracting(o -> o.ref().toString())
          .containsExactly("Front bookinfo/details", "Front bookinfo/reviews", "Front shop/cart");
      assertThat(mcpc.list(TestBackendProvider.FRONT, "bookinfo", Map.of())).hasSize(2);
      assertThat(mcpc.list(TestBackendProvider.FRONT, null, Map.of("tier", "web"))).extracting(MeshResource::name)
          .containsExactly("cart");
      assertThat(mcpc.list(TestBackendProvider.BACKING, null, Map.of())).extracting(MeshResource::name)
          .containsExactly("reviews");
      assertThat(mcpc.list(TestBackendProvider.FRONT, "nowhere", Map.of())).isEmpty();
    }

    @Test
    @DisplayName("puts cluster-scoped objects under _cluster")
    void clusterScoped() {
      MeshResource ns = MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "bookinfo"))
          .withLabel("istio-injection", "enabled");
      mcpc.apply(NAMESPACE, ns, ApplyOptions.builder().build());

      assertThat(root.resolve("mcpc-1/_cluster/namespace-bookinfo.yaml")).exists();
      assertThat(mcpc.list(NAMESPACE, null, Map.of("istio-injection", "enabled"))).extracting(MeshResource::name)
          .containsExactly("bookinfo");
    }

    @Test
    @DisplayName("does not rewrite a file whose content would not change")
    void noRewrite() throws IOException {
      MeshResource first = mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().build());
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.setLastModifiedTime(file, LONG_AGO);

      MeshResource again = mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().expectedResourceVersion(first.resourceVersion()).build());

      assertThat(Files.getLastModifiedTime(file)).isEqualTo(LONG_AGO);
      assertThat(again).isEqualTo(first);
    }

    @Test
    @DisplayName("gives a hand-edited file a new resource version, so writes pinned to the old one fail")
    void handEditMovesVersion() throws IOException {
      MeshResource written = mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().build());
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.writeString(file, read(file).replace("weight: 90", "weight: 70"));

      MeshResource edited = mcpc.get(TestBackendProvider.FRONT, "bookinfo", "reviews").orElseThrow();
      assertThat(edited.resourceVersion()).isNotEqualTo(written.resourceVersion());
      assertThat(edited.field("spec").orElseThrow().path("weight").asInt()).isEqualTo(70);

      ApplyOptions stale = ApplyOptions.builder().expectedResourceVersion(written.resourceVersion()).build();
      assertThatThrownBy(() -> mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 50, true), stale))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThatThrownBy(() -> mcpc.delete(TestBackendProvider.FRONT, "bookinfo", "reviews", written.resourceVersion()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(read(file)).contains("weight: 70");
    }

    @Test
    @DisplayName("refuses to create over an existing file")
    void createOnly() {
      mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true), ApplyOptions.builder().build());
      assertThatThrownBy(() -> mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 10, true),
          ApplyOptions.builder().createOnly(true).build()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    @DisplayName("never modifies or deletes a file without the ownership label, unless forced")
    void foreignFiles() throws IOException {
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.createDirectories(file.getParent());
      String handWritten = "# kept by the platform team\n" + front("bookinfo", "reviews", 5, false).toYaml();
      Files.writeString(file, handWritten);

      assertThatThrownBy(() -> mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().build()))
          .isInstanceOf(MeshConflictException.class).hasMessageContaining("was not written by mesh-sdk");
      assertThatThrownBy(() -> mcpc.delete(TestBackendProvider.FRONT, "bookinfo", "reviews", Optional.empty()))
          .isInstanceOf(MeshConflictException.class);
      assertThat(read(file)).isEqualTo(handWritten);
      assertThat(mcpc.list(TestBackendProvider.FRONT, null, Map.of("app.kubernetes.io/managed-by", "mesh-sdk"))).isEmpty();

      mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true), ApplyOptions.builder().force(true).build());
      assertThat(read(file)).contains("weight: 90");
    }

    @Test
    @DisplayName("refuses a file that is not the object its name says, and ignores it when listing")
    void mismatchedFiles() throws IOException {
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, front("bookinfo", "ratings", 5, true).toYaml());

      assertThat(mcpc.get(TestBackendProvider.FRONT, "bookinfo", "reviews")).isEmpty();
      assertThat(mcpc.list(TestBackendProvider.FRONT, null, Map.of())).isEmpty();
      assertThatThrownBy(() -> mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().build())).isInstanceOf(MeshConflictException.class);
    }

    @Test
    @DisplayName("deletes the file, and the namespace directory once it is empty")
    void deletes() {
      MeshResource written = mcpc.apply(TestBackendProvider.FRONT, front("bookinfo", "reviews", 90, true),
          ApplyOptions.builder().build());

      assertThat(mcpc.delete(TestBackendProvider.FRONT, "bookinfo", "reviews", written.resourceVersion())).isTrue();
      assertThat(root.resolve("mcpc-1/bookinfo")).doesNotExist();
      assertThat(mcpc.delete(TestBackendProvider.FRONT, "bookinfo", "reviews", Optional.empty())).isFalse();
    }

    @Test
    @DisplayName("refuses names that would leave the cluster's directory")
    void pathTraversal() {
      MeshResource escaping = MeshResource.of(MeshResource.skeleton("test.meshsdk.io/v1", "Front", "..", "x"));
      assertThatThrownBy(() -> mcpc.apply(TestBackendProvider.FRONT, escaping, ApplyOptions.builder().build()))
          .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
      assertThatThrownBy(() -> mcpc.get(TestBackendProvider.FRONT, "bookinfo", "../../etc"))
          .isInstanceOf(MeshException.class);
    }

    @Test
    @DisplayName("fails every call once closed")
    void closed() {
      mcpc.close();
      assertThatThrownBy(() -> mcpc.list(TestBackendProvider.FRONT, null, Map.of()))
          .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNREACHABLE));
    }
  }

  @Nested
  @DisplayName("behind a MeshManager")
  class BehindManager {
    private MeshManager meshes;
    private Mesh prod;

    @BeforeEach
    void setUp() {
      meshes = MeshManager.builder().backend(new TestBackendProvider())
          .connector(new DirectoryClusterConnector(root)).retries(2, Duration.ofMillis(1)).build();
      for (String name : List.of("mcpc-1", "bj-1")) {
        meshes.clusters().register(ClusterSpec.builder().name(name).build());
      }
      prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
    }

    @AfterEach
    void tearDown() {
      meshes.close();
    }

    private List<Path> files() throws IOException {
      if (!Files.exists(root)) {
        return List.of();
      }
      try (Stream<Path> all = Files.walk(root)) {
        return all.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
      }
    }

    @Test
    @DisplayName("writes a policy's objects as files of the control-plane cluster only")
    void writesFiles() throws IOException {
      ApplyResult result = prod.policies().apply(reviews(90, 10));

      assertThat(result.successful()).isTrue();
      assertThat(files()).containsExactly(Path.of("mcpc-1/bookinfo/backing-reviews.yaml"),
          Path.of("mcpc-1/bookinfo/front-reviews.yaml"));
      assertThat(read(root.resolve("mcpc-1/bookinfo/front-reviews.yaml")))
          .startsWith("apiVersion: test.meshsdk.io/v1\nkind: Front\n")
          .contains("mesh.meshsdk.io/policy: reviews", "mesh.meshsdk.io/intent:")
          .doesNotContain("resourceVersion");
      assertThat(prod.policies().list()).extracting(p -> p.ref()).containsExactly(PolicyRef.traffic("bookinfo", "reviews"));
    }

    @Test
    @DisplayName("re-applies without writing: every object unchanged, files and their times untouched")
    void reapplyWritesNothing() throws IOException {
      prod.policies().apply(reviews(90, 10));
      Map<Path, String> before = contents();
      for (Path file : files()) {
        Files.setLastModifiedTime(root.resolve(file), LONG_AGO);
      }

      Plan again = prod.policies().plan(reviews(90, 10));
      ApplyResult result = again.apply();

      assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
      assertThat(result.writes()).isZero();
      assertThat(contents()).isEqualTo(before);
      for (Path file : files()) {
        assertThat(Files.getLastModifiedTime(root.resolve(file))).as(file.toString()).isEqualTo(LONG_AGO);
      }
    }

    @Test
    @DisplayName("changes one line of a file when one weight changes")
    void minimalDiff() throws IOException {
      prod.policies().apply(reviews(90, 10));
      List<String> before = read(root.resolve("mcpc-1/bookinfo/front-reviews.yaml")).lines().collect(Collectors.toList());

      prod.policies().apply(reviews(80, 20));
      List<String> after = read(root.resolve("mcpc-1/bookinfo/front-reviews.yaml")).lines().collect(Collectors.toList());

      assertThat(after).hasSameSizeAs(before);
      List<Integer> changed = new java.util.ArrayList<>();
      for (int i = 0; i < before.size(); i++) {
        if (!before.get(i).equals(after.get(i))) {
          changed.add(i);
        }
      }
      // the two weights, plus the intent and its hash
      assertThat(changed).hasSize(4);
    }

    @Test
    @DisplayName("shows a hand-edited file as an update in the next plan")
    void handEditIsUpdate() throws IOException {
      prod.policies().apply(reviews(90, 10));
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.writeString(file, read(file).replace("weight: 90", "weight: 30"));

      Plan plan = prod.policies().plan(reviews(90, 10));

      ResourceChange front = plan.changes().stream().filter(c -> c.ref().kind().equals("Front")).findFirst().orElseThrow();
      assertThat(front.action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(front.diff()).singleElement().satisfies(d -> {
        assertThat(d.before()).contains("30");
        assertThat(d.after()).contains("90");
      });
      assertThat(plan.apply().successful()).isTrue();
      assertThat(read(file)).contains("weight: 90").doesNotContain("weight: 30");
    }

    @Test
    @DisplayName("fails a plan made before a hand edit, keeping the edit")
    void staleAfterHandEdit() throws IOException {
      prod.policies().apply(reviews(90, 10));
      Plan shift = prod.policies().plan(reviews(50, 50));
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      String edited = read(file) + "# reviewed\n";
      Files.writeString(file, edited);

      ApplyResult result = shift.apply();

      assertThat(result.successful()).isFalse();
      assertThat(result.clusters().get(0).outcomes().get(0).status()).isEqualTo(ObjectOutcome.Status.UNCHANGED);
      assertThat(result.clusters().get(0).outcomes().get(1).errorCode()).contains(ErrorCode.STALE_PLAN);
      assertThat(read(file)).isEqualTo(edited);
    }

    @Test
    @DisplayName("refuses to plan over a file someone else wrote")
    void foreignFileBlocksPlan() throws IOException {
      Path file = root.resolve("mcpc-1/bookinfo/front-reviews.yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, front("bookinfo", "reviews", 5, false).toYaml());

      assertThatThrownBy(() -> prod.policies().plan(reviews(90, 10)))
          .isInstanceOf(MeshConflictException.class).hasMessageContaining("someone other than mesh-sdk");
    }

    @Test
    @DisplayName("deletes the files when the policy is deleted")
    void deletePolicy() throws IOException {
      prod.policies().apply(reviews(90, 10));

      ApplyResult result = prod.policies().delete(PolicyRef.traffic("bookinfo", "reviews"));

      assertThat(result.successful()).isTrue();
      assertThat(files()).isEmpty();
      assertThat(prod.policies().list()).isEmpty();
    }

    private Map<Path, String> contents() throws IOException {
      Map<Path, String> out = new java.util.TreeMap<>();
      for (Path file : files()) {
        out.put(file, read(root.resolve(file)));
      }
      return out;
    }
  }
}
