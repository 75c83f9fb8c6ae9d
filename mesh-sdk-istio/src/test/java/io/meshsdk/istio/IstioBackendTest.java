package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.Retries;
import io.meshsdk.policy.RouteDestination;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The Istio backend")
class IstioBackendTest {
  private static final MeshBackend BACKEND = new IstioBackendProvider().create();
  private static final TranslationContext CONTEXT = TranslationContext.of("prod");

  static Stream<Scenario> scenarios() {
    return Scenario.all();
  }

  @Nested
  @DisplayName("as a provider")
  class AsProvider {

    @Test
    @DisplayName("is found by ServiceLoader as the only provider, with id istio")
    void isFoundByServiceLoader() {
      List<MeshBackendProvider> providers = new ArrayList<>();
      ServiceLoader.load(MeshBackendProvider.class).forEach(providers::add);

      assertThat(providers).singleElement()
          .isInstanceOf(IstioBackendProvider.class)
          .extracting(MeshBackendProvider::id).isEqualTo("istio");
    }

    @Test
    @DisplayName("creates a backend with the same id that translates every policy kind and reads telemetry")
    void createsBackend() {
      assertThat(BACKEND.id()).isEqualTo("istio");
      assertThat(BACKEND.capabilities()).containsExactlyInAnyOrder(BackendCapability.values());
    }

    @Test
    @DisplayName("declares DestinationRule before VirtualService, both networking.istio.io/v1 and namespaced")
    void declaresResourceTypesInCreationOrder() {
      assertThat(BACKEND.resourceTypes())
          .containsSubsequence(IstioResourceTypes.DESTINATION_RULE, IstioResourceTypes.VIRTUAL_SERVICE)
          .filteredOn(t -> t.kind().endsWith("Rule") || t.kind().equals("VirtualService"))
          .extracting(ResourceType::apiVersion, ResourceType::kind, ResourceType::plural, ResourceType::namespaced)
          .containsExactly(
              tuple("networking.istio.io/v1", "DestinationRule", "destinationrules", true),
              tuple("networking.istio.io/v1", "VirtualService", "virtualservices", true));
    }
  }

  @Nested
  @DisplayName("when translating")
  class WhenTranslating {

    @Test
    @DisplayName("refuses a policy kind it does not know, naming the kind and the policy")
    void refusesOtherPolicyKinds() {
      Policy unknown = new Policy() {
        @Override
        public String name() {
          return "quota";
        }

        @Override
        public String namespace() {
          return "bookinfo";
        }

        @Override
        public String kind() {
          return "RateLimitPolicy";
        }

        @Override
        public BackendCapability capability() {
          return BackendCapability.TRAFFIC_POLICY;
        }
      };

      assertThatThrownBy(() -> BACKEND.translate(unknown, CONTEXT))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("RateLimitPolicy bookinfo/quota")
          .extracting(e -> ((UnsupportedCapabilityException) e).code())
          .isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
    }

    @ParameterizedTest(name = "{0} gives equal resources every time")
    @MethodSource("io.meshsdk.istio.IstioBackendTest#scenarios")
    void isDeterministic(Scenario scenario) {
      List<MeshResource> first = BACKEND.translate(scenario.policy(), CONTEXT);
      List<MeshResource> second = new IstioBackendProvider().create().translate(scenario.policy(), CONTEXT);

      assertThat(second).isEqualTo(first);
      assertThat(second).extracting(MeshResource::toJson)
          .isEqualTo(first.stream().map(MeshResource::toJson).toList());
    }

    @ParameterizedTest(name = "{0} emits no null, no empty object and no empty list")
    @MethodSource("io.meshsdk.istio.IstioBackendTest#scenarios")
    void emitsNoNullsOrEmptyContainers(Scenario scenario) {
      for (MeshResource resource : BACKEND.translate(scenario.policy(), CONTEXT)) {
        assertThat(nullsAndEmpties(resource.content(), ""))
            .as("null or empty values in %s", resource)
            .isEmpty();
      }
    }

    @ParameterizedTest(name = "{0} names its objects after the policy, in its namespace, without ownership metadata")
    @MethodSource("io.meshsdk.istio.IstioBackendTest#scenarios")
    void namesObjectsAfterThePolicy(Scenario scenario) {
      assertThat(BACKEND.translate(scenario.policy(), CONTEXT)).allSatisfy(resource -> {
        assertThat(resource.name()).isEqualTo(scenario.policy().name());
        assertThat(resource.namespace()).contains(scenario.policy().namespace());
        assertThat(resource.labels()).isEmpty();
        assertThat(resource.annotations()).isEmpty();
      });
    }

    @Test
    @DisplayName("names both objects after an explicitly named policy")
    void usesExplicitPolicyName() {
      TrafficPolicy policy = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .named("reviews-canary")
          .subset("v1", Map.of("version", "v1"))
          .route(r -> r.toSubset("v1"))
          .build();

      assertThat(BACKEND.translate(policy, CONTEXT))
          .extracting(MeshResource::name)
          .containsExactly("reviews-canary", "reviews-canary");
    }

