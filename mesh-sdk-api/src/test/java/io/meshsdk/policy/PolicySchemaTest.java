package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema published for each kind of policy: generated from the model, accepting the
 * canonical JSON of policies and refusing malformed documents. Run with {@code
 * -Dmeshsdk.schema.write=true} to write the schemas again after changing the model.
 */
class PolicySchemaTest {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Path RESOURCES = Path.of("src/main/resources/io/meshsdk/schema");

  static Schema schema(Class<? extends Policy> kind) {
    return REGISTRY.getSchema(Policies.jsonSchema(kind));
  }

  static List<String> errors(Class<? extends Policy> kind, String json) {
    return schema(kind).validate(json, InputFormat.JSON).stream().map(Error::toString).collect(Collectors.toList());
  }

  @Test
  @DisplayName("the published schema of every kind is what the model generates")
  void publishedSchemasMatchTheModel() throws IOException {
    boolean write = Boolean.getBoolean("meshsdk.schema.write");
    for (Map.Entry<String, Class<? extends Policy>> kind : Policies.kinds().entrySet()) {
      String generated = PolicySchemaGenerator.schema(kind.getKey(), kind.getValue());
      if (write) {
        Files.createDirectories(RESOURCES);
        Files.writeString(RESOURCES.resolve(kind.getKey() + ".schema.json"), generated, StandardCharsets.UTF_8);
        continue;
      }
      assertThat(Policies.jsonSchema(kind.getValue()))
          .withFailMessage("the schema of %s differs from the model; run this test with -Dmeshsdk.schema.write=true"
              + " and commit src/main/resources/io/meshsdk/schema", kind.getKey())
          .isEqualTo(generated);
      assertThat(Policies.jsonSchema(kind.getKey())).isEqualTo(generated);
    }
  }

  @Test
  @DisplayName("every schema is a valid draft 2020-12 schema with an id per kind")
  void schemasAreValidDraft202012() {
    Schema meta = REGISTRY.getSchema(com.networknt.schema.SchemaLocation.of(
        "https://json-schema.org/draft/2020-12/schema"));
    for (Map.Entry<String, Class<? extends Policy>> kind : Policies.kinds().entrySet()) {
      String text = Policies.jsonSchema(kind.getValue());
      assertThat(meta.validate(text, InputFormat.JSON)).as(kind.getKey()).isEmpty();
      assertThat(text).contains("\"$id\" : \"https://meshsdk.io/schema/" + kind.getKey() + ".schema.json\"");
    }
  }

  @Test
  @DisplayName("a policy of each kind validates against its schema")
  void policiesOfEveryKindValidate() {
    for (Policy policy : SamplePolicies.all()) {
      String json = Policies.toJson(policy);
      assertThat(errors(policy.getClass().getSuperclass().asSubclass(Policy.class), json))
          .as("%s%n%s", policy.ref(), json).isEmpty();
    }
    assertThat(SamplePolicies.all().stream().map(Policy::kind).distinct())
        .containsExactlyInAnyOrderElementsOf(Policies.kinds().keySet());
  }

  @Test
  @DisplayName("the schema refuses a missing required field, a wrong type, an unknown field and another kind")
  void schemaRefusesInvalidDocuments() throws IOException {
    ObjectNode canary = (ObjectNode) PolicySchemaGenerator.JSON.readTree(Policies.toJson(SamplePolicies.canary()));
    assertThat(errors(TrafficPolicy.class, canary.toString())).isEmpty();

    ObjectNode noHost = canary.deepCopy();
    noHost.remove("host");
    assertThat(errors(TrafficPolicy.class, noHost.toString())).singleElement().asString()
        .contains("required").contains("host");

    ObjectNode weightAsText = canary.deepCopy();
    ((ObjectNode) weightAsText.path("routes").path(1).path("destinations").path(0)).put("weight", "ninety");
    assertThat(errors(TrafficPolicy.class, weightAsText.toString())).singleElement().asString()
        .contains("/routes/1/destinations/0/weight").contains("integer");

    ObjectNode timeoutAsNumber = canary.deepCopy();
    ((ObjectNode) timeoutAsNumber.path("routes").path(1)).put("timeout", 2);
    assertThat(errors(TrafficPolicy.class, timeoutAsNumber.toString())).singleElement().asString()
        .contains("/routes/1/timeout").contains("string");

    ObjectNode unknown = canary.deepCopy();
    unknown.put("hostname", "reviews");
    assertThat(errors(TrafficPolicy.class, unknown.toString())).singleElement().asString().contains("hostname");

    ObjectNode badEnum = canary.deepCopy();
    ((ObjectNode) badEnum.path("routes").path(0).path("matches").path(0).path("headers").path("end-user"))
        .put("type", "GLOB");
    assertThat(errors(TrafficPolicy.class, badEnum.toString())).singleElement().asString().contains("type");

    ObjectNode otherKind = canary.deepCopy();
    otherKind.put("kind", "MtlsPolicy");
    assertThat(errors(TrafficPolicy.class, otherKind.toString())).singleElement().asString().contains("kind");
  }

  @Test
  @DisplayName("a schema is asked for by class or by kind name, and an unknown name is refused")
  void schemaLookup() {
    assertThat(Policies.jsonSchema("MtlsPolicy")).isEqualTo(Policies.jsonSchema(MtlsPolicy.class));
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(io.meshsdk.MeshException.class,
        () -> Policies.jsonSchema("Canary")))
        .satisfies(e -> assertThat(e.messageCode()).isEqualTo("policy.kind.unknown"))
        .satisfies(e -> assertThat(e.arguments()).containsEntry("kind", "Canary"));
    assertThat(Duration.ofSeconds(2).toString()).matches("^-?P(?:[0-9]+D)?(?:T(?:-?[0-9]+H)?(?:-?[0-9]+M)?"
        + "(?:-?[0-9]+(?:\\.[0-9]+)?S)?)?$");
  }
}
