package io.meshsdk.istio.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshsdk.AnalysisRejectedException;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Analysis with the Istio backend")
class IstioAnalysisTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager meshes;
  private Mesh prod;
  private InMemoryCluster mcpc;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc").build());
    prod.join("bj-1");
    mcpc = clusters.cluster("mcpc");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static TrafficPolicy canary() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10).timeout(Duration.ofSeconds(2)))
        .build();
  }

  @Test
  @DisplayName("a plan whose VirtualService would claim a host a foreign one routes is refused, and nothing is written")
  void preflightRefusesASecondOwnerOfAHost() {
    MeshChecksTest.objects(MeshChecksTest.fixtureDir("MSH0006", "positive").resolve("mcpc.yaml")).stream()
        .filter(o -> o.name().equals("reviews-routes"))
        .forEach(mcpc::putOutOfBand);
    long writes = clusters.writes();
    Plan plan = prod.policies().plan(canary());

    AnalysisRejectedException refused = catchThrowableOfType(plan::apply, AnalysisRejectedException.class);

    // Istio's own code for two VirtualServices of one host on the mesh gateway comes with the SDK's
    assertThat(refused.findings()).extracting(Finding::code).containsOnly("MSH0006", "IST0109");
    assertThat(refused.findings()).filteredOn(f -> f.code().equals("MSH0006")).singleElement()
        .satisfies(f -> assertThat(f.related()).containsExactly("mcpc: VirtualService legacy/reviews-routes"));
    assertThat(clusters.writes()).isEqualTo(writes);
    assertThat(mcpc.find("VirtualService", "bookinfo", "reviews")).isEmpty();
    assertThat(plan.apply(ApplyMode.STANDARD, Preflight.SKIP).successful()).isTrue();
    assertThat(prod.analyze().errors()).filteredOn(f -> !f.dependsOnDeployment()).extracting(Finding::code)
        .containsOnly("MSH0006", "IST0109");
  }

  @Test
  @DisplayName("plans of valid policies apply, and analyzing the mesh afterwards finds no error")
  void validPoliciesApply() {
    InMemoryCluster member = clusters.cluster("bj-1");
    member.putOutOfBand(MeshResource.parse("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":"
        + "{\"namespace\":\"bookinfo\",\"name\":\"reviews\"},\"spec\":{\"selector\":{\"app\":\"reviews\"},"
        + "\"ports\":[{\"name\":\"http\",\"port\":9080}]}}"));
    for (String version : List.of("v1", "v2")) {
      member.putOutOfBand(MeshResource.parse("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
          + "{\"namespace\":\"bookinfo\",\"name\":\"reviews-" + version + "\",\"labels\":"
          + "{\"app\":\"reviews\",\"version\":\"" + version + "\"}},\"spec\":{\"containers\":"
          + "[{\"name\":\"reviews\",\"image\":\"example.com/reviews\"}]},\"status\":{\"phase\":\"Running\"}}"));
    }

    assertThat(prod.policies().apply(canary()).successful()).isTrue();

    AnalysisReport report = prod.analyze();

    assertThat(report.hasErrors()).as(report.render()).isFalse();
    assertThat(report.objects()).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("plans for services not deployed yet apply; analysis reports what waits for the deployment")
  void policiesBeforeTheirServices() {
    Plan plan = prod.policies().plan(canary());

    assertThat(plan.analyze().blockingErrors()).as(plan.analyze().render()).isEmpty();
    assertThat(plan.apply().successful()).isTrue();

    AnalysisReport report = prod.analyze();
    assertThat(report.errors()).extracting(Finding::code).contains("IST0101");
    assertThat(report.errors()).allSatisfy(f -> assertThat(f.dependsOnDeployment()).as(f.toString()).isTrue());
  }

  @Test
  @DisplayName("analyzing a plan that would turn off TLS under STRICT mTLS shows the new error before anything is written")
  void whatIfShowsANewError() {
    MeshChecksTest.objects(MeshChecksTest.fixtureDir("MSH0004", "positive").resolve("mcpc.yaml")).stream()
        .filter(o -> o.kind().equals("PeerAuthentication")).forEach(mcpc::putOutOfBand);
    MeshResource disabling = MeshChecksTest.objects(MeshChecksTest.fixtureDir("MSH0004", "positive")
        .resolve("mcpc.yaml")).stream().filter(o -> o.kind().equals("DestinationRule")).findFirst().orElseThrow();
    Plan plan = prod.policies().plan(PolicyBuilder.raw(disabling.toYaml()).build());

    AnalysisReport report = plan.analyze();

    assertThat(report.introducedErrors()).extracting(MeshChecksTest::describe)
        .containsExactly("ERROR mcpc DestinationRule bookinfo/ratings spec.trafficPolicy.tls.mode");
    assertThat(mcpc.find("DestinationRule", "bookinfo", "ratings")).isEmpty();
  }

  @Test
  @DisplayName("offline, the fixtures' files give the same findings without a cluster, and only where files can tell")
  void offline() {
    Path mtls = MeshChecksTest.fixtureDir("MSH0004", "positive");
    Path member = MeshChecksTest.fixtureDir("MSH0002", "positive");

    AnalysisReport strict = meshes.analyzeFiles(mtls);
    AnalysisReport onMember = meshes.analyzeFiles(member);

    assertThat(strict.findings("MSH0004")).extracting(MeshChecksTest::describe)
        .containsExactly("ERROR - DestinationRule bookinfo/ratings spec.trafficPolicy.tls.mode");
    assertThat(onMember.findings("MSH0002")).as("files have no member cluster").isEmpty();
    assertThat(onMember.objects()).isEqualTo(1);
  }
}
