package io.meshsdk.testing.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.istio.kubernetes.WriteStrategy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.testing.kubernetes.MockApiServers;
import io.meshsdk.testing.reliability.FaultProxy.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault an API server or the network can produce, injected once into one request of a plan
 * or an apply over real HTTP, with the mesh's other config cluster healthy. For every case the
 * test checks what a platform relies on: a failure is a typed error that says whether to retry,
 * is reported for the cluster it happened on, loses nothing that was written correctly, never
 * touches an object the SDK does not own, and the healthy cluster gets everything; and a single
 * transient fault is absorbed by the SDK's retries. The observed outcome of every case goes into
 * the table of docs/reliability.md.
 */
@DisplayName("Faults injected into one request of a plan or an apply")
class FaultMatrixTest {
  private static final String NAMESPACE = "shop";
  private static final String FAULTY = "east-1";
  private static final String HEALTHY = "west-1";
  private static final Set<Fault> TRANSIENT = EnumSet.of(Fault.TOO_MANY_REQUESTS_429,
      Fault.TOO_MANY_REQUESTS_429_BODY, Fault.INTERNAL_500, Fault.UNAVAILABLE_503, Fault.GATEWAY_TIMEOUT_504,
      Fault.RESET, Fault.READ_TIMEOUT, Fault.RESPONSE_LOST);

  static final List<String> ROWS = new ArrayList<>();

  @TempDir
  Path kubeconfigs;

  /** Where the fault strikes. */
  enum Phase {
    READING("reading the live objects (the first list)", "GET", 1),
    FIRST_WRITE("applying the first object", "WRITE", 1),
    THIRD_WRITE("applying the third of four objects", "WRITE", 3);

    final String description;
    final String method;
    final int nth;

    Phase(String description, String method, int nth) {
      this.description = description;
      this.method = method;
      this.nth = nth;
    }

