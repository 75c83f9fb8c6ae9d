package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;

/**
 * Reads the golden files {@code golden/<scenario>/<kind>.yaml} from the test classpath and
 * compares objects with them semantically: as JSON trees, ignoring key order, YAML layout and
 * comments, with numbers equal by value.
 */
final class GoldenFiles {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) ->
      a.isNumber() && b.isNumber()
          ? a.decimalValue().compareTo(b.decimalValue())
          : a.equals(b) ? 0 : 1;

  private GoldenFiles() {}

  static String path(Scenario scenario, String kind) {
    return "golden/" + scenario.name() + "/" + kind + ".yaml";
  }

  static Optional<JsonNode> read(Scenario scenario, String kind) {
    String path = path(scenario, kind);
    try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Fails, showing both objects as YAML, unless they hold the same tree. */
  static void assertSameTree(JsonNode actual, JsonNode expected, String goldenPath) {
    assertThat(actual.equals(SAME_VALUE, expected))
        .withFailMessage("translation differs from %s%n--- expected%n%s--- actual%n%s",
            goldenPath, yaml(expected), yaml(actual))
        .isTrue();
  }

  static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
