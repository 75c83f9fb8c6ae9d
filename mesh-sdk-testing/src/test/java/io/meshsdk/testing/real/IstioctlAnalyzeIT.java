package io.meshsdk.testing.real;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.analysis.Finding;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Istio's own analyzers as the oracle for the SDK's: {@code istioctl analyze --use-kube=false} of
 * each single-cluster analysis fixture of mesh-sdk-istio gives the same findings (code and object)
 * as the SDK, for the codes whose analyzers istioctl runs on files. Differences by design are listed
 * below with their reason; any other difference fails with both sets.
 */
@DisplayName("istioctl analyze agrees with the SDK's Istio analyzers")
class IstioctlAnalyzeIT {
  private static final String FIXTURES = "mesh-sdk-istio/src/test/resources/analysis";

  /**
   * Codes of the analyzers istioctl runs on files alone; the others need Services, pods, namespaces
   * or secrets, which {@code --use-kube=false} does not read (istioctl analyze -v lists them as
   * skipped).
   */
  private static final Set<String> OFFLINE = Set.of("IST0002", "IST0109", "IST0128", "IST0129", "IST0130",
      "IST0131", "IST0132", "IST0134", "IST0151", "IST0152", "IST0153", "IST0154", "IST0155", "IST0157",
      "IST0160", "IST0165", "IST0177");

  /**
   * Findings only one side gives, by design: {@code area/fixture.yaml|code Kind namespace/name} to the
   * reason.
   */
  private static final Map<String, String> BY_DESIGN = Map.of(
      "config/deprecated-and-conditions.yaml|IST0002 DestinationRule shop/reviews",
      "the SDK also reports warmupDurationSecs and consistentHash.minimumRingSize, deprecated in Istio's API",
      "config/deprecated-and-conditions.yaml|IST0002 VirtualService shop/reviews",
      "the SDK also reports mirrorPercent, deprecated in Istio's API for mirrorPercentage");

  static List<Path> fixtures() throws IOException {
    Path root = fixtureRoot();
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && f.getParent().getParent().equals(root))
          .sorted().collect(Collectors.toList());
    }
  }

  static Path fixtureRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(FIXTURES))) {
        return dir.resolve(FIXTURES);
      }
    }
    throw new AssertionError("no " + FIXTURES + " above " + Path.of("").toAbsolutePath());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  @DisplayName("each single-cluster fixture gives the same findings of the codes istioctl checks offline")
  void sameFindings(Path fixture) throws Exception {
    Path istioctl = RealApiServers.requireBinaries().resolve("bin").resolve("istioctl");
    Set<String> istio = istioctl(istioctl, fixture);
    Set<String> sdk = sdk(fixture);
    String name = fixtureRoot().relativize(fixture).toString().replace('\\', '/');
    IstioctlComparison.assertSameFindings(name, istio, sdk, BY_DESIGN);
  }

  private static Set<String> istioctl(Path istioctl, Path fixture) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(istioctl.toString(), "analyze", "--use-kube=false", "-A",
        "-o", "json", fixture.toString());
    builder.environment().put("KUBECONFIG", "/dev/null");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("istioctl analyze did not finish within 60 s");
    }
    Set<String> out = new TreeSet<>();
    if (!output.trim().startsWith("[")) {
      return out; // "no validation issues"
    }
    for (JsonNode message : new ObjectMapper().readTree(output)) {
      String code = message.path("code").asText();
      if (OFFLINE.contains(code)) {
        out.add(code + " " + message.path("origin").asText());
      }
    }
    return out;
  }

  private static Set<String> sdk(Path fixture) {
    OfflineContext context = new OfflineContext(fixture);
    Set<String> out = new TreeSet<>();
    for (Analyzer analyzer : IstioctlComparison.istioCodeAnalyzers()) {
      for (Finding f : analyzer.analyze(context)) {
        if (OFFLINE.contains(f.code())) {
          out.add(f.code() + " " + f.resource().map(r -> r.kind() + " "
              + r.namespace().map(n -> n + "/").orElse("") + r.name()).orElse(""));
        }
      }
    }
    return out;
  }

  /** The objects of one file as one cluster, config and data plane. */
  private static final class OfflineContext implements AnalysisContext {
    private final List<MeshResource> objects = new ArrayList<>();

    OfflineContext(Path file) {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      try {
        for (JsonNode doc : yaml.readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class)
            .readAll()) {
          if (doc instanceof ObjectNode && doc.size() > 0) {
            objects.add(MeshResource.of((ObjectNode) doc));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Optional<MeshSpec> mesh() {
      return Optional.empty();
    }

    @Override
    public List<String> clusters() {
      return List.of("files");
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
      return true;
    }

    @Override
    public List<ClusterResource> objects(ResourceType type) {
      return objects.stream().filter(r -> r.kind().equals(type.kind()) && r.apiVersion().startsWith(type.group()))
          .map(r -> ClusterResource.of("files", r)).collect(Collectors.toList());
    }

    @Override
    public List<MeshResource> objects(String cluster, ResourceType type) {
      return objects(type).stream().map(ClusterResource::resource).collect(Collectors.toList());
    }
  }

}