    Predicate<String> requests() {
      Predicate<String> istio = line -> line.contains("/apis/networking.istio.io/");
      return "GET".equals(method) ? istio.and(line -> line.startsWith("GET "))
          : istio.and(line -> !line.startsWith("GET "));
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (Phase phase : Phase.values()) {
        if (phase == Phase.READING && fault == Fault.RESPONSE_LOST) {
          continue; // a read that is lost is a reset: nothing landed
        }
        cases.add(Arguments.of(fault, phase));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} while {1}")
  @MethodSource("cases")
  void faultIsContained(Fault fault, Phase phase) {
    try (MockApiServers servers = new MockApiServers();
        FaultProxy proxy = new FaultProxy(URI.create(servers.server(FAULTY).url("/")), phase.requests(),
            phase.nth, fault);
        MeshManager meshes = MeshManager.builder()
            .connector(KubernetesClusterConnector.builder()
                .defaults(o -> o.writeStrategy(WriteStrategy.UPDATE).requestTimeout(Duration.ofSeconds(2)))
                .build())
            .retries(4, Duration.ofMillis(20))
            // one object at a time, so that "the third of four" is one request and each outcome one sentence
            .writesPerCluster(1)
            .build()) {
      meshes.clusters().register(ClusterSpec.builder().name(FAULTY).kubeconfig(kubeconfig(proxy.url())).build());
      meshes.clusters().register(servers.clusterSpec(HEALTHY));
      KubernetesClient east = servers.client(FAULTY);
      GenericKubernetesResource foreign = east.genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(NAMESPACE).resource(foreignVirtualService()).create();
      Mesh legacy = meshes.create(MeshSpec.external("legacy").addPrimary(FAULTY).addPrimary(HEALTHY).build());

      String outcome = run(legacy, servers, fault, phase);

      assertThat(proxy.injected()).as("the fault was injected").isPositive();
      if (fault == Fault.TOO_MANY_REQUESTS_429 || fault == Fault.TOO_MANY_REQUESTS_429_BODY) {
        assertThat(proxy.pauseAfterFault()).as("the retry waited for the server's Retry-After of 1 s")
            .hasValueSatisfying(pause -> assertThat(pause).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
      }
      GenericKubernetesResource after = east.genericKubernetesResources("networking.istio.io/v1", "VirtualService")
          .inNamespace(NAMESPACE).withName("foreign").get();
      assertThat(after.getMetadata().getResourceVersion()).as("an object the SDK does not own is untouched")
          .isEqualTo(foreign.getMetadata().getResourceVersion());
      synchronized (ROWS) {
        ROWS.add(fault.description + "|" + phase.description + "|" + outcome);
      }
    }
  }

  /** Plans and applies, checks the invariants, and says in a few words what happened. */
  private static String run(Mesh mesh, MockApiServers servers, Fault fault, Phase phase) {
    Plan plan;
    try {
      plan = mesh.policies().plan(canary("reviews"), canary("ratings"));
    } catch (MeshException e) {
      assertThat(phase).as("only reading can fail a plan").isEqualTo(Phase.READING);
      assertThat(e.code()).as("a failed plan is a typed, non-internal error").isNotEqualTo(ErrorCode.INTERNAL);
      assertThat(fault).as("a single transient fault is retried, not surfaced").isNotIn(TRANSIENT);
      assertThat(objects(servers, FAULTY)).as("nothing written after a failed plan").isEmpty();
      assertThat(objects(servers, HEALTHY)).as("nothing written after a failed plan").isEmpty();
      return "plan refused with " + e.code() + (e.retryable() ? " (retryable)" : "") + "; nothing written";
    }
    ApplyResult result = plan.apply();
    ClusterApplyResult healthy = result.cluster(HEALTHY).orElseThrow();
    assertThat(healthy.successful()).as("the healthy cluster gets everything: %s", healthy).isTrue();
    assertThat(objects(servers, HEALTHY)).hasSize(4);
    ClusterApplyResult faulty = result.cluster(FAULTY).orElseThrow();
    for (ObjectOutcome outcome : faulty.outcomes()) {
      if (outcome.status() == ObjectOutcome.Status.FAILED) {
        assertThat(outcome.errorCode()).as("a failure is typed: %s", outcome).isPresent()
            .get().isNotEqualTo(ErrorCode.INTERNAL);
      }
      if (outcome.status() == ObjectOutcome.Status.APPLIED) {
        assertThat(objects(servers, FAULTY)).as("what is reported applied is there").contains(outcome.ref().name()
            + "/" + outcome.ref().kind());
      }
    }
    if (TRANSIENT.contains(fault)) {
      assertThat(faulty.successful()).as("a single %s is absorbed by retries: %s", fault.description, faulty)
          .isTrue();
    }
    if (faulty.successful()) {
      assertThat(objects(servers, FAULTY)).hasSize(4);
      int retries = faulty.outcomes().stream().mapToInt(o -> o.attempts() - 1).sum();
      return "applied everywhere" + (retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries"));
    }
    long applied = faulty.outcomes().stream().filter(o -> o.status() == ObjectOutcome.Status.APPLIED).count();
    List<String> codes = faulty.outcomes().stream().filter(o -> o.status() == ObjectOutcome.Status.FAILED)
        .map(o -> o.errorCode().map(Enum::name).orElse("?")).distinct().toList();
    long skipped = faulty.outcomes().stream().filter(o -> o.status() == ObjectOutcome.Status.SKIPPED).count();
    return FAULTY + ": " + applied + " applied, failed with " + String.join(", ", codes)
        + (skipped == 0 ? "" : ", " + skipped + " skipped") + "; other cluster applied; nothing clobbered";
  }

  /** The SDK's objects on a cluster, as {@code name/kind}. */
  private static List<String> objects(MockApiServers servers, String cluster) {
    List<String> found = new ArrayList<>();
    for (String kind : List.of("VirtualService", "DestinationRule")) {
      servers.client(cluster).genericKubernetesResources("networking.istio.io/v1", kind).inNamespace(NAMESPACE)
          .withLabel("app.kubernetes.io/managed-by", "mesh-sdk").list().getItems()
          .forEach(o -> found.add(o.getMetadata().getName() + "/" + kind));
    }
    return found;
  }

  private static TrafficPolicy canary(String service) {
    return PolicyBuilder.forService(service).inNamespace(NAMESPACE)
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .build();
  }

  private static GenericKubernetesResource foreignVirtualService() {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("networking.istio.io/v1").withKind("VirtualService")
        .withNewMetadata().withName("foreign").withNamespace(NAMESPACE).endMetadata()
        .addToAdditionalProperties("spec", Map.of("hosts", List.of("foreign"),
            "http", List.of(Map.of("route", List.of(Map.of("destination", Map.of("host", "foreign")))))))
        .build();
  }

  private Path kubeconfig(String url) {
    try {
      return Files.writeString(kubeconfigs.resolve(FAULTY + ".kubeconfig"), "apiVersion: v1\nkind: Config\n"
          + "clusters:\n- name: c\n  cluster:\n    server: " + url + "\n"
          + "users:\n- name: u\n  user:\n    token: fault-matrix\n"
          + "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void writeTable() {
    ReliabilityReport.record("faults", ROWS);
  }
}
