package io.meshsdk.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.istio.InterceptedConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("East-west gateway instances and the multicluster status of a hosted mesh")
class EastWestInstancesTest {
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final InMemoryMeshStore store = new InMemoryMeshStore();
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(clusters).store(store).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh").build());
    meshes.clusters().register(ClusterSpec.builder().name("sh-2").network("net-sh").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private List<String> eastWest(String cluster) {
    return clusters.cluster(cluster).objects().stream()
        .filter(o -> EastWestInstances.NAME.equals(o.labels().get("mesh.meshsdk.io/gateway")))
        .map(o -> o.ref().toString()).sorted().collect(Collectors.toList());
  }

  @Test
  @DisplayName("a member on a new network gets the east-west gateway instance Istio's multi-network guide describes")
  void joinOnNewNetwork() {
    prod.join("bj-1");
    assertThat(eastWest("bj-1")).isEmpty();
    assertThat(eastWest("mcpc-1")).isEmpty();

    prod.join("sh-1");

    assertThat(eastWest("sh-1")).containsExactly("Deployment istio-system/istio-eastwestgateway",
        "Role istio-system/istio-eastwestgateway", "RoleBinding istio-system/istio-eastwestgateway",
        "Service istio-system/istio-eastwestgateway", "ServiceAccount istio-system/istio-eastwestgateway");
    assertThat(eastWest("mcpc-1")).as("the control plane's network needs one too").hasSize(5);
    assertThat(eastWest("bj-1")).as("one instance per network").isEmpty();
    MeshResource deployment = clusters.cluster("sh-1").find("Deployment", "istio-system", "istio-eastwestgateway")
        .orElseThrow();
    JsonNode template = deployment.field("spec").orElseThrow().path("template");
    assertThat(template.path("metadata").path("labels").path("topology.istio.io/network").asText()).isEqualTo("net-sh");
    assertThat(template.path("metadata").path("labels").path("istio").asText()).isEqualTo("eastwestgateway");
    assertThat(template.path("metadata").path("annotations").path("inject.istio.io/templates").asText())
        .isEqualTo("gateway");
    List<String> env = new ArrayList<>();
    template.path("spec").path("containers").get(0).path("env")
        .forEach(e -> env.add(e.path("name").asText() + "=" + e.path("value").asText()));
    assertThat(env).contains("ISTIO_META_REQUESTED_NETWORK_VIEW=net-sh");
    List<String> ports = new ArrayList<>();
    clusters.cluster("sh-1").find("Service", "istio-system", "istio-eastwestgateway").orElseThrow()
        .field("spec").orElseThrow().path("ports")
        .forEach(p -> ports.add(p.path("name").asText() + ":" + p.path("port").asInt()));
    assertThat(ports).contains("tls:15443", "tls-istiod:15012", "tls-webhook:15017");
    assertThat(prod.gateways().list()).extracting(g -> g.cluster() + ":" + g.kind())
        .containsExactly("mcpc-1:EAST_WEST", "sh-1:EAST_WEST");
  }

  @Test
  @DisplayName("leaving moves the network's instance to a remaining member, and removes all once one network is left")
  void leave() {
    prod.join("sh-1");
    prod.join("sh-2");
    assertThat(eastWest("sh-2")).isEmpty();

    prod.leave("sh-1");
    assertThat(eastWest("sh-1")).isEmpty();
    assertThat(eastWest("sh-2")).hasSize(5);

    prod.join("bj-1");
    prod.leave("sh-2");
    assertThat(eastWest("sh-2")).isEmpty();
    assertThat(eastWest("mcpc-1")).as("a single network needs no east-west gateway").isEmpty();
    assertThat(clusters.cluster("sh-2").find("Namespace", null, "istio-system")).isPresent();
  }

  @Test
  @DisplayName("joining a member on a network that has its gateway reads no other member")
  void boundedWork() {
    meshes.clusters().register(ClusterSpec.builder().name("bj-2").network("net-hub").build());
    prod.join("bj-1");
    prod.join("sh-1");
    long bjLists = clusters.cluster("bj-1").lists();
    long shLists = clusters.cluster("sh-1").lists();

    prod.join("bj-2");

    assertThat(eastWest("bj-2")).isEmpty();
    assertThat(clusters.cluster("bj-1").lists()).isEqualTo(bjLists);
    assertThat(clusters.cluster("sh-1").lists()).isEqualTo(shLists);
  }

  @Test
  @DisplayName("an east-west gateway someone else installed is left as it is")
  void foreignGateway() {
    ObjectNode deployment = MeshResource.skeleton("apps/v1", "Deployment", "istio-system", "istio-eastwestgateway");
    clusters.cluster("sh-1").putOutOfBand(MeshResource.of(deployment));

    prod.join("sh-1");
    prod.leave("sh-1");

    assertThat(clusters.cluster("sh-1").find("Deployment", "istio-system", "istio-eastwestgateway")).isPresent();
    assertThat(eastWest("sh-1")).isEmpty();
  }

  @Test
  @DisplayName("multicluster status names the remote secret, the east-west address and which endpoints are visible")
  void connectivity() {
    prod.join("bj-1");
    prod.join("sh-1");

    List<MemberConnectivity> before = prod.gateways().connectivity();
    assertThat(before).extracting(MemberConnectivity::member).containsExactly("bj-1", "sh-1");
    MemberConnectivity sh = before.get(1);
    assertThat(sh.remoteSecretPresent()).isTrue();
    assertThat(sh.eastWestGatewayNeeded()).isTrue();
    assertThat(sh.eastWestGatewayAddress()).isEmpty();
    assertThat(sh.endpointsVisibleFrom()).isEmpty();
    assertThat(sh.connected()).isFalse();
    assertThat(sh.problems()).anySatisfy(p -> assertThat(p).contains("network net-sh has no address"));

    giveAddress("sh-1", "198.51.100.20");
    giveAddress("mcpc-1", "198.51.100.10");

    List<MemberConnectivity> after = prod.gateways().connectivity();
    assertThat(after.get(1).eastWestGatewayAddress()).contains("198.51.100.20");
    assertThat(after.get(1).endpointsVisibleFrom()).containsExactly("bj-1");
    assertThat(after.get(0).eastWestGatewayAddress()).contains("198.51.100.10");
    assertThat(after).allSatisfy(m -> assertThat(m.connected()).as(m.problems().toString()).isTrue());

    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    mcpc.removeOutOfBand(ResourceRef.of("v1", "Secret", "istio-system", "istio-remote-secret-bj-1"));
    List<MemberConnectivity> lost = prod.gateways().connectivity();
    assertThat(lost.get(0).remoteSecretPresent()).isFalse();
    assertThat(lost.get(1).endpointsVisibleFrom()).isEmpty();
    assertThat(lost.get(1).problems()).anySatisfy(p -> assertThat(p).contains("no remote secret for bj-1"));
  }

  @Test
  @DisplayName("multicluster status reads each remote secret and each network's gateways once, however many members")
  void connectivityReadsOnce() {
    prod.join("bj-1");
    prod.join("sh-1");
    prod.join("sh-2");
    Map<String, Integer> reads = new ConcurrentHashMap<>();
    ClusterConnector counting = new InterceptedConnector(clusters, (cluster, method, args, call) -> {
      if (method.getName().equals("get") && args[2].toString().startsWith("istio-remote-secret-")) {
        reads.merge("get " + args[2], 1, Integer::sum);
      } else if (method.getName().equals("list") && ((ResourceType) args[0]).kind().equals("Service")) {
        reads.merge("list Service " + cluster, 1, Integer::sum);
      }
      return call.call();
    });
    try (MeshManager console = MeshManager.builder().connector(counting).store(store).build()) {
      List<MemberConnectivity> report = console.get("prod").gateways().connectivity();

      assertThat(report).extracting(MemberConnectivity::member).containsExactly("bj-1", "sh-1", "sh-2");
      assertThat(reads).as("three members, each of them asked about its peers").isEqualTo(Map.of(
          "get istio-remote-secret-bj-1", 1, "get istio-remote-secret-sh-1", 1, "get istio-remote-secret-sh-2", 1,
          "list Service mcpc-1", 1, "list Service bj-1", 1, "list Service sh-1", 1, "list Service sh-2", 1));
    }
  }

  private void giveAddress(String cluster, String ip) {
    InMemoryCluster target = clusters.cluster(cluster);
    ObjectNode service = target.find("Service", "istio-system", "istio-eastwestgateway").orElseThrow().content();
    service.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", ip);
    target.putOutOfBand(MeshResource.of(service));
  }

  @Test
  @DisplayName("the east-west instance is an EAST_WEST gateway of the mesh, with its network")
  void listed() {
    prod.join("sh-1");
    assertThat(prod.gateways().list()).allSatisfy(g -> {
      assertThat(g.kind()).isEqualTo(GatewayKind.EAST_WEST);
      assertThat(g.network()).isPresent();
    });
  }
}
