package io.meshsdk.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Sail Istio schema the SDK checks installs against")
class SailSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Violation> validate(String spec) throws Exception {
    return SailSchema.validate(JSON.readTree(spec));
  }

  @Test
  @DisplayName("is the spec schema of the operator's Istio CRD, descriptions left out")
  void sameAsTheCrd() throws Exception {
    String configured = System.getProperty("meshsdk.sail.data");
    Path crd = Path.of(configured == null || configured.isBlank() ? "../shared/sail-operator" : configured)
        .resolve("sailoperator.io_istios.yaml");
    if (!Files.isRegularFile(crd)) {
      String message = "the Sail operator CRDs were not found at " + crd.toAbsolutePath().normalize()
          + "; set -Dmeshsdk.sail.data to the folder holding sailoperator.io_istios.yaml";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    JsonNode definition = new ObjectMapper(new YAMLFactory()).readTree(crd.toFile());
    JsonNode spec = definition.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec");
    assertThat(SailSchema.spec()).as("regenerate %s from %s", SailSchema.RESOURCE, crd)
        .isEqualTo(withoutDescriptions(spec.deepCopy()));
  }

  private static JsonNode withoutDescriptions(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node).remove("description");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        withoutDescriptions(it.next().getValue());
      }
    } else if (node.isArray()) {
      node.forEach(SailSchemaTest::withoutDescriptions);
    }
    return node;
  }

  @Test
  @DisplayName("accepts what the SDK writes")
  void accepts() throws Exception {
    assertThat(validate("{\"version\":\"v1.29.3\",\"namespace\":\"istio-system\",\"profile\":\"remote\","
        + "\"updateStrategy\":{\"type\":\"RevisionBased\",\"inactiveRevisionDeletionGracePeriodSeconds\":30},"
        + "\"values\":{\"global\":{\"meshID\":\"prod\",\"network\":\"n\",\"multiCluster\":{\"clusterName\":\"c\"}},"
        + "\"pilot\":{\"autoscaleMin\":2,\"env\":{\"EXTERNAL_ISTIOD\":\"true\"},"
        + "\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":2048}}},"
        + "\"istiodRemote\":{\"injectionPath\":\"/inject/cluster/c/net/n\"}}}")).isEmpty();
  }

  @Test
  @DisplayName("names the field of each violation: unknown, wrongly typed, outside an enum, below a minimum, missing")
  void namesFields() throws Exception {
    assertThat(validate("{\"version\":\"v9.9.9\",\"profile\":\"tiny\","
        + "\"updateStrategy\":{\"type\":\"Sideways\",\"inactiveRevisionDeletionGracePeriodSeconds\":-1},"
        + "\"values\":{\"global\":{\"meshId\":\"prod\",\"network\":3},\"pilot\":{\"autoscaleMin\":\"two\","
        + "\"env\":{\"A\":1}}}}"))
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("spec.version", "spec.profile", "spec.updateStrategy.type",
            "spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds", "spec.values.global.meshId",
            "spec.values.global.network", "spec.values.pilot.autoscaleMin", "spec.values.pilot.env.A",
            "spec.namespace");
    assertThat(validate("{\"version\":\"v1.29.3\",\"namespace\":\"istio-system\",\"values\":{\"global\":{\"meshId\":1}}}"))
        .singleElement().satisfies(v -> assertThat(v.message()).contains("not a field the operator knows", "meshID"));
  }

  @Test
  @DisplayName("lets free-form sections through, as the operator's schema does")
  void freeForm() throws Exception {
    assertThat(validate("{\"version\":\"v1.29.3\",\"namespace\":\"istio-system\","
        + "\"values\":{\"experimental\":{\"anything\":{\"goes\":[1,2]}}}}")).isEmpty();
  }
}
