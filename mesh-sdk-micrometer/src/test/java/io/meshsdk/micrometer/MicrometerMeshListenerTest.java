package io.meshsdk.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.AnalysisRejectedException;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.demo.SyntheticTraffic;
import io.meshsdk.demo.SyntheticTraffic.Workload;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.topology.TopologyQuery;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Micrometer instrumentation")
class MicrometerMeshListenerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final Workload productpage = Workload.of("bj-1", "bookinfo", "productpage-v1").app("productpage")
      .version("v1").service("productpage");
  private final Workload reviews = Workload.of("bj-1", "bookinfo", "reviews-v1").app("reviews").version("v1")
      .service("reviews");
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    SyntheticTraffic traffic = SyntheticTraffic.builder()
        .call(Workload.unknown(), productpage, c -> c.http(20))
        .call(productpage, reviews, c -> c.http(10).errors(0.1, 503))
        .build();
    meshes = MicrometerMeshListener.bindTo(MeshManager.builder(), registry, observations)
        .connector(clusters)
        .telemetry(traffic.telemetrySource())
        .build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @Test
  @DisplayName("time plans and applies and count every object written per cluster, action and status")
  void planAndApply() {
    Plan plan = prod.policies().plan(canary(90, 10));
    ApplyResult result = plan.apply();
    prod.policies().plan(canary(90, 10));

    assertThat(result.successful()).isTrue();
    assertThat(registry.get("meshsdk.plans").tags("mesh", "prod", "operation", "apply", "outcome", "changed")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.plans").tags("mesh", "prod", "operation", "apply", "outcome", "unchanged")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.applies").tags("mesh", "prod", "operation", "apply", "outcome", "success")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.cluster.applies").tags("mesh", "prod", "cluster", "mcpc-1", "outcome", "success")
        .timer().count()).isEqualTo(1);
    double created = registry.get("meshsdk.apply.objects")
        .tags("mesh", "prod", "cluster", "mcpc-1", "action", "create", "status", "applied").counter().count();
    assertThat(created).isEqualTo(result.writes()).isPositive();
    assertThat(registry.find("meshsdk.apply.retries").meters()).isEmpty();
    assertThat(registry.find("meshsdk.conflicts").meters()).isEmpty();
  }

  @Test
  @DisplayName("count the objects an adoption takes over under their own action")
  void adoption() {
    // the VirtualService the policy wants, as another tool would have written it before
    MeshResource foreign = prod.policies().plan(canary(90, 10)).changes().stream()
        .filter(c -> c.ref().kind().equals("VirtualService")).findFirst().orElseThrow().desired().orElseThrow();
    clusters.cluster("mcpc-1").putOutOfBand(withoutOwnership(foreign));

    ApplyResult result = prod.policies().adopt(canary(90, 10)).apply();

    assertThat(result.successful()).isTrue();
    assertThat(registry.get("meshsdk.apply.objects")
        .tags("mesh", "prod", "cluster", "mcpc-1", "action", "adopt", "status", "applied").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("meshsdk.apply.objects")
        .tags("mesh", "prod", "cluster", "mcpc-1", "action", "create", "status", "applied").counter().count())
        .as("the DestinationRule, which did not exist").isEqualTo(1);
  }

  /** The object as another tool would have written it: the SDK's labels and annotations taken off. */
  private static MeshResource withoutOwnership(MeshResource object) {
    ObjectNode content = object.content();
    ObjectNode metadata = (ObjectNode) content.get("metadata");
    metadata.remove("labels");
    metadata.remove("annotations");
    return MeshResource.of(content);
  }

  @Test
  @DisplayName("time analyses by purpose and outcome, and record their findings by severity")
  void analyses() {
    ObjectNode legacy = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", "bookinfo", "reviews-legacy");
    legacy.putObject("spec").putArray("hosts").add("reviews");
    clusters.cluster("mcpc-1").putOutOfBand(MeshResource.of(legacy));

    AnalysisRejectedException refused = catchThrowableOfType(() -> prod.policies().plan(canary(90, 10)).apply(),
        AnalysisRejectedException.class);
    AnalysisReport live = prod.analyze();

    assertThat(registry.get("meshsdk.analyses").tags("mesh", "prod", "purpose", "preflight", "outcome", "refused")
        .timer().count()).isEqualTo(1);
    assertThat(live.errors()).as("nothing was applied: the live state has only the foreign route").isEmpty();
    assertThat(registry.get("meshsdk.analyses").tags("mesh", "prod", "purpose", "live", "outcome", "clean")
        .timer().count()).isEqualTo(1);
    assertThat(refused.report().errors()).isNotEmpty();
    assertThat(registry.get("meshsdk.analysis.findings").tags("mesh", "prod", "severity", "error")
        .summary().totalAmount()).isEqualTo(refused.report().errors().size() + live.errors().size());
  }

  @Test
  @DisplayName("count retried writes and conflicts, and time a failed apply as a failure")
  void retriesAndConflicts() {
    clusters.cluster("mcpc-1").failNextWrites(1, ErrorCode.RATE_LIMITED);
    ApplyResult retried = prod.policies().plan(canary(90, 10)).apply();

    clusters.cluster("mcpc-1").failNextWrites(1, ErrorCode.CONFLICT);
    ApplyResult conflicted = prod.policies().plan(canary(50, 50)).apply();

    assertThat(retried.successful()).isTrue();
    assertThat(conflicted.successful()).isFalse();
    assertThat(registry.get("meshsdk.apply.retries").tags("mesh", "prod", "cluster", "mcpc-1", "error", "rate_limited")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.conflicts").tags("mesh", "prod", "cluster", "mcpc-1", "error", "conflict")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.apply.objects").tags("cluster", "mcpc-1", "status", "failed")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("meshsdk.applies").tags("mesh", "prod", "outcome", "failure").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("meshsdk.applies").tags("mesh", "prod", "outcome", "success").timer().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("observe each apply for tracing, keyed by its plan, with its outcome")
  void observation() {
    Plan plan = prod.policies().plan(canary(90, 10));
    plan.apply();

    assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("meshsdk.apply", 1)
        .hasObservationWithNameEqualTo("meshsdk.apply").that()
        .hasBeenStarted()
        .hasBeenStopped()
        .hasContextualNameEqualTo("apply prod")
        .hasLowCardinalityKeyValue("mesh", "prod")
        .hasLowCardinalityKeyValue("operation", "apply")
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasHighCardinalityKeyValue("plan.hash", plan.hash())
        .doesNotHaveError();
  }

  @Test
  @DisplayName("mark the observation of a failed apply with the error")
  void failedObservation() {
    clusters.cluster("mcpc-1").failNextWrites(1, ErrorCode.CONFLICT);

    prod.policies().plan(canary(90, 10)).apply();

    assertThat(observations).hasObservationWithNameEqualTo("meshsdk.apply").that()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "failure")
        .hasError();
  }

  @Test
  @DisplayName("time topology reads and count membership changes")
  void topologyAndMembership() {
    prod.join("bj-1");
    prod.topology().read(TopologyQuery.lastMinutes(5).namespace("bookinfo"));

    assertThat(registry.get("meshsdk.topology.reads").tags("mesh", "prod", "outcome", "complete").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("meshsdk.topology.queries").tags("mesh", "prod").summary().totalAmount()).isPositive();
    assertThat(registry.get("meshsdk.membership.changes").tags("mesh", "prod", "cluster", "bj-1", "change", "joined")
        .counter().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("never tag a meter with an object's name, a namespace or a plan hash")
  void lowCardinality() {
    Plan plan = prod.policies().plan(canary(90, 10));
    plan.apply();
    clusters.cluster("mcpc-1").failNextWrites(1, ErrorCode.RATE_LIMITED);
    prod.policies().plan(canary(50, 50)).apply();
    prod.join("bj-1");
    prod.topology().read(TopologyQuery.lastMinutes(5).namespace("bookinfo"));

    Set<String> keys = registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(Tag::getKey)
        .collect(Collectors.toSet());
    Set<String> values = registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream())
        .map(Tag::getValue).collect(Collectors.toSet());
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("meshsdk.plans",
        "meshsdk.applies", "meshsdk.apply.objects", "meshsdk.apply.retries", "meshsdk.topology.reads");
    assertThat(keys).containsOnly("mesh", "cluster", "operation", "outcome", "action", "status", "error", "change",
        "purpose", "severity");
    assertThat(values).doesNotContain("bookinfo", "reviews", plan.hash())
        .allSatisfy(v -> assertThat(v).doesNotContain("reviews").doesNotContain("bookinfo"));
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getType()).isIn(Meter.Type.TIMER,
        Meter.Type.COUNTER, Meter.Type.DISTRIBUTION_SUMMARY));
  }

  private static TrafficPolicy canary(int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2))
        .build();
  }
}
