package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.ValidationException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.TrafficPassThrough;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sidecar injection")
class SidecarsTest {
  private EngineFixture fixture;
  private Mesh prod;
  private InMemoryCluster bj;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1", "bj-1");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    bj = fixture.clusters.cluster("bj-1");
    bj.putOutOfBand(namespace("bookinfo", Map.of("team", "shop")));
    bj.putOutOfBand(deployment("bookinfo", "reviews-v1", "reviews"));
    bj.putOutOfBand(deployment("bookinfo", "ratings-v1", "ratings"));
    bj.putOutOfBand(pod("bookinfo", "reviews-v1-a", "reviews", false));
    bj.putOutOfBand(pod("bookinfo", "reviews-v1-b", "reviews", false));
    bj.putOutOfBand(pod("bookinfo", "ratings-v1-a", "ratings", true));
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  private static MeshResource namespace(String name, Map<String, String> labels) {
    ObjectNode object = MeshResource.skeleton("v1", "Namespace", null, name);
    ObjectNode labelNode = ((ObjectNode) object.get("metadata")).putObject("labels");
    labels.forEach(labelNode::put);
    return MeshResource.of(object);
  }

  private static MeshResource deployment(String namespace, String name, String app) {
    ObjectNode object = MeshResource.skeleton("apps/v1", "Deployment", namespace, name);
    ObjectNode spec = object.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", app);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", app);
    template.putObject("spec").putArray("containers").addObject().put("name", app).put("image", app + ":1");
    return MeshResource.of(object);
  }

  private static MeshResource pod(String namespace, String name, String app, boolean sidecar) {
    ObjectNode object = MeshResource.skeleton("v1", "Pod", namespace, name);
    ((ObjectNode) object.get("metadata")).putObject("labels").put("app", app);
    var containers = object.putObject("spec").putArray("containers");
    containers.addObject().put("name", app);
    if (sidecar) {
      containers.addObject().put("name", "istio-proxy");
    }
    return MeshResource.of(object);
  }

  @Test
  @DisplayName("labels a namespace for injection and keeps its other labels")
  void enablesNamespace() {
    prod.sidecars().enableInjection("bj-1", "bookinfo");

    assertThat(bj.find("Namespace", null, "bookinfo").orElseThrow().labels())
        .isEqualTo(Map.of("team", "shop", "istio-injection", "enabled"));
  }

  @Test
  @DisplayName("uses the revision label when the mesh names an istiod revision")
  void revisionAware() {
    fixture.meshes.clusters().register(io.meshsdk.cluster.ClusterSpec.builder().name("dev-1").build());
    Mesh dev = fixture.meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").revision("1-24-0").build());
    InMemoryCluster devCluster = fixture.clusters.cluster("dev-1");
    devCluster.putOutOfBand(namespace("shop", Map.of("istio-injection", "enabled")));

    dev.sidecars().enableInjection("dev-1", "shop");

    assertThat(devCluster.find("Namespace", null, "shop").orElseThrow().labels())
        .isEqualTo(Map.of("istio.io/rev", "1-24-0"));
  }

  @Test
  @DisplayName("lists the workloads whose pods need a restart to get or lose a sidecar")
  void pendingRestarts() {
    assertThat(prod.sidecars().pendingRestarts("bj-1"))
        .containsExactly(WorkloadRestart.of("bookinfo", "ratings-v1", WorkloadRestart.Reason.HAS_UNWANTED_SIDECAR, 1));

    prod.sidecars().enableInjection("bj-1", "bookinfo");

    assertThat(prod.sidecars().pendingRestarts("bj-1"))
        .containsExactly(WorkloadRestart.of("bookinfo", "reviews-v1", WorkloadRestart.Reason.NEEDS_SIDECAR, 2));

    prod.sidecars().setWorkloadInjection("bj-1", "bookinfo", "reviews-v1", false);

    assertThat(prod.sidecars().pendingRestarts("bj-1")).isEmpty();
    assertThat(bj.find("Deployment", "bookinfo", "reviews-v1").orElseThrow().field("spec").orElseThrow()
        .at("/template/metadata/labels/sidecar.istio.io~1inject").asText()).isEqualTo("false");
  }

  @Test
  @DisplayName("sets and clears the pass-through annotations of a workload")
  void passThrough() {
    prod.sidecars().setPassThrough("bj-1", "bookinfo", "reviews-v1", TrafficPassThrough.builder()
        .addExcludeInboundPort(9901).addExcludeOutboundPort(5432).addExcludeOutboundIpRange("10.96.0.0/12").build());

    var annotations = bj.find("Deployment", "bookinfo", "reviews-v1").orElseThrow().field("spec").orElseThrow()
        .at("/template/metadata/annotations");
    assertThat(annotations.path("traffic.sidecar.istio.io/excludeInboundPorts").asText()).isEqualTo("9901");
    assertThat(annotations.path("traffic.sidecar.istio.io/excludeOutboundPorts").asText()).isEqualTo("5432");
    assertThat(annotations.path("traffic.sidecar.istio.io/excludeOutboundIPRanges").asText()).isEqualTo("10.96.0.0/12");
    assertThat(annotations.has("traffic.sidecar.istio.io/includeOutboundIPRanges")).isFalse();

    prod.sidecars().setPassThrough("bj-1", "bookinfo", "reviews-v1", TrafficPassThrough.builder().build());

    assertThat(bj.find("Deployment", "bookinfo", "reviews-v1").orElseThrow().field("spec").orElseThrow()
        .at("/template/metadata/annotations").size()).isZero();
  }

  @Test
  @DisplayName("refuses clusters that run none of the mesh's workloads, and unknown objects")
  void placement() {
    assertThatThrownBy(() -> prod.sidecars().enableInjection("mcpc-1", "bookinfo"))
        .isInstanceOfSatisfying(MeshException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED);
          assertThat(e.getMessage()).contains("cluster mcpc-1 is not a data-plane cluster of mesh prod", "[bj-1]");
        });
    assertThatThrownBy(() -> prod.sidecars().enableInjection("bj-1", "nope")).isInstanceOf(MeshNotFoundException.class);
    assertThatThrownBy(() -> TrafficPassThrough.builder().addExcludeInboundPort(0).addIncludeOutboundIpRange("10.0.0.0/33").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(v -> v.field()).containsExactly("excludeInboundPorts[0]", "includeOutboundIpRanges[0]"));
  }
}
