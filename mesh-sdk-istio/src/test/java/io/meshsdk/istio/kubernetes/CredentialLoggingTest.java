package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.kubernetes.MockClusters.PLANTED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("With every logger at TRACE, the whole membership lifecycle on mock API servers")
class CredentialLoggingTest {
  /** Base64 runs long enough to hide a token, a key or a kubeconfig. */
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{12,}={0,2}");

  private final LogCapture capture = new LogCapture();
  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private KubernetesMockServer gsc;
  private KubernetesMockServer mcpc;
  private KubernetesMockServer bj;
  private KubernetesMockServer sh;
  private String clientKey;
  private String kubeconfigInSecret;

  @BeforeEach
  void setUp() throws Exception {
    gsc = server();
    mcpc = server();
    bj = server();
    sh = server();
    SelfSignedCertificate certificate = new SelfSignedCertificate("bj-1-admin");
    // characters 130 to 190 lie within one line of the PEM text, where a leak would show them
    clientKey = Base64.getEncoder().encodeToString(certificate.key().getEncoded());
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
        .encodeToString(certificate.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    String cert = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
        .encodeToString(certificate.cert().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    certificate.delete();
    kubeconfigInSecret = MockClusters.kubeconfigText("bj-1", bj).replace("    token: " + PLANTED_TOKEN + "\n",
        "    token: " + PLANTED_TOKEN + "\n"
            + "    client-certificate-data: " + encode(cert) + "\n"
            + "    client-key-data: " + encode(pem) + "\n");
    try (KubernetesClient admin = gsc.createClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("mesh-system").endMetadata()
          .build()).create();
      admin.secrets().inNamespace("mesh-system").resource(new SecretBuilder()
          .withNewMetadata().withName("bj-1-kubeconfig").withNamespace("mesh-system").endMetadata()
          .withData(Map.of("kubeconfig", encode(kubeconfigInSecret))).build()).create();
    }
  }

  private KubernetesMockServer server() {
    KubernetesMockServer server = MockClusters.crud();
    servers.add(server);
    return server;
  }

  @AfterEach
  void tearDown() {
    capture.stop();
    servers.forEach(KubernetesMockServer::destroy);
  }

  @ParameterizedTest(name = "with the {0} store")
  @ValueSource(strings = {"in-memory", "directory", "kubernetes"})
  @DisplayName("logs no token, no issued token, no kubeconfig and no client key, at any level")
  void logsNoCredential(String storeKind, @TempDir Path dir) {
    ClusterSpec gscSpec = ClusterSpec.builder().name("gsc").kubeconfig(MockClusters.kubeconfig("gsc", gsc, dir), "gsc")
        .build();
    capture.start();
    // fabric8 installs its HTTP logging (headers and bodies) when this logger is at TRACE
    boolean httpTraceEnabled = org.slf4j.LoggerFactory
        .getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor").isTraceEnabled();

    KubernetesClusterConnector connector = KubernetesClusterConnector.builder()
        .secretsFrom(gscSpec)
        .credentialProvider("vault", PLANTED_TOKEN::toCharArray)
        .defaults(o -> o.qps(1000).burst(1000))
        .build();
    KubernetesClient storeClient = connector.openClient(gscSpec);
    Map<String, Function<Path, MeshStore>> stores = Map.of(
        "in-memory", d -> new InMemoryMeshStore(),
        "directory", d -> new DirectoryMeshStore(d.resolve("store")),
        "kubernetes", d -> new KubernetesMeshStore(storeClient, "mesh-system"));
    MeshManager meshes = MeshManager.builder()
        .backend(new IstioBackendProvider())
        .connector(connector)
        .store(stores.get(storeKind).apply(dir))
        .build();
    try {
      meshes.clusters().register(MockClusters.cluster("mcpc-1", mcpc, dir));
      meshes.clusters().register(ClusterSpec.builder().name("bj-1")
          .credentials(ClusterCredentials.secret("mesh-system", "bj-1-kubeconfig")).build());
      meshes.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh")
          .credentials(ClusterCredentials.builder().source(ClusterCredentials.Source.TOKEN)
              .server(sh.url("/")).tokenProvider("vault").build()).build());
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
      prod.join("sh-1");
      prod.policies().plan(KubernetesMeshManagerTest.canary(90, 10)).apply();
      prod.rotateCredentials("bj-1");
      prod.rotateCredentials("sh-1");
      meshes.clusters().health("bj-1");
      prod.leave("bj-1");
      prod.leave("sh-1");
    } finally {
      meshes.close();
      storeClient.close();
      capture.stop();
    }

    List<String> lines = capture.lines();
    assertThat(httpTraceEnabled).as("every logger was at TRACE, fabric8's HTTP logging included").isTrue();
    assertThat(lines).as("the run's log was captured").anyMatch(l -> l.contains("connecting to cluster bj-1"));
    assertThat(lines).as("a request's log line").anyMatch(l -> l.contains("join") || l.contains("remote secret")
        || l.contains("istio-remote-secret-bj-1"));
    for (String line : lines) {
      String seen = line + "\n" + decoded(line, 3);
      assertThat(seen).as("a logged line").doesNotContain(PLANTED_TOKEN)
          .doesNotContain("issued-sa-token-")
          .doesNotContain(clientKey.substring(130, 190))
          .doesNotContain("current-context:")
          .doesNotContain("client-key-data")
          .doesNotContainIgnoringCase("Bearer ");
    }
  }

  /**
   * Every run of base64 in the text, decoded, and what that holds decoded again, down to {@code
   * depth} levels: a client key is base64 in a kubeconfig that is base64 in a Secret.
   */
  private static String decoded(String line, int depth) {
    StringBuilder out = new StringBuilder();
    if (depth == 0) {
      return "";
    }
    Matcher m = BASE64.matcher(line);
    while (m.find()) {
      String run = m.group();
      for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
        for (int cut = 0; cut < 4; cut++) {
          String candidate = run.replace("=", "");
          if (candidate.length() <= cut) {
            break;
          }
          candidate = candidate.substring(cut);
          candidate = candidate.substring(0, candidate.length() - candidate.length() % 4);
          try {
            String text = new String(decoder.decode(candidate), StandardCharsets.UTF_8);
            out.append(text).append('\n').append(decoded(text, depth - 1));
          } catch (IllegalArgumentException e) {
            // not base64 after all
          }
        }
      }
    }
    return out.toString();
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
