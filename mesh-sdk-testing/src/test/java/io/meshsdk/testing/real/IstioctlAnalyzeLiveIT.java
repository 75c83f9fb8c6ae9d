package io.meshsdk.testing.real;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.analysis.Finding;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Istio's own analyzers as the oracle for the SDK's, on a real API server: each single-cluster
 * analysis fixture of mesh-sdk-istio is applied to the server, {@code istioctl analyze} reads it
 * from there as it reads a live cluster, and the SDK's analyzers read the same objects back through
 * the Kubernetes connector. Both sets of findings (code and object, for the objects of the
 * fixture's namespaces) must be equal, but for the differences listed below with their reason.
 * This covers the analyzers that need Services, pods, namespaces and secrets, which {@code
 * istioctl analyze --use-kube=false} skips.
 */
@DisplayName("istioctl analyze of a live cluster agrees with the SDK's Istio analyzers")
class IstioctlAnalyzeLiveIT {
  private static final String CLUSTER = "analysis";
  private static final String FIXTURES = "mesh-sdk-istio/src/test/resources/analysis";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static RealApiServers servers;
  private static ClusterConnection connection;

  /** Findings only one side gives, by design: {@code area/fixture.yaml|code Kind namespace/name} to the reason. */
  private static final Map<String, String> BY_DESIGN = Map.of(
      "config/deprecated-and-conditions.yaml|IST0002 DestinationRule shop/reviews",
      "the SDK also reports warmupDurationSecs and consistentHash.minimumRingSize, deprecated in Istio's API",
      "config/deprecated-and-conditions.yaml|IST0002 VirtualService shop/reviews",
      "the SDK also reports mirrorPercent, deprecated in Istio's API for mirrorPercentage",
      "meshnetworks/unknown-registry.yaml|IST0126 ConfigMap istio-system/istio",
      "istioctl analyze of an API server does not read meshNetworks from the control plane's istio ConfigMap"
          + " (it reports no IST0126 for it); the SDK checks them there, as Istio's MeshNetworks analyzer does",
      "annotations/problems.yaml|IST0125 Deployment shop/reviews",
      "the SDK also checks the values of Istio annotations on a deployment's pod template, which its pods will carry",
      "workloads/clean.yaml|IST0146 Deployment shop/ratings",
      "istioctl reads the injection webhooks installed, none on this API server; the SDK judges injection by the"
          + " selectors of Istio's default webhooks, which inject namespace shop (istio-injection=enabled)",
      "workloads/clean.yaml|IST0147 Pod jobs/batch-7a1c",
      "istioctl reads the injection webhooks installed, none on this API server; the SDK judges injection by the"
          + " selectors of Istio's default webhooks, which inject a pod labelled sidecar.istio.io/inject=true");

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
    connection = servers.connector().connect(servers.clusterSpec(CLUSTER));
  }

  @AfterAll
  static void stopServers() {
    if (connection != null) {
      connection.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  static List<Path> fixtures() throws IOException {
    return IstioctlAnalyzeIT.fixtures();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  @DisplayName("each single-cluster fixture, applied to an API server, gives the same findings")
  void sameFindings(Path fixture) throws Exception {
    List<ObjectNode> objects = read(fixture);
    Set<String> namespaces = namespaces(objects);
    KubernetesClient client = servers.client(CLUSTER);
    try {
      apply(client, objects, namespaces);
      Set<String> istio = istioctl(namespaces);
      Set<String> sdk = sdk(namespaces);
      String name = IstioctlAnalyzeIT.fixtureRoot().relativize(fixture).toString().replace('\\', '/');
      IstioctlComparison.assertSameFindings(name, istio, sdk, BY_DESIGN);
    } finally {
      for (ObjectNode o : objects) {
        if (!o.path("kind").asText().equals("Namespace")) {
          client.resource(convert(client, o)).withTimeout(60, TimeUnit.SECONDS).delete();
        }
      }
      servers.deleteObjects(namespaces);
    }
  }

  private static List<ObjectNode> read(Path fixture) throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(fixture.toFile()), JsonNode.class).readAll()) {
      if (doc instanceof ObjectNode && doc.size() > 0) {
        out.add((ObjectNode) doc);
      }
    }
    return out;
  }

  private static Set<String> namespaces(List<ObjectNode> objects) {
    Set<String> out = new LinkedHashSet<>();
    for (ObjectNode o : objects) {
      if (o.path("kind").asText().equals("Namespace")) {
        out.add(o.path("metadata").path("name").asText());
      } else if (o.path("metadata").has("namespace")) {
        out.add(o.path("metadata").path("namespace").asText());
      }
    }
    return out;
  }

  private static void apply(KubernetesClient client, List<ObjectNode> objects, Set<String> namespaces) {
    Map<String, ObjectNode> namespaceObjects = new LinkedHashMap<>();
    for (String namespace : namespaces) {
      ObjectNode bare = MeshResource.skeleton("v1", "Namespace", null, namespace);
      namespaceObjects.put(namespace, bare);
    }
    for (ObjectNode o : objects) {
      if (o.path("kind").asText().equals("Namespace")) {
        namespaceObjects.put(o.path("metadata").path("name").asText(), o);
      }
    }
    // the same field manager each time, so labels an earlier fixture set and this one does not are removed
    for (ObjectNode namespace : namespaceObjects.values()) {
      client.resource(convert(client, namespace)).fieldManager("analysis-fixtures").forceConflicts().serverSideApply();
    }
    for (ObjectNode o : objects) {
      if (!o.path("kind").asText().equals("Namespace")) {
        ObjectNode copy = o.deepCopy();
        copy.remove("status");
        client.resource(convert(client, copy)).fieldManager("analysis-fixtures").forceConflicts().serverSideApply();
      }
    }
  }

  private static GenericKubernetesResource convert(KubernetesClient client, ObjectNode object) {
    return client.getKubernetesSerialization().unmarshal(object.toString(), GenericKubernetesResource.class);
  }

  private static Set<String> istioctl(Set<String> namespaces) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(servers.istioctl().toString(), "analyze", "-A", "-o", "json",
        "--kubeconfig", servers.kubeconfig(CLUSTER).toString());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("istioctl analyze did not finish within 120 s");
    }
    Set<String> codes = reportedCodes();
    Set<String> out = new TreeSet<>();
    if (!output.trim().startsWith("[")) {
      return out;
    }
    for (JsonNode message : new ObjectMapper().readTree(output)) {
      String code = message.path("code").asText();
      String origin = message.path("origin").asText();
      if (codes.contains(code) && inFixture(origin, namespaces)) {
        out.add(code + " " + origin);
      }
    }
    return out;
  }

  /** Whether {@code Kind namespace/name} or {@code Namespace name} is an object of the fixture's namespaces. */
  private static boolean inFixture(String origin, Set<String> namespaces) {
    String[] parts = origin.split(" ", 2);
    if (parts.length < 2) {
      return false;
    }
    String object = parts[1];
    return parts[0].equals("Namespace") ? namespaces.contains(object)
        : object.contains("/") && namespaces.contains(object.substring(0, object.indexOf('/')));
  }

  private static Set<String> reportedCodes() {
    return IstioctlComparison.istioCodeAnalyzers().stream().flatMap(a -> a.codes().stream())
        .collect(Collectors.toSet());
  }

  private static Set<String> sdk(Set<String> namespaces) {
    List<Analyzer> analyzers = IstioctlComparison.istioCodeAnalyzers();
    Map<ResourceType, List<MeshResource>> live = new LinkedHashMap<>();
    for (Analyzer analyzer : analyzers) {
      for (ResourceType type : analyzer.inputs()) {
        live.computeIfAbsent(type, t -> connection.list(t, null, Map.of()));
      }
    }
    AnalysisContext context = new LiveContext(live);
    Set<String> out = new TreeSet<>();
    for (Analyzer analyzer : analyzers) {
      for (Finding f : analyzer.analyze(context)) {
        String origin = f.resource().map(r -> r.kind() + " " + r.namespace().map(n -> n + "/").orElse("") + r.name())
            .orElse("");
        if (inFixture(origin, namespaces)) {
          out.add(f.code() + " " + origin);
        }
      }
    }
    return out;
  }

  /** The objects read from the API server, as one cluster that is config and data plane. */
  private static final class LiveContext implements AnalysisContext {
    private final Map<ResourceType, List<MeshResource>> objects;

    LiveContext(Map<ResourceType, List<MeshResource>> objects) {
      this.objects = objects;
    }

    @Override
    public Optional<MeshSpec> mesh() {
      return Optional.empty();
    }

    @Override
    public List<String> clusters() {
      return List.of(CLUSTER);
    }

    @Override
    public boolean isConfigCluster(String cluster) {
      return true;
    }

    @Override
    public boolean isDataPlaneCluster(String cluster) {
      return true;
    }

    @Override
    public boolean complete(ResourceType type) {
      return objects.containsKey(type);
    }

    @Override
    public List<ClusterResource> objects(ResourceType type) {
      return objects.getOrDefault(type, List.of()).stream().map(r -> ClusterResource.of(CLUSTER, r))
          .collect(Collectors.toList());
    }

    @Override
    public List<MeshResource> objects(String cluster, ResourceType type) {
      return objects.getOrDefault(type, List.of());
    }
  }

}
