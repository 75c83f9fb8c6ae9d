package io.meshsdk.core;

import static io.meshsdk.core.EngineFixture.reviews;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.AnalysisRejectedException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.analysis.Suppression;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.event.AnalysisCompleted;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Analysis of a mesh, of a plan and of files")
class AnalysisTest {
  private static final String SECRET_BYTES = "c3VwZXItc2VjcmV0LXBhc3N3b3Jk";
  private static final String SECRET_TEXT = "super-secret-password";

  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  private final AnalyzingBackendProvider backend = new AnalyzingBackendProvider();
  private final RecordingListener listener = new RecordingListener();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    ClusterConnector connector = new ClusterConnector() {
      @Override
      public String id() {
        return "flaky-in-memory";
      }

      @Override
      public ClusterConnection connect(ClusterSpec cluster) {
        return new ForwardingConnection(clusters.connect(cluster)) {
          @Override
          public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
            if (unreachable.contains(cluster())) {
              throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "connection refused by " + cluster());
            }
            return super.list(type, namespace, labelSelector);
          }
        };
      }
    };
    meshes = MeshManager.builder().backend(backend).connector(connector).retries(1, Duration.ofMillis(1))
        .listener(listener).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static MeshResource front(String namespace, String name, String host) {
    ObjectNode object = MeshResource.skeleton("test.meshsdk.io/v1", "Front", namespace, name);
    object.putObject("spec").put("host", host);
    return MeshResource.of(object);
  }

  private static TrafficPolicy routesOnly() {
    return PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .route(r -> r.toHost("ratings").timeout(Duration.ofSeconds(1))).build();
  }

  @Test
  @DisplayName("reports foreign objects of every cluster, sorted, with cluster, object and field")
  void liveAnalysisSeesForeignObjects() {
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "orders", "orders"));
    clusters.cluster("bj-1").putOutOfBand(front("shop", "cart", "cart"));

    AnalysisReport report = prod.analyze();

    assertThat(report.mesh()).contains("prod");
    assertThat(report.partial()).isFalse();
    assertThat(report.hasErrors()).isTrue();
    assertThat(report.errors()).extracting(f -> f.cluster().orElseThrow() + " " + f.resource().orElseThrow())
        .containsExactly("bj-1 Front shop/cart", "mcpc-1 Front legacy/orders");
    assertThat(report.errors()).allSatisfy(f -> {
      assertThat(f.code()).isEqualTo("TST0001");
      assertThat(f.fieldPath()).contains("spec.host");
    });
    assertThat(report.objects()).isEqualTo(2);
    assertThat(report.render()).contains("2 error(s)").contains("ERROR TST0001 Front legacy/orders on mcpc-1");
    assertThat(AnalysisReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  @DisplayName("analyzing a plan shows what it would introduce and resolve, and writes nothing")
  void planAnalysisIsWhatIf() {
    clusters.cluster("mcpc-1").putOutOfBand(front("bookinfo", "legacy-reviews", "reviews"));
    long writes = clusters.writes();

    Plan fixing = prod.policies().plan(reviews(90, 10));
    AnalysisReport fixed = fixing.analyze();
    Plan breaking = prod.policies().plan(routesOnly());
    AnalysisReport broken = breaking.analyze();

    assertThat(fixed.planHash()).contains(fixing.hash());
    assertThat(fixed.resolved()).extracting(f -> f.resource().orElseThrow().toString())
        .containsExactly("Front bookinfo/legacy-reviews");
    assertThat(fixed.introduced()).isEmpty();
    assertThat(broken.introduced()).singleElement().satisfies(f -> {
      assertThat(f.resource()).contains(ResourceRef.of("test.meshsdk.io/v1", "Front", "bookinfo", "ratings"));
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
    });
    assertThat(broken.findings()).hasSize(2);
    assertThat(broken.render()).contains("+ ERROR TST0001 Front bookinfo/ratings");
    assertThat(clusters.writes()).isEqualTo(writes);
  }

  @Test
  @DisplayName("apply refuses a plan that would introduce an error, writes nothing, and applies when told to skip")
  void preflightRefusesNewErrors() {
    Plan plan = prod.policies().plan(routesOnly());

    AnalysisRejectedException refused = catchThrowableOfType(plan::apply, AnalysisRejectedException.class);

    assertThat(refused.code()).isEqualTo(ErrorCode.ANALYSIS_REJECTED);
    assertThat(refused.messageCode()).isEqualTo("plan.analysis-rejected");
    assertThat(refused.arguments()).containsEntry("mesh", "prod").containsEntry("errors", 1).containsEntry("codes", "TST0001");
    assertThat(refused.findings()).extracting(Finding::code).containsExactly("TST0001");
    assertThat(refused.getMessage()).contains("Front bookinfo/ratings");
    assertThat(clusters.writes()).isZero();
    assertThat(clusters.cluster("mcpc-1").objects()).isEmpty();

    assertThat(listener.of(AnalysisCompleted.class)).singleElement().satisfies(e -> {
      assertThat(e.purpose()).isEqualTo(AnalysisCompleted.Purpose.PREFLIGHT);
      assertThat(e.planHash()).contains(plan.hash());
      assertThat(e.introducedErrors()).isEqualTo(1);
      assertThat(e.errors()).isEqualTo(1);
    });

    ApplyResult forced = plan.apply(ApplyMode.STANDARD, Preflight.SKIP);

    assertThat(forced.successful()).isTrue();
    assertThat(clusters.cluster("mcpc-1").find("Front", "bookinfo", "ratings")).isPresent();
  }

  @Test
  @DisplayName("an asynchronous apply fails with the refusal, and the plan stays applicable")
  void preflightRefusesAsync() throws Exception {
    Plan plan = prod.policies().plan(routesOnly());

    CompletableFuture<ApplyResult> future = plan.applyAsync();

    assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AnalysisRejectedException.class);
    assertThat(clusters.writes()).isZero();
    assertThat(plan.applyAsync(ApplyMode.STANDARD, Preflight.SKIP).get().successful()).isTrue();
  }

  @Test
  @DisplayName("errors the live state already has never block a plan, and valid policies apply")
  void oldErrorsDoNotBlock() {
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "orders", "orders"));

    assertThat(prod.policies().apply(reviews(90, 10)).successful()).isTrue();
    assertThat(prod.analyze().errors()).hasSize(1);
  }

  @Test
  @DisplayName("a cluster that cannot be read makes the report partial, and absence is not concluded from it")
  void unreadableClusterMakesThePartialReport() {
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "orders", "orders"));
    unreachable.add("bj-1");

    AnalysisReport report = prod.analyze();

    assertThat(report.partial()).isTrue();
    assertThat(report.unreadable()).containsOnlyKeys("bj-1");
    assertThat(report.unreadable().get("bj-1")).contains("connection refused by bj-1");
    assertThat(report.findings("TST0001")).as("Backing is incomplete, so no Front is judged").isEmpty();
    assertThat(report.render()).contains("! cluster bj-1 could not be read");
    assertThat(listener.of(AnalysisCompleted.class)).singleElement().satisfies(e -> {
      assertThat(e.purpose()).isEqualTo(AnalysisCompleted.Purpose.LIVE);
      assertThat(e.unreadable()).containsExactly("bj-1");
    });
  }

  @Test
  @DisplayName("suppressions by code and object pattern, and by either annotation, hide findings and are counted")
  void suppressions() {
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "orders", "orders"));
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "stock", "stock"));
    clusters.cluster("mcpc-1").putOutOfBand(front("shop", "cart", "cart")
        .withAnnotation(Suppression.ANNOTATION, "MSH0001, TST0001"));
    clusters.cluster("bj-1").putOutOfBand(front("shop", "pay", "pay")
        .withAnnotation(Suppression.ISTIO_ANNOTATION, "TST0001"));

    AnalysisReport annotated = prod.analyze();
    AnalysisReport both = prod.analyze(AnalysisOptions.builder()
        .addSuppression(Suppression.of("TST*", "Front legacy/or*")).build());
    AnalysisReport audit = prod.analyze(AnalysisOptions.builder().honourAnnotations(false).build());
    AnalysisReport errorsOnly = prod.analyze(AnalysisOptions.builder()
        .addSuppression(Suppression.of("TST0001")).build());

    assertThat(annotated.errors()).extracting(f -> f.resource().orElseThrow().name()).containsExactly("orders", "stock");
    assertThat(annotated.suppressed()).isEqualTo(2);
    assertThat(both.errors()).extracting(f -> f.resource().orElseThrow().name()).containsExactly("stock");
    assertThat(both.suppressed()).isEqualTo(3);
    assertThat(audit.errors()).hasSize(4);
    assertThat(errorsOnly.errors()).isEmpty();
    assertThat(errorsOnly.suppressed()).isEqualTo(4);
  }

  @Test
  @DisplayName("suppressed errors do not block a plan")
  void suppressedErrorsDoNotBlock() {
    TrafficPolicy annotated = PolicyBuilder.forService("ratings").inNamespace("bookinfo")
        .route(r -> r.toHost("ratings")).build();
    // the annotation travels with the object only if the backend writes it; here the live object carries it
    clusters.cluster("mcpc-1").putOutOfBand(front("bookinfo", "orders", "orders")
        .withAnnotation(Suppression.ANNOTATION, "TST0001"));
    assertThat(prod.analyze().findings("TST0001")).isEmpty();
    assertThat(catchThrowableOfType(() -> prod.policies().apply(annotated), AnalysisRejectedException.class))
        .isNotNull();
  }

  @Test
  @DisplayName("Secrets reach analyzers, reports and logs as metadata only")
  void secretsAsMetadataOnly() {
    ObjectNode secret = MeshResource.skeleton("v1", "Secret", "istio-system", "cacerts");
    secret.put("type", "Opaque");
    secret.putObject("data").put("password", SECRET_BYTES);
    secret.putObject("stringData").put("token", SECRET_TEXT);
    ((ObjectNode) secret.get("metadata")).putObject("annotations")
        .put("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"" + SECRET_BYTES + "\"}}")
        .put("team", "security");
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(secret));

    AnalysisReport report = prod.analyze();

    assertThat(backend.secretsSeen).singleElement().satisfies(seen -> {
      assertThat(seen.name()).isEqualTo("cacerts");
      assertThat(seen.annotations()).containsEntry("team", "security")
          .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
      assertThat(seen.content().has("data")).isFalse();
      assertThat(seen.content().has("stringData")).isFalse();
      assertThat(seen.content().path("type").asText()).isEqualTo("Opaque");
    });
    assertThat(report.findings("TST0002")).hasSize(1);
    assertThat(report.toJson()).doesNotContain(SECRET_BYTES).doesNotContain(SECRET_TEXT);
    assertThat(report.render()).doesNotContain(SECRET_BYTES).doesNotContain(SECRET_TEXT);
  }

  @Test
  @DisplayName("an analyzer that fails is reported as a finding, and the others still report")
  void failingAnalyzer() {
    clusters.cluster("mcpc-1").putOutOfBand(front("legacy", "orders", "orders"));
    backend.failing = true;

    AnalysisReport report = prod.analyze();

    assertThat(report.findings("MSH0000")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("flaky").contains("IllegalStateException"));
    assertThat(report.findings("TST0001")).hasSize(1);
  }

  @Test
  @DisplayName("files are analyzed offline, recursively, and findings name no cluster")
  void offline(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("legacy"));
    Files.writeString(dir.resolve("legacy/fronts.yaml"), "apiVersion: test.meshsdk.io/v1\nkind: Front\n"
        + "metadata: {name: orders, namespace: legacy}\nspec: {host: orders}\n---\n"
        + "apiVersion: test.meshsdk.io/v1\nkind: Front\nmetadata: {name: cart, namespace: legacy}\nspec: {host: cart}\n");
    Files.writeString(dir.resolve("backings.yml"), "apiVersion: test.meshsdk.io/v1\nkind: Backing\n"
        + "metadata: {name: cart, namespace: legacy}\nspec: {host: cart}\n");
    Files.writeString(dir.resolve("README.txt"), "not a manifest");

    AnalysisReport report = meshes.analyzeFiles(dir);

    assertThat(report.mesh()).isEmpty();
    assertThat(report.objects()).isEqualTo(3);
    assertThat(report.errors()).singleElement().satisfies(f -> {
      assertThat(f.resource().orElseThrow().name()).isEqualTo("orders");
      assertThat(f.cluster()).isEmpty();
    });
    assertThat(meshes.analyzeFiles(dir.resolve("legacy")).errors())
        .as("without any Backing in the files, a missing one is not concluded").isEmpty();
  }

  @Test
  @DisplayName("offline, a missing path or a document that is not an object is refused by name")
  void offlineBadInput(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), "- just\n- a list\n");

    ValidationException missing = catchThrowableOfType(
        () -> meshes.analyzeFiles(dir.resolve("nowhere")), ValidationException.class);
    ValidationException bad = catchThrowableOfType(() -> meshes.analyzeFiles(dir), ValidationException.class);

    assertThat(missing.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("paths[0]"));
    assertThat(bad.violations()).singleElement().satisfies(v -> assertThat(v.field()).contains("bad.yaml"));
  }
}