    @Test
    @DisplayName("keeps a zero weight, which takes a destination out of a split")
    void keepsZeroWeight() {
      TrafficPolicy policy = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.toSubset("v1", 100).toSubset("v2", 0))
          .build();

      JsonNode route = spec(BACKEND.translate(policy, CONTEXT).get(1)).at("/http/0/route");

      assertThat(route.get(0).path("weight").asInt(-1)).isEqualTo(100);
      assertThat(route.get(1).path("weight").asInt(-1)).isZero();
    }

    @Test
    @DisplayName("writes the retry conditions and zero attempts as given")
    void writesRetryOn() {
      Retries retries = Retries.builder().attempts(2).retryOn("5xx,reset").build();
      Retries none = Retries.builder().attempts(0).build();
      TrafficPolicy policy = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v1").retries(none))
          .route(r -> r.toSubset("v1").retries(retries))
          .build();

      JsonNode disabled = spec(BACKEND.translate(policy, CONTEXT).get(1)).at("/http/0/retries");
      JsonNode retry = spec(BACKEND.translate(policy, CONTEXT).get(1)).at("/http/1/retries");

      assertThat(disabled.path("attempts").isInt()).as("0 attempts is written, not dropped").isTrue();
      assertThat(disabled.path("attempts").asInt()).isZero();
      assertThat(disabled.has("retryOn")).isFalse();
      assertThat(retry.path("attempts").asInt()).isEqualTo(2);
      assertThat(retry.path("retryOn").asText()).isEqualTo("5xx,reset");
      assertThat(retry.has("perTryTimeout")).isFalse();
    }

    @Test
    @DisplayName("routes to its own service written name.namespace or name.namespace.svc with the DestinationRule's host")
    void qualifiesOwnServiceLikeItsDestinationRule() {
      TrafficPolicy policy = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.addDestination(RouteDestination.builder().host("reviews.bookinfo").subset("v1").build())
              .mirror(m -> m.host("reviews.bookinfo.svc").subset("v2")))
          .tcpRoute(t -> t.addDestination(RouteDestination.builder()
              .host("reviews.bookinfo.svc.cluster.local").subset("v2").build()))
          .build();

      List<MeshResource> resources = BACKEND.translate(policy, CONTEXT);
      String ruleHost = spec(resources.get(0)).path("host").asText();
      JsonNode virtualService = spec(resources.get(1));

      assertThat(ruleHost).isEqualTo("reviews.bookinfo.svc.cluster.local");
      assertThat(virtualService.at("/http/0/route/0/destination/host").asText()).isEqualTo(ruleHost);
      assertThat(virtualService.at("/http/0/mirror/host").asText()).isEqualTo(ruleHost);
      assertThat(virtualService.at("/tcp/0/route/0/destination/host").asText()).isEqualTo(ruleHost);
    }

    @Test
    @DisplayName("completes service hosts written name.namespace.svc with the cluster domain")
    void completesSvcHosts() {
      TrafficPolicy traffic = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .route(r -> r.toHost("ratings.bookinfo.svc"))
          .build();
      GatewayPolicy gateway = PolicyBuilder.gateway("gw").inNamespace("bookinfo")
          .server(s -> s.port(80).hosts("bookinfo.example.com"))
          .route(r -> r.uriPrefix("/").to("productpage.bookinfo.svc", 9080))
          .build();

      JsonNode trafficRoute = spec(BACKEND.translate(traffic, CONTEXT).get(0));
      JsonNode gatewayRoute = BACKEND.translate(gateway, CONTEXT).stream()
          .filter(r -> r.kind().equals("VirtualService")).map(IstioBackendTest::spec).findFirst().orElseThrow();

      assertThat(trafficRoute.at("/http/0/route/0/destination/host").asText())
          .isEqualTo("ratings.bookinfo.svc.cluster.local");
      assertThat(gatewayRoute.at("/http/0/route/0/destination/host").asText())
          .isEqualTo("productpage.bookinfo.svc.cluster.local");
    }

    @Test
    @DisplayName("writes a DestinationRule without traffic policy for a circuit breaker that sets nothing")
    void omitsEmptyCircuitBreaker() {
      TrafficPolicy policy = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .circuitBreaker(cb -> { })
          .build();

      List<MeshResource> resources = BACKEND.translate(policy, CONTEXT);

      assertThat(resources).extracting(MeshResource::kind).containsExactly("DestinationRule");
      assertThat(spec(resources.get(0)).fieldNames()).toIterable().containsExactly("host");
    }
  }

  private static JsonNode spec(MeshResource resource) {
    return resource.field("spec").orElseThrow();
  }

  /** Lists the paths of null values and empty objects or arrays anywhere in a tree. */
  private static List<String> nullsAndEmpties(JsonNode node, String path) {
    List<String> found = new ArrayList<>();
    if (node.isNull() || (node.isContainerNode() && node.isEmpty())) {
      found.add(path.isEmpty() ? "(root)" : path);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        found.addAll(nullsAndEmpties(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey()));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found.addAll(nullsAndEmpties(node.get(i), path + "[" + i + "]"));
      }
    }
    return found;
  }
}
