package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.Policies;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.TrafficPolicy;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON of every golden policy: the same text the intent annotation holds, read back equal, and
 * valid against the published schema of its kind.
 */
@DisplayName("Policies as JSON")
class PolicyJsonTest {
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private MeshManager meshes;
  private Mesh prod;

  static Stream<Scenario> scenarios() {
    return Stream.concat(Scenario.all(), GovernanceScenarios.all());
  }

  static LongStream seeds() {
    return LongStream.range(0, 150);
  }

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().connector(new InMemoryClusterConnector()).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private static List<String> schemaErrors(Policy policy, String json) {
    return SCHEMAS.getSchema(Policies.jsonSchema(policy.kind())).validate(json, InputFormat.JSON).stream()
        .map(Error::toString).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}: Policies.toJson is the intent annotation the plan writes on one object")
  @MethodSource("scenarios")
  void jsonIsTheIntentAnnotation(Scenario scenario) {
    Plan plan = prod.policies().plan(scenario.policy());

    assertThat(plan.changes()).isNotEmpty().allSatisfy(c -> assertThat(c.policy()).contains(scenario.policy().ref()));
    assertThat(plan.changes()).extracting(c -> c.desired().orElseThrow().annotations().get("mesh.meshsdk.io/intent"))
        .filteredOn(java.util.Objects::nonNull)
        .containsExactly(Policies.toJson(scenario.policy()));
  }

  @ParameterizedTest(name = "{0}: the JSON reads back equal and matches the schema of its kind")
  @MethodSource("scenarios")
  void roundTripAndSchema(Scenario scenario) {
    String json = Policies.toJson(scenario.policy());

    assertThat(Policies.fromJson(json)).isEqualTo(scenario.policy());
    assertThat(Policies.fromJson(json, scenario.policy().getClass().getSuperclass().asSubclass(Policy.class)))
        .isEqualTo(scenario.policy());
    assertThat(schemaErrors(scenario.policy(), json)).as(json).isEmpty();
  }

  @ParameterizedTest(name = "the traffic policy generated from seed {0} reads back equal and matches the schema")
  @MethodSource("seeds")
  void generatedPoliciesMatchTheSchema(long seed) {
    TrafficPolicy policy = new ValidPoliciesPropertyTest.Generator(new Random(seed)).policy();
    String json = Policies.toJson(policy);

    assertThat(Policies.fromJson(json)).isEqualTo(policy);
    assertThat(schemaErrors(policy, json)).as(json).isEmpty();
  }
}
