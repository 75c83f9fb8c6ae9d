package io.meshsdk.istio.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's own checks on fixtures: for each code a positive case, a negative case that must find
 * nothing of that code, and a case across clusters. A fixture is a directory with one YAML file
 * per cluster: the clusters form a hosted mesh ({@code mcpc} its control plane, {@code bj-1} and
 * {@code sh-1} members), or, with {@code p-1.yaml} or {@code p-2.yaml}, an external mesh of those
 * two primaries. The objects are planted as foreign ones and the mesh is analyzed.
 */
@DisplayName("The SDK's own checks (MSH codes)")
class MeshChecksTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("MSH0001", "positive", List.of(
            "WARNING sh-1 Service shop/cart spec.ports")),
        Arguments.of("MSH0001", "negative", List.of()),
        Arguments.of("MSH0001", "multicluster", List.of(
            "WARNING sh-1 Service shop/cart spec.selector",
            "WARNING sh-1 Service shop/cart spec.type")),
        Arguments.of("MSH0002", "positive", List.of(
            "WARNING bj-1 VirtualService bookinfo/reviews -")),
        Arguments.of("MSH0002", "negative", List.of()),
        Arguments.of("MSH0002", "multicluster", List.of(
            "WARNING bj-1 PeerAuthentication istio-system/default -",
            "WARNING sh-1 DestinationRule bookinfo/ratings -")),
        Arguments.of("MSH0003", "positive", List.of(
            "WARNING mcpc DestinationRule bookinfo/reviews spec.subsets[1].labels")),
        Arguments.of("MSH0003", "negative", List.of()),
        Arguments.of("MSH0003", "multicluster", List.of(
            "WARNING mcpc DestinationRule bookinfo/reviews spec.subsets[2].labels")),
        Arguments.of("MSH0004", "positive", List.of(
            "ERROR mcpc DestinationRule bookinfo/ratings spec.trafficPolicy.tls.mode")),
        Arguments.of("MSH0004", "negative", List.of()),
        Arguments.of("MSH0004", "multicluster", List.of(
            "ERROR mcpc DestinationRule bookinfo/ratings spec.trafficPolicy.tls.mode")),
        Arguments.of("MSH0005", "positive", List.of(
            "WARNING mcpc AuthorizationPolicy bookinfo/allow-nothing spec.rules",
            "WARNING mcpc AuthorizationPolicy shop/deny-everyone spec.rules[0]")),
        Arguments.of("MSH0005", "negative", List.of()),
        Arguments.of("MSH0005", "multicluster", List.of(
            "WARNING mcpc AuthorizationPolicy bookinfo/allow-nothing spec.rules")),
        Arguments.of("MSH0006", "positive", List.of(
            "ERROR mcpc VirtualService legacy/reviews-routes spec.hosts")),
        Arguments.of("MSH0006", "negative", List.of()),
        Arguments.of("MSH0006", "multicluster", List.of(
            "ERROR p-2 DestinationRule legacy/reviews-tls spec.host",
            "WARNING p-2 VirtualService bookinfo/legacy-reviews spec.hosts")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("fixtures")
  @DisplayName("finds exactly what each fixture holds")
  void fixture(String code, String scenario, List<String> expected) {
    Path dir = fixtureDir(code, scenario);
    InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    try (MeshManager meshes = MeshManager.builder().connector(clusters).build()) {
      boolean hosted = !Files.exists(dir.resolve("p-1.yaml")) && !Files.exists(dir.resolve("p-2.yaml"));
      List<String> names = hosted ? List.of("mcpc", "bj-1", "sh-1") : List.of("p-1", "p-2");
      names.forEach(n -> meshes.clusters().register(ClusterSpec.builder().name(n).build()));
      Mesh mesh = meshes.create(hosted
          ? MeshSpec.hosted("prod").controlPlane("mcpc").members(List.of("bj-1", "sh-1")).build()
          : MeshSpec.external("prod").primaries(List.of("p-1", "p-2")).build());
      for (String cluster : names) {
        for (MeshResource object : objects(dir.resolve(cluster + ".yaml"))) {
          clusters.cluster(cluster).putOutOfBand(object);
        }
      }

      AnalysisReport report = mesh.analyze();

      assertThat(report.partial()).isFalse();
      assertThat(report.findings(code)).as(report.render()).extracting(MeshChecksTest::describe)
          .containsExactlyElementsOf(expected);
      assertThat(report.findings(code)).allSatisfy(f -> {
        assertThat(f.message()).isNotBlank();
        assertThat(f.remediation()).isNotBlank();
      });
    }
  }

  static String describe(Finding f) {
    return f.severity() + " " + f.cluster().orElse("-") + " " + f.resource().map(Object::toString).orElse("-") + " "
        + f.fieldPath().orElse("-");
  }

  static Path fixtureDir(String code, String scenario) {
    try {
      return Path.of(MeshChecksTest.class.getResource("/analysis/" + code + "/" + scenario).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<MeshResource> objects(Path file) {
    List<MeshResource> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document instanceof ObjectNode) {
          out.add(MeshResource.of((ObjectNode) document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> codes(AnalysisReport report) {
    return report.findings().stream().map(Finding::code).distinct().collect(Collectors.toList());
  }
}
