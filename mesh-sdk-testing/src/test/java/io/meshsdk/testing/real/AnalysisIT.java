package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Analysis of a mesh over two real API servers: objects the SDK did not write and objects it did,
 * on the config cluster and on a member, judged together.
 */
@DisplayName("Analysis on real API servers")
class AnalysisIT {
  static final String CONFIG = "primary";
  static final String MEMBER = "member";
  static final String SECRET_VALUE = "cmVhbC1zZWNyZXQtYnl0ZXM=";
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  private static void create(String cluster, String yaml) {
    KubernetesClient client = servers.client(cluster);
    client.resource(yaml).create();
  }

  @Test
  @DisplayName("finds problems across foreign and SDK objects on two clusters, and never reads Secret data")
  void analyzesTwoClusters() {
    String ns = "analysis";
    for (String cluster : List.of(CONFIG, MEMBER)) {
      servers.createNamespace(cluster, ns);
      servers.createNamespace(cluster, "istio-system");
    }
    create(CONFIG, "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
        + "metadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n");
    create(CONFIG, "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
        + "metadata: {name: ratings, namespace: " + ns + "}\nspec: {host: ratings, trafficPolicy: {tls: {mode: DISABLE}}}\n");
    create(MEMBER, "apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
        + "metadata: {name: details, namespace: " + ns + "}\n"
        + "spec: {hosts: [details], http: [{route: [{destination: {host: details}}]}]}\n");
    create(MEMBER, "apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: " + ns + "}\n"
        + "spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}\n");
    create(MEMBER, "apiVersion: v1\nkind: Pod\nmetadata: {name: reviews-v1, namespace: " + ns
        + ", labels: {app: reviews, version: v1}}\nspec: {containers: [{name: app, image: example/reviews:v1}]}\n");
    create(MEMBER, "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: " + ns + "}\n"
        + "type: Opaque\ndata: {password: " + SECRET_VALUE + "}\n");

    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CONFIG));
      meshes.clusters().register(servers.clusterSpec(MEMBER));
      Mesh mesh = meshes.create(MeshSpec.external("analysis").primaries(List.of(CONFIG)).members(List.of(MEMBER)).build());
      assertThat(mesh.policies().apply(ServerSideApplyIT.canary(ns, 90, 10)).successful()).isTrue();

      AnalysisReport report = mesh.analyze();

      assertThat(report.partial()).as(report.render()).isFalse();
      assertThat(report.findings()).as(report.render()).extracting(AnalysisIT::describe).contains(
          "MSH0004 ERROR primary DestinationRule analysis/ratings",
          "MSH0002 WARNING member VirtualService analysis/details",
          "MSH0003 WARNING primary DestinationRule analysis/reviews");
      assertThat(report.findings("MSH0003")).singleElement()
          .satisfies(f -> assertThat(f.fieldPath()).contains("spec.subsets[1].labels"));
      assertThat(report.toJson()).doesNotContain(SECRET_VALUE);
      assertThat(AnalysisReport.fromJson(report.toJson())).isEqualTo(report);
    }
  }

  @Test
  @DisplayName("the Kubernetes connector lists Secrets as metadata only")
  void secretsAsMetadata() {
    String ns = "analysis-secrets";
    servers.createNamespace(MEMBER, ns);
    create(MEMBER, "apiVersion: v1\nkind: Secret\nmetadata: {name: token, namespace: " + ns + "}\n"
        + "type: kubernetes.io/tls\ndata: {tls.crt: " + SECRET_VALUE + ", tls.key: " + SECRET_VALUE + "}\n");
    try (ClusterConnection connection = servers.connector().connect(servers.clusterSpec(MEMBER))) {
      List<MeshResource> secrets = connection.listMetadata(KubernetesResourceTypes.SECRET, ns, Map.of());

      assertThat(secrets).singleElement().satisfies(s -> {
        assertThat(s.name()).isEqualTo("token");
        assertThat(s.content().has("data")).isFalse();
        assertThat(s.content().path("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(s.toJson()).doesNotContain(SECRET_VALUE);
      });
    }
  }

  private static String describe(Finding f) {
    return f.code() + " " + f.severity() + " " + f.cluster().orElse("-") + " " + f.resource().map(Object::toString).orElse("-");
  }
}
