package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.istio.schema.IstioValidation;
import io.meshsdk.mesh.DiscoveredObject;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.AuthorizationPolicy;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.JwtPolicy;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PortProtocol;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.policy.ServicePort;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Discovery and adoption of Istio objects the SDK did not write")
class AdoptionTest {
  private static final String NS = AdoptionCorpus.NAMESPACE;

  private InMemoryClusterConnector clusters;
  private MeshManager meshes;
  private Mesh legacy;
  private InMemoryCluster primary;

  @BeforeEach
  void setUp() {
    clusters = new InMemoryClusterConnector();
    meshes = MeshManager.builder().connector(clusters).build();
    meshes.clusters().register(ClusterSpec.builder().name("primary-1").build());
    legacy = meshes.create(MeshSpec.external("legacy").addPrimary("primary-1").build());
    primary = clusters.cluster("primary-1");
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private void plantCorpus() {
    AdoptionCorpus.objects().forEach(primary::putOutOfBand);
  }

  private static List<Policy> policies(List<DiscoveredPolicy> found) {
    return found.stream().map(DiscoveredPolicy::policy).collect(Collectors.toList());
  }

  private static DiscoveredPolicy from(List<DiscoveredPolicy> found, String kind, String name) {
    return found.stream()
        .filter(d -> d.sources().stream().anyMatch(s -> s.ref().kind().equals(kind) && s.ref().name().equals(name)))
        .findFirst().orElseThrow(() -> new AssertionError("nothing discovered from " + kind + " " + name + ": " + found));
  }

  /** Numbers compare by value (100, 100L and 100.0 alike), as an API server stores them. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.equals(b)
      || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;

  @Test
  @DisplayName("every object of the corpus is one Istio's CRDs accept")
  void corpusIsValidIstio() {
    List<MeshResource> corpus = AdoptionCorpus.objects();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(20);
    for (MeshResource object : corpus) {
      IstioValidation.assertAccepted(object.content());
    }
  }

  @Test
  @DisplayName("round trip: discover, adopt and apply the corpus, then planning it again changes nothing")
  void roundTrip() {
    plantCorpus();
    List<DiscoveredPolicy> found = legacy.policies().discover();
    assertThat(found.stream().flatMap(d -> d.sources().stream()).map(DiscoveredObject::ref))
        .as("every object of the corpus is found once")
        .containsExactlyInAnyOrderElementsOf(AdoptionCorpus.objects().stream().map(MeshResource::ref).toList());

    Plan adoption = legacy.policies().adopt(policies(found));
    assertThat(adoption.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.ADOPT);
    assertThat(adoption.changes()).hasSize(AdoptionCorpus.objects().size());
    assertThat(adoption.render()).contains("to adopt").contains("* adopt VirtualService storefront/catalog");
    ApplyResult result = adoption.apply();
    assertThat(result.successful()).as(result.toJson()).isTrue();

    Plan again = legacy.policies().plan(policies(found));
    assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
    assertThat(again.hasChanges()).isFalse();
    assertThat(legacy.policies().list()).containsExactlyInAnyOrderElementsOf(policies(found));
    assertThat(legacy.policies().drift().hasDrift()).isFalse();
    assertThat(legacy.policies().discover()).as("nothing is left unowned").isEmpty();

    for (MeshResource original : AdoptionCorpus.objects()) {
      MeshResource adopted = primary.find(original.kind(), NS, original.name()).orElseThrow();
      JsonNode spec = adopted.content().get("spec");
      assertThat(spec.equals(SAME_VALUE, original.content().get("spec")))
          .as("spec of %s: %s, was %s", original.ref(), spec, original.content().get("spec")).isTrue();
      assertThat(adopted.labels()).containsAllEntriesOf(original.labels())
          .containsEntry("app.kubernetes.io/managed-by", "mesh-sdk").containsEntry("mesh.meshsdk.io/mesh", "legacy")
          .containsKey("mesh.meshsdk.io/policy");
    }
    // each adopted policy's intent is written on one of its objects, the one applied last
    assertThat(AdoptionCorpus.objects().stream()
        .map(o -> primary.find(o.kind(), NS, o.name()).orElseThrow())
        .filter(o -> o.annotations().containsKey("mesh.meshsdk.io/intent")))
        .hasSize(policies(found).size());
  }

  @Test
  @DisplayName("reads objects the typed API says exactly as typed policies, keeping their names")
  void typedWhereExact() {
    plantCorpus();
    List<DiscoveredPolicy> found = legacy.policies().discover();

    DiscoveredPolicy catalog = from(found, "VirtualService", "catalog");
    assertThat(catalog.exact()).as(catalog.toString()).isTrue();
    assertThat(catalog.sources()).extracting(s -> s.ref().kind()).containsExactly("DestinationRule", "VirtualService");
    TrafficPolicy routing = (TrafficPolicy) catalog.policy();
    assertThat(routing.host()).isEqualTo("catalog.storefront.svc.cluster.local");
    assertThat(routing.subsets()).extracting(s -> s.name()).containsExactly("v1", "v2");
    assertThat(routing.routes()).hasSize(2);

    TrafficPolicy pricing = (TrafficPolicy) from(found, "VirtualService", "pricing-chaos").policy();
    assertThat(pricing.name()).isEqualTo("pricing-chaos");
    assertThat(pricing.destinationRuleName()).contains("pricing-versions");
    assertThat(pricing.routes().get(0).fault().orElseThrow().delay()).contains(Duration.ofSeconds(4));

    assertThat(((TrafficPolicy) from(found, "VirtualService", "search").policy()).routes().get(0).mirror()).isPresent();
    assertThat(((TrafficPolicy) from(found, "DestinationRule", "inventory").policy()).circuitBreaker()
        .orElseThrow().maxConnections()).contains(40);
    assertThat(((TrafficPolicy) from(found, "VirtualService", "checkout").policy()).routes().get(0).timeout())
        .contains(Duration.ofSeconds(3));

    ExternalService payments = (ExternalService) from(found, "ServiceEntry", "payment-provider").policy();
    assertThat(payments.ports()).extracting(ServicePort::name).containsExactly("tls-api");
    assertThat(from(found, "PeerAuthentication", "payments-strict").policy()).isInstanceOf(MtlsPolicy.class);
    assertThat(from(found, "PeerAuthentication", "default").policy()).isInstanceOf(MtlsPolicy.class);
    assertThat(from(found, "AuthorizationPolicy", "catalog-readers").policy()).isInstanceOf(AuthorizationPolicy.class);
    assertThat(from(found, "AuthorizationPolicy", "account-require-token").policy())
        .isInstanceOf(AuthorizationPolicy.class);
    GatewayPolicy gateway = (GatewayPolicy) from(found, "Gateway", "storefront-gateway").policy();
    assertThat(gateway.servers()).singleElement().satisfies(s -> assertThat(s.hosts()).containsExactly("shop.example.com"));
    assertThat(gateway.routes()).as("its VirtualService is read on its own").isEmpty();
    JwtPolicy tokens = (JwtPolicy) from(found, "RequestAuthentication", "account-tokens").policy();
    assertThat(tokens.requireValidToken()).isFalse();
    assertThat(tokens.rules()).extracting(r -> r.issuer()).containsExactly("https://id.shop.example.com");
    assertThat(((SidecarPolicy) from(found, "Sidecar", "default").policy()).egressHosts())
        .containsExactly("./*", "istio-system/*");
    assertThat(((TelemetryPolicy) from(found, "Telemetry", "access-logs").policy()).accessLogProviders())
        .containsExactly("envoy");
  }

  @Test
  @DisplayName("keeps what the typed API cannot say exactly as raw policies, with the reason")
  void rawOtherwise() {
    plantCorpus();
    List<DiscoveredPolicy> found = legacy.policies().discover();

    DiscoveredPolicy web = from(found, "VirtualService", "storefront-web");
    assertThat(web.policy()).isInstanceOf(RawPolicy.class);
    assertThat(web.reason()).contains("field spec.gateways has no typed equivalent");
    assertThat(from(found, "ServiceEntry", "mail-relay").reason())
        .contains("field spec.location is absent, but the typed policy always writes it");
    assertThat(from(found, "AuthorizationPolicy", "payments-allow-nothing").reason())
        .contains("field spec.action is absent, but the typed policy always writes it");
    assertThat(from(found, "VirtualService", "reviews").reason()).hasValueSatisfying(r -> assertThat(r)
        .startsWith("field spec.hosts[0] is \"reviews\", which the typed policy writes as")
        .contains("reviews.storefront.svc.cluster.local"));
    assertThat(from(found, "EnvoyFilter", "checkout-idle-timeout").reason())
        .contains("discovery reads no EnvoyFilter into a typed policy; it is kept as it is");
    for (DiscoveredPolicy raw : found) {
      assertThat(raw.exact()).isEqualTo(!(raw.policy() instanceof RawPolicy));
    }
  }

  @Test
  @DisplayName("leaves out the objects the SDK already owns")
  void skipsOwnObjects() {
    legacy.policies().apply(PolicyBuilder.forService("orders").inNamespace(NS)
        .route(r -> r.toHost("orders").timeout(Duration.ofSeconds(2))).build());
    assertThat(legacy.policies().discover()).isEmpty();
  }

  @Test
  @DisplayName("an object found on several primaries is one policy naming each, and is adopted on each")
  void severalPrimaries() {
    meshes.clusters().register(ClusterSpec.builder().name("old-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("old-2").build());
    Mesh both = meshes.create(MeshSpec.external("both").addPrimary("old-1").addPrimary("old-2").build());
    InMemoryCluster second = clusters.cluster("old-2");
    List<MeshResource> corpus = AdoptionCorpus.objects();
    corpus.forEach(clusters.cluster("old-1")::putOutOfBand);
    corpus.stream().filter(o -> !o.name().equals("checkout")).forEach(second::putOutOfBand);

    List<DiscoveredPolicy> found = both.policies().discover();

    assertThat(from(found, "VirtualService", "catalog").sources()).extracting(DiscoveredObject::cluster)
        .containsExactly("old-1", "old-1", "old-2", "old-2");
    assertThat(from(found, "VirtualService", "checkout").sources()).extracting(DiscoveredObject::cluster)
        .containsExactly("old-1");
    Plan adoption = both.policies().adopt(policies(found));
    assertThat(adoption.changes()).filteredOn(c -> c.ref().name().equals("checkout"))
        .extracting(c -> c.cluster() + " " + c.action())
        .containsExactlyInAnyOrder("old-1 ADOPT", "old-2 CREATE");
    assertThat(adoption.apply().successful()).isTrue();
    assertThat(both.policies().plan(policies(found)).hasChanges()).isFalse();
  }

  @Test
  @DisplayName("is an operation of its own for access policies: one allowed to apply may still not adopt")
  void adoptionIsItsOwnOperation() {
    try (MeshManager guarded = MeshManager.builder().connector(clusters)
        .accessPolicy(r -> r.operation() != io.meshsdk.event.MeshOperation.ADOPT).build()) {
      guarded.clusters().register(ClusterSpec.builder().name("old-1").build());
      guarded.create(MeshSpec.external("guarded").addPrimary("old-1").build());
      InMemoryCluster old = clusters.cluster("old-1");
      AdoptionCorpus.objects().forEach(old::putOutOfBand);
      List<DiscoveredPolicy> found = guarded.get("guarded").policies().discover();
      long writes = clusters.writes();

      assertThatThrownBy(() -> guarded.get("guarded").policies()
          .adopt(found.stream().map(DiscoveredPolicy::policy).collect(Collectors.toList())))
          .isInstanceOf(io.meshsdk.MeshAccessDeniedException.class).hasMessageContaining("ADOPT");
      assertThat(clusters.writes()).isEqualTo(writes);
    }
  }

  @Test
  @DisplayName("under an access policy, finds only what the principal may read")
  void accessPolicy() {
    try (MeshManager guarded = MeshManager.builder().connector(clusters)
        .accessPolicy(r -> r.principal().isEmpty() || r.namespace().map(NS::equals).orElse(true)).build()) {
      guarded.clusters().register(ClusterSpec.builder().name("old-1").build());
      guarded.create(MeshSpec.external("guarded").addPrimary("old-1").build());
      InMemoryCluster old = clusters.cluster("old-1");
      AdoptionCorpus.objects().forEach(old::putOutOfBand);
      MeshResource elsewhere = AdoptionCorpus.objects().get(0);
      ObjectNode moved = elsewhere.content();
      moved.withObjectProperty("metadata").put("namespace", "payments-team");
      old.putOutOfBand(MeshResource.of(moved));

      List<DiscoveredPolicy> all = guarded.get("guarded").policies().discover();
      List<DiscoveredPolicy> visible = guarded.as("dev").get("guarded").policies().discover();

      assertThat(all).extracting(d -> d.policy().namespace()).contains("payments-team", NS);
      assertThat(visible).extracting(d -> d.policy().namespace()).containsOnly(NS);
      assertThat(visible).hasSize(all.size() - 1);
    }
  }

  @Nested
  @DisplayName("adoption is explicit and safe")
  class Safety {

    @Test
    @DisplayName("plan() still refuses to take an object the SDK does not own")
    void planRefuses() {
      plantCorpus();
      Policy catalog = from(legacy.policies().discover(), "VirtualService", "catalog").policy();
      assertThatThrownBy(() -> legacy.policies().plan(catalog))
          .isInstanceOf(MeshConflictException.class)
          .hasMessageContaining("someone other than mesh-sdk");
    }

    @Test
    @DisplayName("an object edited after the adoption was planned is not clobbered: the change goes stale")
    void concurrentEdit() {
      plantCorpus();
      Policy checkout = from(legacy.policies().discover(), "VirtualService", "checkout").policy();
      Plan adoption = legacy.policies().adopt(checkout);
      MeshResource edited = primary.find("VirtualService", NS, "checkout").orElseThrow().withLabel("edited", "yes");
      primary.putOutOfBand(edited);

      ApplyResult result = adoption.apply();

      assertThat(result.successful()).isFalse();
      ObjectOutcome outcome = result.cluster("primary-1").orElseThrow().outcomes().get(0);
      assertThat(outcome.action()).isEqualTo(ChangeAction.ADOPT);
      assertThat(outcome.errorCode()).contains(ErrorCode.STALE_PLAN);
      assertThat(primary.find("VirtualService", NS, "checkout").orElseThrow().labels())
          .containsEntry("edited", "yes").doesNotContainKey("app.kubernetes.io/managed-by");
    }

    @Test
    @DisplayName("a policy changed before adopting shows its difference from the live spec")
    void changedPolicyShowsDiff() {
      plantCorpus();
      TrafficPolicy checkout = (TrafficPolicy) from(legacy.policies().discover(), "VirtualService", "checkout").policy();
      TrafficPolicy longer = TrafficPolicy.builder().from(checkout).routes(List.of()).route(r -> r
          .toHost("checkout.storefront.svc.cluster.local").timeout(Duration.ofSeconds(5))).build();

      ResourceChange change = legacy.policies().adopt(longer).changes().get(0);

      assertThat(change.action()).isEqualTo(ChangeAction.ADOPT);
      assertThat(change.diff()).anySatisfy(d -> assertThat(d.path()).isEqualTo("/spec/http/0/timeout"))
          .anySatisfy(d -> assertThat(d.path()).isEqualTo("/spec/http/0/retries"))
          .anySatisfy(d -> assertThat(d.path()).startsWith("/metadata/labels"));
      legacy.policies().adopt(longer).apply().orThrow();
      assertThat(primary.find("VirtualService", NS, "checkout").orElseThrow().content().at("/spec/http/0/timeout").asText())
          .isEqualTo("5s");
    }

    @Test
    @DisplayName("adopting an object another policy owns is a conflict naming both")
    void ownedByAnotherPolicy() {
      TrafficPolicy owner = PolicyBuilder.forService("orders").inNamespace(NS)
          .route(r -> r.toHost("orders").timeout(Duration.ofSeconds(2))).build();
      legacy.policies().apply(owner);
      TrafficPolicy other = PolicyBuilder.forService("orders-v2").inNamespace(NS).virtualServiceName("orders")
          .route(r -> r.toHost("orders-v2").timeout(Duration.ofSeconds(2))).build();

      assertThatThrownBy(() -> legacy.policies().adopt(other))
          .isInstanceOf(MeshConflictException.class)
          .hasMessageContaining(other.ref().toString())
          .hasMessageContaining(owner.ref().toString());
    }

    @Test
    @DisplayName("a serialised adoption plan restores and applies on another handle")
    void restoresAdoptPlan() {
      plantCorpus();
      Policy search = from(legacy.policies().discover(), "VirtualService", "search").policy();
      String json = legacy.policies().adopt(search).toJson();
      assertThat(json).contains("\"action\":\"ADOPT\"").contains("\"adopt\":2");

      ApplyResult result = meshes.get("legacy").policies().restore(json).apply();

      assertThat(result.successful()).isTrue();
      assertThat(primary.find("VirtualService", NS, "search").orElseThrow().labels())
          .containsEntry("mesh.meshsdk.io/policy", "search");
    }
  }

  @Nested
  @DisplayName("names of adopted objects")
  class Names {

    @Test
    @DisplayName("a traffic policy writes its objects under the names it is given")
    void trafficNames() {
      TrafficPolicy policy = PolicyBuilder.forService("pricing").inNamespace(NS)
          .virtualServiceName("pricing-routes").destinationRuleName("pricing.rules")
          .subset("v1", Map.of("version", "v1"))
          .route(r -> r.toSubset("v1")).build();

      legacy.policies().apply(policy).orThrow();

      assertThat(primary.find("VirtualService", NS, "pricing-routes")).isPresent();
      assertThat(primary.find("DestinationRule", NS, "pricing.rules")).isPresent();
      assertThat(legacy.policies().list()).containsExactly(policy);
      assertThat(legacy.policies().plan(policy).hasChanges()).isFalse();
      assertThat(legacy.policies().drift().hasDrift()).isFalse();
      primary.removeOutOfBand(primary.find("DestinationRule", NS, "pricing.rules").orElseThrow().ref());
      assertThat(legacy.policies().planReconcile().changes()).filteredOn(c -> c.action() == ChangeAction.CREATE)
          .singleElement().satisfies(c -> assertThat(c.ref().name()).isEqualTo("pricing.rules"));
    }

    @Test
    @DisplayName("a name that is not a DNS-1123 name is refused, naming the field")
    void badNames() {
      assertThatThrownBy(() -> PolicyBuilder.forService("pricing").inNamespace(NS)
          .virtualServiceName("Pricing_Routes").destinationRuleName("")
          .route(r -> r.toHost("pricing")).build())
          .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
              .extracting(v -> v.field()).contains("virtualServiceName", "destinationRuleName"));
      assertThatThrownBy(() -> PolicyBuilder.externalService("api.example.com").inNamespace(NS)
          .port("Not A Name", 443, PortProtocol.TLS).build())
          .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.violations())
              .extracting(v -> v.field()).contains("ports[0].name"));
    }

    @Test
    @DisplayName("a ServiceEntry port keeps the name it is given")
    void portNames() {
      ExternalService api = PolicyBuilder.externalService("api.example.com").inNamespace(NS)
          .port("tls-api", 443, PortProtocol.TLS).build();

      legacy.policies().apply(api).orThrow();

      assertThat(primary.find("ServiceEntry", NS, api.name()).orElseThrow().content().at("/spec/ports/0/name").asText())
          .isEqualTo("tls-api");
    }
  }
}
