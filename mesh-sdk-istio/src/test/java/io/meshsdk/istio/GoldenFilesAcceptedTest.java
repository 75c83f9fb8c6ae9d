package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshsdk.istio.schema.IstioValidation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden file, whoever added it and for whichever kind, holds an object that Istio's API
 * server would accept: it matches its CRD's OpenAPI schema and passes its CEL rules.
 */
@DisplayName("Every golden file")
class GoldenFilesAcceptedTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  static Stream<String> goldenFiles() throws IOException, URISyntaxException {
    URL root = GoldenFilesAcceptedTest.class.getClassLoader().getResource("golden");
    assertThat(root).as("golden folder on the test classpath").isNotNull();
    Path dir = Path.of(root.toURI());
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> yaml = files.filter(Files::isRegularFile)
          .map(file -> dir.relativize(file).toString().replace('\\', '/'))
          .sorted()
          .toList();
      return yaml.stream();
    }
  }

  @Test
  @DisplayName("is a YAML file named golden/<scenario>/<Kind>.yaml")
  void followsTheLayout() throws Exception {
    assertThat(goldenFiles().toList())
        .isNotEmpty()
        .allSatisfy(file -> assertThat(file).matches("[a-z0-9-]+/[A-Z][A-Za-z]+\\.yaml"));
  }

  @ParameterizedTest(name = "golden/{0} is accepted by Istio's schema and CEL rules")
  @MethodSource("goldenFiles")
  void isAccepted(String file) throws IOException {
    JsonNode object;
    try (var in = GoldenFilesAcceptedTest.class.getClassLoader().getResourceAsStream("golden/" + file)) {
      object = YAML.readTree(in);
    }
    assertThat(object.path("kind").asText()).as("kind of golden/%s", file)
        .isEqualTo(file.substring(file.indexOf('/') + 1, file.length() - ".yaml".length()));
    IstioValidation.assertAccepted(object);
  }
}
