package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.istio.api.networking.v1alpha3.EnvoyFilterBuilder;
import io.meshsdk.MeshManager;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PortProtocol;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Governance policies through the engine on in-memory clusters")
class GovernanceEngineTest {
  private InMemoryClusterConnector clusters;
  private MeshManager meshes;
  private Mesh prod;
  private long writesAfterJoin;

  static Stream<Scenario> scenarios() {
    return GovernanceScenarios.all();
  }

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    writesAfterJoin = clusters.writes();
  }

  /** What policies put on a cluster; joining the member also wrote its remote secret and reader account. */
  private List<MeshResource> policyObjects(String cluster) {
    return clusters.cluster(cluster).objects().stream()
        .filter(o -> o.labels().containsKey("mesh.meshsdk.io/policy"))
        .collect(java.util.stream.Collectors.toList());
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  @ParameterizedTest(name = "{0}: plan, apply, list, re-apply and delete")
  @MethodSource("scenarios")
  void fullLifecycle(Scenario scenario) {
    Policy policy = scenario.policy();

    Plan plan = prod.policies().plan(policy);
    assertThat(plan.changes()).isNotEmpty().extracting(ResourceChange::action).containsOnly(ChangeAction.CREATE);
    assertThat(clusters.writes()).isEqualTo(writesAfterJoin);

    ApplyResult applied = plan.apply();
    assertThat(applied.successful()).isTrue();
    List<MeshResource> written = policyObjects("mcpc-1");
    assertThat(written).hasSize(plan.changes().size()).allSatisfy(o -> {
      assertThat(o.labels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk")
          .containsEntry("mesh.meshsdk.io/mesh", "prod")
          .containsEntry("mesh.meshsdk.io/policy", policy.name())
          .containsEntry("mesh.meshsdk.io/policy-kind", policy.kind());
      assertThat(o.namespace()).contains(policy.namespace());
    });
    assertThat(written).filteredOn(o -> o.annotations().containsKey("mesh.meshsdk.io/intent")).singleElement()
        .satisfies(o -> assertThat(o.annotations()).containsKey("mesh.meshsdk.io/intent-hash"));
    assertThat(written).filteredOn(o -> !o.annotations().containsKey("mesh.meshsdk.io/intent"))
        .allSatisfy(o -> assertThat(o.annotations()).doesNotContainKey("mesh.meshsdk.io/intent-hash"));
    assertThat(policyObjects("bj-1")).isEmpty();
    assertThat(prod.policies().list()).containsExactly(policy);

    long writes = clusters.writes();
    Plan again = prod.policies().plan(policy);
    assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
    again.apply();
    assertThat(clusters.writes()).isEqualTo(writes);

    ApplyResult deleted = prod.policies().delete(policy.ref());
    assertThat(deleted.successful()).isTrue();
    assertThat(policyObjects("mcpc-1")).isEmpty();
    assertThat(prod.policies().list()).isEmpty();
  }

  @Test
  @DisplayName("prunes the objects a changed policy no longer produces and updates the rest")
  void prunesOnChange() {
    prod.policies().apply(PolicyBuilder.forWorkload("foo", java.util.Map.of("app", "httpbin"))
        .jwt("jwt").rule(r -> r.issuer("issuer.example.com").jwksUri("https://issuer.example.com/jwks"))
        .requireValidToken().build());
    assertThat(policyObjects("mcpc-1")).extracting(MeshResource::kind)
        .containsExactlyInAnyOrder("RequestAuthentication", "AuthorizationPolicy");

    Plan plan = prod.policies().plan(PolicyBuilder.forWorkload("foo", java.util.Map.of("app", "httpbin"))
        .jwt("jwt").rule(r -> r.issuer("issuer.example.com").jwksUri("https://issuer.example.com/jwks2")).build());

    assertThat(plan.changes()).extracting(c -> c.ref().kind(), ResourceChange::action).containsExactly(
        org.assertj.core.groups.Tuple.tuple("RequestAuthentication", ChangeAction.UPDATE),
        org.assertj.core.groups.Tuple.tuple("AuthorizationPolicy", ChangeAction.DELETE));
    plan.apply();
    assertThat(policyObjects("mcpc-1")).extracting(MeshResource::kind)
        .containsExactly("RequestAuthentication");
  }

  @Test
  @DisplayName("migrates mTLS from PERMISSIVE to STRICT as one update of the same object")
  void mtlsMigration() {
    prod.policies().apply(PolicyBuilder.forNamespace("foo").mtls(MtlsMode.PERMISSIVE).build());

    Plan plan = prod.policies().plan(PolicyBuilder.forNamespace("foo").mtls(MtlsMode.STRICT).build());

    assertThat(plan.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(c.diff()).anySatisfy(d -> assertThat(d.path()).isEqualTo("/spec/mtls/mode"));
    });
  }

  @Test
  @DisplayName("manages a fabric8 EnvoyFilter given through the raw escape hatch, and refuses undeclared kinds")
  void rawPolicies() {
    RawPolicy filter = IstioPolicies.raw(new EnvoyFilterBuilder()
        .withNewMetadata().withName("lua").withNamespace("bookinfo").endMetadata()
        .withNewSpec().endSpec()
        .build()).build();
    prod.policies().apply(filter);
    assertThat(clusters.cluster("mcpc-1").find("EnvoyFilter", "bookinfo", "lua")).isPresent();
    assertThat(prod.policies().list()).containsExactly(filter);

    RawPolicy deployment = PolicyBuilder.raw("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: bookinfo
        spec:
          replicas: 1
        """).build();
    assertThatThrownBy(() -> prod.policies().plan(deployment))
        .isInstanceOfSatisfying(PolicyValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).containsExactly("resources[0].kind");
          assertThat(e.getMessage()).contains("Deployment of apps/v1");
        });
  }

  @Test
  @DisplayName("plans a gateway and an external service together, each object in creation order")
  void plansSeveralKinds() {
    Plan plan = prod.policies().plan(GovernanceScenarios.GATEWAY_TLS.policy(),
        PolicyBuilder.externalService("api.example.com").inNamespace("bookinfo").port(443, PortProtocol.HTTPS).build());

    assertThat(plan.changes()).extracting(c -> c.ref().kind())
        .containsExactly("ServiceEntry", "Gateway", "VirtualService");
  }
}
