package io.meshsdk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Gateway specifications and secret values")
class GatewaySpecTest {

  @Test
  @DisplayName("default the Service and ports by kind")
  void defaults() {
    GatewaySpec ingress = GatewaySpec.builder().name("in").cluster("bj-1").kind(GatewayKind.INGRESS).build();
    assertThat(ingress.namespace()).isEqualTo("istio-system");
    assertThat(ingress.serviceType()).isEqualTo(GatewayServiceType.LOAD_BALANCER);
    assertThat(ingress.replicas()).isEqualTo(1);
    assertThat(ingress.servicePorts()).extracting(GatewayPort::port).containsExactly(15021, 80, 443);
    GatewaySpec egress = GatewaySpec.builder().name("out").cluster("bj-1").kind(GatewayKind.EGRESS).build();
    assertThat(egress.serviceType()).isEqualTo(GatewayServiceType.CLUSTER_IP);
    GatewaySpec eastWest = GatewaySpec.builder().name("ew").cluster("bj-1").kind(GatewayKind.EAST_WEST).build();
    assertThat(eastWest.servicePorts()).extracting(GatewayPort::name)
        .containsExactly("status-port", "tls", "tls-istiod", "tls-webhook");
    GatewaySpec custom = GatewaySpec.builder().from(ingress).addPort(GatewayPort.of("tcp", 9000)).build();
    assertThat(custom.servicePorts()).extracting(GatewayPort::port).containsExactly(9000);
  }

  @Test
  @DisplayName("report every broken field at once, by name")
  void violations() {
    assertThatThrownBy(() -> GatewaySpec.builder().name("In!").cluster("bj-1").kind(GatewayKind.INGRESS)
        .namespace("Bad_NS").replicas(-1).minReplicas(3).maxReplicas(2).targetCpuUtilization(120)
        .cpuRequest("half").memoryLimit("1GB").revision("1.24").network("net-a")
        .addPort(GatewayPort.of("http", 80)).addPort(GatewayPort.of("http", 80)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactlyInAnyOrder("name", "namespace", "replicas", "maxReplicas", "targetCpuUtilization",
                "cpuRequest", "memoryLimit", "revision", "network", "ports[1].name", "ports[1].port"));
    assertThatThrownBy(() -> GatewaySpec.builder().name("in").cluster("bj-1").kind(GatewayKind.INGRESS)
        .minReplicas(2).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("minReplicas"));
    assertThatThrownBy(() -> GatewayPort.of("a-port-name-too-long", 70000))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactlyInAnyOrder("name", "port"));
  }

  @Test
  @DisplayName("round-trip through JSON")
  void json() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module());
    GatewaySpec spec = GatewaySpec.builder().name("ew").cluster("sh-1").kind(GatewayKind.EAST_WEST)
        .network("net-sh").replicas(2).maxReplicas(5).cpuRequest("500m").build();
    assertThat(mapper.readValue(mapper.writeValueAsString(spec), GatewaySpec.class)).isEqualTo(spec);
  }

  @Test
  @DisplayName("a mesh refers to its root of trust by location, never by key material")
  void trustRootReference() {
    assertThat(MeshSpec.hosted("prod").controlPlane("cp").trustRoot("meshes/prod/root-ca").build().trustRoot())
        .contains("meshes/prod/root-ca");
    assertThatThrownBy(() -> MeshSpec.hosted("prod").controlPlane("cp")
        .trustRoot("-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).containsExactly("trustRoot");
          assertThat(e.getMessage()).doesNotContain("MIGHAgEA");
        });
  }

  @Test
  @DisplayName("secret values never show in toString")
  void secretData() {
    SecretData data = SecretData.of(Map.of("root-key.pem", "s3cr3t-key".getBytes(StandardCharsets.UTF_8)));
    assertThat(data.toString()).contains("root-key.pem").doesNotContain("s3cr3t");
    assertThat(data.get("root-key.pem")).hasValueSatisfying(v ->
        assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("s3cr3t-key"));
    assertThat(data).isEqualTo(SecretData.of(Map.of("root-key.pem", "s3cr3t-key".getBytes(StandardCharsets.UTF_8))));
  }
}
