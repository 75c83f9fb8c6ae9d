package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.istio.schema.IstioValidation;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Translating a policy to Istio")
class IstioTranslationGoldenTest {
  private static final MeshBackend BACKEND = new IstioBackendProvider().create();
  private static final TranslationContext CONTEXT = TranslationContext.of("prod");

  static Stream<Scenario> scenarios() {
    return Stream.concat(Scenario.all(), GovernanceScenarios.all());
  }

  private static List<MeshResource> translate(Scenario scenario) {
    return BACKEND.translate(scenario.policy(), CONTEXT);
  }

  @ParameterizedTest(name = "{0} produces only kinds its policy kind declares")
  @MethodSource("scenarios")
  @DisplayName("produces only the kinds the backend declares for the policy's kind, so planning lists no fewer")
  void producesDeclaredKinds(Scenario scenario) {
    List<io.meshsdk.spi.ResourceType> declared = BACKEND.resourceTypes(scenario.policy().kind());
    assertThat(translate(scenario)).allSatisfy(object -> assertThat(declared)
        .as("kinds declared for %s", scenario.policy().kind())
        .anyMatch(t -> t.kind().equals(object.kind()) && t.apiVersion().equals(object.apiVersion())));
  }

  @ParameterizedTest(name = "{0} yields exactly the objects of its golden files")
  @MethodSource("scenarios")
  void yieldsTheGoldenKinds(Scenario scenario) {
    List<String> goldenKinds = IstioResourceTypes.ALL.stream()
        .map(ResourceType::kind)
        .filter(kind -> GoldenFiles.read(scenario, kind).isPresent())
        .toList();

    assertThat(translate(scenario)).extracting(MeshResource::kind)
        .as("kinds translated from %s, in creation order", scenario)
        .containsExactlyElementsOf(goldenKinds);
  }

  @ParameterizedTest(name = "{0} matches its golden YAML")
  @MethodSource("scenarios")
  void matchesTheGoldenYaml(Scenario scenario) {
    for (MeshResource resource : translate(scenario)) {
      Optional<JsonNode> golden = GoldenFiles.read(scenario, resource.kind());
      assertThat(golden).as("golden file %s", GoldenFiles.path(scenario, resource.kind())).isPresent();
      GoldenFiles.assertSameTree(
          resource.content(), golden.get(), GoldenFiles.path(scenario, resource.kind()));
    }
  }

  @ParameterizedTest(name = "{0} emits only objects that Istio's CRD schemas and CEL rules accept")
  @MethodSource("scenarios")
  void emitsAcceptedObjects(Scenario scenario) {
    for (MeshResource resource : translate(scenario)) {
      IstioValidation.assertAccepted(resource.content());
    }
  }
}
