package io.meshsdk.istio.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewayServiceType;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.gateway.GatewayStatus;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Gateway instances of a mesh on in-memory clusters")
class GatewayInstancesTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("lone").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "istio-ingress")));
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static GatewaySpec.Builder ingress() {
    return GatewaySpec.builder().name("public").cluster("bj-1").namespace("istio-ingress").kind(GatewayKind.INGRESS);
  }

  private List<String> gatewayObjects(String cluster) {
    return clusters.cluster(cluster).objects().stream()
        .filter(o -> "public".equals(o.labels().get("mesh.meshsdk.io/gateway")))
        .map(o -> o.ref().toString()).sorted().collect(Collectors.toList());
  }

  private MeshResource find(String kind, String name) {
    return clusters.cluster("bj-1").find(kind, "istio-ingress", name).orElseThrow();
  }

  @Test
  @DisplayName("a plan creates the Deployment, Service, ServiceAccount, Role and RoleBinding with Istio's gateway injection")
  void creates() {
    Plan plan = prod.gateways().plan(ingress().build());
    assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.CREATE);
    assertThat(gatewayObjects("bj-1")).isEmpty();
    assertThat(plan.render()).contains("+ create Deployment istio-ingress/public", "inject.istio.io/templates: gateway",
        "+ create Service istio-ingress/public");

    assertThat(plan.apply().successful()).isTrue();

    assertThat(gatewayObjects("bj-1")).containsExactly("Deployment istio-ingress/public", "Role istio-ingress/public",
        "RoleBinding istio-ingress/public", "Service istio-ingress/public", "ServiceAccount istio-ingress/public");
    MeshResource deployment = find("Deployment", "public");
    assertThat(deployment.labels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk")
        .containsEntry("mesh.meshsdk.io/mesh", "prod").containsEntry("mesh.meshsdk.io/component", "gateway");
    JsonNode template = deployment.field("spec").orElseThrow().path("template");
    assertThat(template.path("metadata").path("annotations").path("inject.istio.io/templates").asText())
        .isEqualTo("gateway");
    assertThat(template.path("metadata").path("labels").path("sidecar.istio.io/inject").asText()).isEqualTo("true");
    assertThat(template.path("metadata").path("labels").path("istio").asText()).isEqualTo("ingressgateway");
    JsonNode container = template.path("spec").path("containers").get(0);
    assertThat(container.path("name").asText()).isEqualTo("istio-proxy");
    assertThat(container.path("image").asText()).isEqualTo("auto");
    assertThat(container.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(template.path("spec").path("serviceAccountName").asText()).isEqualTo("public");
    assertThat(deployment.field("spec").orElseThrow().path("replicas").asInt()).isEqualTo(1);

    JsonNode service = find("Service", "public").field("spec").orElseThrow();
    assertThat(service.path("type").asText()).isEqualTo("LoadBalancer");
    List<String> ports = new ArrayList<>();
    service.path("ports").forEach(p -> ports.add(p.path("name").asText() + ":" + p.path("port").asInt() + "->"
        + p.path("targetPort").asInt()));
    assertThat(ports).containsExactly("status-port:15021->15021", "http2:80->8080", "https:443->8443");
    assertThat(service.path("selector").path("istio").asText()).isEqualTo("ingressgateway");
    JsonNode rules = find("Role", "public").field("rules").orElseThrow();
    assertThat(rules.get(0).path("resources").get(0).asText()).isEqualTo("secrets");
    assertThat(find("RoleBinding", "public").field("subjects").orElseThrow().get(0).path("name").asText())
        .isEqualTo("public");

    assertThat(prod.gateways().plan(ingress().build()).hasChanges()).as("planned again").isFalse();
    assertThat(prod.gateways().list()).containsExactly(ingress().build());
  }

  @Test
  @DisplayName("scaling adds a PodDisruptionBudget and an autoscaler that owns the replicas; scaling back removes them")
  void scales() {
    prod.gateways().plan(ingress().build()).apply();
    GatewaySpec scaled = ingress().replicas(2).maxReplicas(6).targetCpuUtilization(70)
        .cpuRequest("500m").memoryRequest("256Mi").memoryLimit("1Gi").revision("1-24-0").build();

    Plan plan = prod.gateways().plan(scaled);
    assertThat(plan.changes()).filteredOn(c -> c.action() == ChangeAction.CREATE).extracting(c -> c.ref().kind())
        .containsExactly("PodDisruptionBudget", "HorizontalPodAutoscaler");
    assertThat(plan.apply().successful()).isTrue();

    JsonNode hpa = find("HorizontalPodAutoscaler", "public").field("spec").orElseThrow();
    assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(6);
    assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("public");
    assertThat(hpa.path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt())
        .isEqualTo(70);
    assertThat(find("PodDisruptionBudget", "public").field("spec").orElseThrow().path("minAvailable").asInt())
        .isEqualTo(1);
    JsonNode spec = find("Deployment", "public").field("spec").orElseThrow();
    assertThat(spec.has("replicas")).as("replicas left to the autoscaler").isFalse();
    JsonNode template = spec.path("template");
    assertThat(template.path("metadata").path("labels").path("istio.io/rev").asText()).isEqualTo("1-24-0");
    assertThat(template.path("metadata").path("labels").has("sidecar.istio.io/inject")).isFalse();
    JsonNode resources = template.path("spec").path("containers").get(0).path("resources");
    assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("500m");
    assertThat(resources.path("limits").path("memory").asText()).isEqualTo("1Gi");

    Plan back = prod.gateways().plan(ingress().build());
    assertThat(back.changes()).filteredOn(c -> c.action() == ChangeAction.DELETE).extracting(c -> c.ref().kind())
        .containsExactly("HorizontalPodAutoscaler", "PodDisruptionBudget");
    back.apply();
    assertThat(gatewayObjects("bj-1")).doesNotContain("HorizontalPodAutoscaler istio-ingress/public",
        "PodDisruptionBudget istio-ingress/public");
  }

  @Test
  @DisplayName("an object of the same name that the SDK does not own is refused, and nothing is written")
  void foreignObject() {
    ObjectNode service = MeshResource.skeleton("v1", "Service", "istio-ingress", "public");
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(service));
    long writes = clusters.writes();

    assertThatThrownBy(() -> prod.gateways().plan(ingress().build()))
        .isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("Service istio-ingress/public").hasMessageContaining("does not own it");
    assertThat(clusters.writes()).isEqualTo(writes);
  }

  @Test
  @DisplayName("deleting removes only the instance's own objects, never the namespace or others' objects")
  void deletes() {
    prod.gateways().plan(ingress().maxReplicas(3).replicas(2).build()).apply();
    ObjectNode other = MeshResource.skeleton("v1", "ConfigMap", "istio-ingress", "public");
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(other));

    Plan deletion = prod.gateways().planDeletion("bj-1", "istio-ingress", "public");
    assertThat(deletion.changes()).extracting(c -> c.ref().kind()).containsExactly("HorizontalPodAutoscaler",
        "PodDisruptionBudget", "Service", "Deployment", "RoleBinding", "Role", "ServiceAccount");
    assertThat(deletion.apply().successful()).isTrue();

    assertThat(gatewayObjects("bj-1")).isEmpty();
    assertThat(clusters.cluster("bj-1").find("Namespace", null, "istio-ingress")).isPresent();
    assertThat(clusters.cluster("bj-1").find("ConfigMap", "istio-ingress", "public")).isPresent();
    assertThat(prod.gateways().list()).isEmpty();
    assertThatThrownBy(() -> prod.gateways().planDeletion("bj-1", "istio-ingress", "public"))
        .isInstanceOf(MeshNotFoundException.class);
  }

  @Test
  @DisplayName("status reads ready replicas from the Deployment and the address from the Service's load balancer")
  void status() {
    prod.gateways().plan(ingress().replicas(2).build()).apply();
    assertThat(prod.gateways().status()).singleElement().satisfies(s -> {
      assertThat(s.readyReplicas()).isZero();
      assertThat(s.addresses()).isEmpty();
      assertThat(s.ready()).isFalse();
    });

    InMemoryCluster bj = clusters.cluster("bj-1");
    ObjectNode deployment = find("Deployment", "public").content();
    deployment.putObject("status").put("replicas", 2).put("readyReplicas", 2);
    bj.putOutOfBand(MeshResource.of(deployment));
    ObjectNode service = find("Service", "public").content();
    service.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", "203.0.113.7");
    bj.putOutOfBand(MeshResource.of(service));

    GatewayStatus status = prod.gateways().status().get(0);
    assertThat(status.cluster()).isEqualTo("bj-1");
    assertThat(status.kind()).isEqualTo(GatewayKind.INGRESS);
    assertThat(status.replicas()).isEqualTo(2);
    assertThat(status.readyReplicas()).isEqualTo(2);
    assertThat(status.addresses()).containsExactly("203.0.113.7");
    assertThat(status.ready()).isTrue();
  }

  @Test
  @DisplayName("an egress gateway gets a ClusterIP Service; an east-west one the network settings of Istio's guide")
  void kinds() {
    prod.gateways().plan(GatewaySpec.builder().name("egress").cluster("bj-1").namespace("istio-ingress")
        .kind(GatewayKind.EGRESS).build(), GatewaySpec.builder().name("east-west").cluster("bj-1")
        .namespace("istio-ingress").kind(GatewayKind.EAST_WEST).build()).apply();

    assertThat(find("Service", "egress").field("spec").orElseThrow().path("type").asText()).isEqualTo("ClusterIP");
    assertThat(find("Deployment", "egress").field("spec").orElseThrow().path("template").path("metadata")
        .path("labels").path("istio").asText()).isEqualTo("egressgateway");
    MeshResource eastWest = find("Deployment", "east-west");
    assertThat(eastWest.labels()).containsEntry("topology.istio.io/network", "net-hub");
    JsonNode env = eastWest.field("spec").orElseThrow().path("template").path("spec").path("containers").get(0)
        .path("env");
    List<String> vars = new ArrayList<>();
    env.forEach(e -> vars.add(e.path("name").asText() + "=" + e.path("value").asText()));
    assertThat(vars).containsExactly("ISTIO_META_ROUTER_MODE=sni-dnat", "ISTIO_META_REQUESTED_NETWORK_VIEW=net-hub");
    List<Integer> ports = new ArrayList<>();
    find("Service", "east-west").field("spec").orElseThrow().path("ports").forEach(p -> ports.add(p.path("port").asInt()));
    assertThat(ports).containsExactly(15021, 15443, 15012, 15017);
    assertThat(find("Service", "east-west").labels()).containsEntry("topology.istio.io/network", "net-hub");
    assertThat(prod.gateways().list()).filteredOn(g -> g.name().equals("east-west")).singleElement()
        .satisfies(g -> assertThat(g.network()).contains("net-hub"));
  }

  @Test
  @DisplayName("bad requests are refused with the field named, and nothing is written")
  void badRequests() {
    long writes = clusters.writes();
    assertThatThrownBy(() -> prod.gateways().plan(ingress().cluster("lone").build()))
        .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLACEMENT_REJECTED));
    assertThatThrownBy(() -> prod.gateways().plan(ingress().namespace("missing").build()))
        .isInstanceOf(MeshNotFoundException.class).hasMessageContaining("namespace missing");
    assertThatThrownBy(() -> prod.gateways().plan(ingress().build(), ingress().build()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("gateways[1]"));
    meshes.clusters().register(ClusterSpec.builder().name("nonet").build());
    prod.join("nonet");
    writes = clusters.writes();
    assertThatThrownBy(() -> prod.gateways().plan(GatewaySpec.builder().name("ew").cluster("nonet")
        .kind(GatewayKind.EAST_WEST).build()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("gateways[0].network"));
    assertThat(clusters.writes()).isEqualTo(writes);
  }

  @Test
  @DisplayName("an EXTERNAL mesh runs no gateway instances")
  void external() {
    meshes.clusters().register(ClusterSpec.builder().name("legacy-1").build());
    Mesh legacy = meshes.create(MeshSpec.external("legacy").primaries(List.of("legacy-1")).build());
    assertThatThrownBy(() -> legacy.gateways().plan(GatewaySpec.builder().name("in").cluster("legacy-1")
        .kind(GatewayKind.INGRESS).serviceType(GatewayServiceType.NODE_PORT).build()))
        .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("EXTERNAL");
  }
}
