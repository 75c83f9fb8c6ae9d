package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.ErrorCode;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.PolicyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Planning a policy the backend cannot translate")
class CapabilityTest {
  private EngineFixture fixture;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    fixture = new EngineFixture().register("mcpc-1");
    prod = fixture.meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @AfterEach
  void tearDown() {
    fixture.meshes.close();
  }

  @Test
  @DisplayName("fails before reading or writing anything, naming the policy and the missing capability")
  void refusesMissingCapability() {
    assertThatThrownBy(() -> prod.policies().plan(EngineFixture.reviews(90, 10),
            PolicyBuilder.forNamespace("bookinfo").mtls(MtlsMode.STRICT).build()))
        .isInstanceOfSatisfying(UnsupportedCapabilityException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
          assertThat(e.getMessage()).contains("MtlsPolicy bookinfo/default", "SECURITY_POLICY", "test backend");
        });
    assertThat(fixture.clusters.cluster("mcpc-1").lists()).isZero();
    assertThat(fixture.clusters.writes()).isZero();
  }
}
