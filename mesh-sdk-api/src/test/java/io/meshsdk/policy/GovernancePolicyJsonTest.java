package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A governance policy as JSON")
class GovernancePolicyJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Policy> policies() {
    return Stream.of(
        PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings"))
            .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE).build(),
        PolicyBuilder.forWorkload("bookinfo", Map.of("app", "productpage")).allow("viewer")
            .rule(r -> r.from(s -> s.principals("cluster.local/ns/bookinfo/sa/reviews").notIpBlocks("10.0.0.0/8"))
                .to(o -> o.methods("GET").onPorts(9080))
                .when("request.auth.claims[groups]", "admins"))
            .build(),
        PolicyBuilder.forNamespace("bookinfo").denyAll().build(),
        PolicyBuilder.forNamespace("foo").custom("ext-authz", "opa").rule(r -> r.to(o -> o.paths("/admin*"))).build(),
        PolicyBuilder.forNamespace("foo").jwt("jwt").rule(r -> r.issuer("issuer.example.com")
            .jwks("{\"keys\":[]}").fromHeader("x-token", "Bearer ").fromParam("token")
            .outputClaimToHeader("x-sub", "sub")).requireValidToken().build(),
        PolicyBuilder.gateway("gw").inNamespace("bookinfo")
            .server(s -> s.port(443).protocol(PortProtocol.HTTPS).hosts("a.example.com")
                .tls(GatewayTlsMode.MUTUAL, "a-cred"))
            .route(r -> r.uriPrefix("/").headerExact("x-tenant", "t1").to("productpage", 9080)
                .timeout(Duration.ofSeconds(3)))
            .build(),
        PolicyBuilder.externalService("api.example.com").inNamespace("shop")
            .port(80, PortProtocol.HTTP, 443).originateTls(t -> t.port(80)).throughEgressGateway().build(),
        PolicyBuilder.externalService("db.internal").inNamespace("shop").port(5432, PortProtocol.TCP)
            .resolution(ServiceResolution.STATIC).addAddress("10.9.0.0/16")
            .endpoint(e -> e.address("10.9.1.4").putPort("tcp-5432", 15432).putLabel("role", "primary"))
            .build(),
        PolicyBuilder.forNamespace("bookinfo").sidecar().egressHosts("./*").build(),
        PolicyBuilder.forMesh().outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY).build(),
        PolicyBuilder.forMesh().telemetry().accessLogProviders("envoy").tracingSampling(1.5).build(),
        PolicyBuilder.externalWorkload("vm-1").inNamespace("bookinfo").address("10.0.0.7")
            .putLabel("app", "details").putPort("http", 9080).weight(3).build(),
        PolicyBuilder.externalWorkloadGroup("vms").inNamespace("bookinfo").putLabel("app", "ratings").build(),
        PolicyBuilder.raw("""
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata:
              name: concurrency
              namespace: bookinfo
            spec:
              concurrency: 2
            """).build());
  }

  @ParameterizedTest(name = "{0} round-trips through the Policy type with its kind")
  @MethodSource("policies")
  void roundTrips(Policy policy) throws Exception {
    String json = MAPPER.writerFor(Policy.class).writeValueAsString(policy);

    assertThat(json).contains("\"kind\":\"" + policy.kind() + "\"").doesNotContain("capability");
    Policy back = MAPPER.readValue(json, Policy.class);
    assertThat(back).isEqualTo(policy);
    assertThat(back.ref()).isEqualTo(policy.ref());
    assertThat(back.capability()).isEqualTo(policy.capability()).isNotEqualTo(BackendCapability.TELEMETRY);
  }

  @Test
  @DisplayName("keeps a raw policy's objects as JSON objects, not as escaped text")
  void rawKeepsObjects() throws Exception {
    RawPolicy policy = (RawPolicy) policies().filter(RawPolicy.class::isInstance).findFirst().orElseThrow();
    String json = MAPPER.writerFor(Policy.class).writeValueAsString(policy);

    assertThat(MAPPER.readTree(json).path("resources").get(0).path("spec").path("concurrency").asInt()).isEqualTo(2);
    RawPolicy back = (RawPolicy) MAPPER.readValue(json, Policy.class);
    assertThat(back.resources()).extracting(MeshResource::kind).containsExactly("ProxyConfig");
    assertThat(back.name()).isEqualTo("proxyconfig-concurrency");
  }
}
