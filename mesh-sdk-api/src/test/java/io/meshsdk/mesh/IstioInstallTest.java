package io.meshsdk.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Istio install of a mesh")
class IstioInstallTest {

  @Test
  @DisplayName("lists every malformed field at once")
  void violations() {
    assertThatThrownBy(() -> IstioInstall.builder().version("v1.29.3").profile("Ambient!").canaryVersion("latest")
        .readyTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactlyInAnyOrder("istio.version", "istio.profile", "istio.canaryVersion", "istio.readyTimeout"));
    assertThatThrownBy(() -> IstioInstall.builder().version("1.29.3").canaryVersion("1.29.3").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("istio.canaryVersion"));
    assertThatThrownBy(() -> IstioInstall.of("1.29.3").withValues("[1]"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("istio.values"));
  }

  @Test
  @DisplayName("takes versions as Istio spells them, and values as a JSON object")
  void accepted() {
    IstioInstall install = IstioInstall.of("1.30-latest").withValues("{\"pilot\":{\"autoscaleMin\":2}}");
    assertThat(install.version()).isEqualTo("1.30-latest");
    assertThat(install.values().path("pilot").path("autoscaleMin").asInt()).isEqualTo(2);
    assertThat(IstioInstall.of("1.29.3").values().isEmpty()).isTrue();
    assertThat(IstioInstall.of("1.31.0-beta.1").readyTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("takes a discovery address as a DNS name or an IP address, without a port, for a hosted mesh")
  void discoveryAddress() {
    for (String address : new String[] {"istiod.prod.example.com", "203.0.113.10", "2001:db8::10", "ISTIOD.example.com"}) {
      assertThat(IstioInstall.builder().version("1.29.3").discoveryAddress(address).build().discoveryAddress())
          .contains(address);
    }
    for (String address : new String[] {"istiod.example.com:15012", "https://istiod.example.com", "", "-istiod",
        "istiod..example.com"}) {
      assertThatThrownBy(() -> IstioInstall.builder().version("1.29.3").discoveryAddress(address).build())
          .as(address).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("istio.discoveryAddress"));
    }
    assertThatThrownBy(() -> MeshSpec.dedicated("dev").cluster("dev-1")
        .istio(IstioInstall.builder().version("1.29.3").discoveryAddress("203.0.113.10").build()).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("istio.discoveryAddress"));
  }

  @Test
  @DisplayName("belongs to a hosted or dedicated mesh, whose namespaces then select revisions through tags")
  void onlyForInstalledMeshes() {
    assertThatThrownBy(() -> MeshSpec.external("legacy").addPrimary("old-1").istio(IstioInstall.of("1.29.3")).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("istio"));
    assertThatThrownBy(() -> MeshSpec.dedicated("dev").cluster("dev-1").revision("1-24-0")
        .istio(IstioInstall.of("1.29.3")).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("revision"));
    assertThat(MeshSpec.dedicated("dev").cluster("dev-1").istio(IstioInstall.of("1.29.3")).build().istio())
        .contains(IstioInstall.of("1.29.3"));
  }
}
