package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.policy.LoadBalancer;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.StringMatch;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.policy.UpstreamTls;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Istio's own validation as the oracle for the SDK's: {@code istioctl validate} of the same Istio
 * version as the CRDs accepts every golden file of the translation tests and every object the
 * typed builders produce, and rejects the objects the SDK's schema checks reject. A disagreement
 * fails with both verdicts.
 */
@DisplayName("istioctl validate agrees with the SDK")
class IstioctlValidationIT {
  private static final String GOLDEN = "mesh-sdk-istio/src/test/resources/golden";
  private static RealApiServers servers;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().istioCrds(false).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  /** What istioctl said about some files. */
  record Verdict(int exit, String output) {
    boolean valid() {
      return exit == 0;
    }
  }

  static Verdict istioctl(Path istioctl, List<Path> files) {
    List<String> command = new ArrayList<>(List.of(istioctl.toString(), "validate"));
    for (Path file : files) {
      command.add("-f");
      command.add(file.toString());
    }
    try {
      // no cluster: validate is offline; an empty kubeconfig keeps it from looking for one
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("KUBECONFIG", "/dev/null");
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("istioctl validate did not finish within 60 s: " + output);
      }
      return new Verdict(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The golden folder of mesh-sdk-istio's translation tests, found from wherever the test runs. */
  static Path goldenFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path golden = dir.resolve(GOLDEN);
      if (Files.isDirectory(golden)) {
        return golden;
      }
    }
    throw new AssertionError("no " + GOLDEN + " above " + Path.of("").toAbsolutePath());
  }

  /** Every golden file of the translation tests. */
  private static List<Path> goldenFiles() throws IOException {
    Path golden = goldenFolder();
    try (Stream<Path> files = Files.walk(golden)) {
      return files.filter(f -> f.toString().endsWith(".yaml"))
          .sorted().collect(Collectors.toList());
    }
  }

  static void assertEachValid(Path istioctl, List<Path> files, String sdkVerdict) {
    Verdict verdict = istioctl(istioctl, files);
    // a warning is advice, not a refusal
    List<String> refused = files.stream()
        .filter(f -> !verdict.output().contains("\"" + f + "\" is valid")
            && !verdict.output().contains("\"" + f + "\" has warnings"))
        .map(Path::toString)
        .collect(Collectors.toList());
    assertThat(refused)
        .as("SDK: %s; istioctl validate (exit %d):%n%s", sdkVerdict, verdict.exit(), verdict.output())
        .isEmpty();
    assertThat(verdict.valid()).as(verdict.output()).isTrue();
  }

  @Test
  @DisplayName("accepts every golden file of the translation tests")
  void acceptsEveryGoldenFile() throws IOException {
    List<Path> files = goldenFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(30);

    assertEachValid(servers.istioctl(), files, "each golden file is the translation of a policy the builders accepted");
  }

  @Test
  @DisplayName("accepts the objects of policies drawn across the typed builders' features")
  void acceptsGeneratedPolicies() throws IOException {
    MeshBackend backend = new IstioBackendProvider().create();
    List<Path> files = new ArrayList<>();
    for (long seed = 0; seed < 40; seed++) {
      TrafficPolicy policy = new Generator(new Random(seed)).policy();
      String yaml = backend.translate(policy, TranslationContext.of("prod")).stream()
          .map(MeshResource::toYaml).collect(Collectors.joining("---\n"));
      files.add(Files.writeString(dir.resolve("seed-" + seed + ".yaml"), yaml));
    }

    assertEachValid(servers.istioctl(), files, "PolicyBuilder.build() accepted each policy");
  }

  static Stream<String[]> refusedBySdk() {
    return Stream.of(
        new String[] {"a weight given as a string", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: weight-string, namespace: bookinfo}
            spec:
              hosts: [reviews]
              http:
              - route:
                - {destination: {host: reviews, subset: v1}, weight: 90}
                - {destination: {host: reviews, subset: v2}, weight: "ten"}
            """},
        new String[] {"a TLS mode outside the enum", """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: tls-bogus, namespace: bookinfo}
            spec:
              host: reviews
              trafficPolicy: {tls: {mode: BOGUS}}
            """},
        new String[] {"an unknown field", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: unknown-field, namespace: bookinfo}
            spec:
              hosts: [reviews]
              http:
              - rout: [{destination: {host: reviews}}]
            """},
        new String[] {"a timeout under 1ms", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: short-timeout, namespace: bookinfo}
            spec:
              hosts: [reviews]
              http:
              - timeout: 0.5ms
                route: [{destination: {host: reviews}}]
            """},
        new String[] {"a wildcard in a workload selector's label key", """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: wildcard-selector, namespace: bookinfo}
            spec:
              host: reviews
              workloadSelector:
                matchLabels: {"app*": "x"}
            """},
        new String[] {"a wildcard host and endpoints with resolution NONE", """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: none-with-endpoints, namespace: bookinfo}
            spec:
              hosts: ["*"]
              resolution: NONE
              endpoints: [{address: 10.0.0.1}]
              ports: [{number: 80, name: a}]
            """},
        new String[] {"a duplicated port number", """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: duplicate-port, namespace: bookinfo}
            spec:
              hosts: [api.example.com]
              resolution: DNS
              ports: [{number: 80, name: a}, {number: 80, name: b}]
            """},
        new String[] {"a retry policy with 0 attempts and a per-try timeout", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: zero-attempts, namespace: bookinfo}
            spec:
              hosts: [details]
              http:
              - retries: {attempts: 0, perTryTimeout: 0.5s}
                route: [{destination: {host: details}}]
            """},
        new String[] {"a CUSTOM authorization matching the source namespace", """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: ext-authz, namespace: foo}
            spec:
              action: CUSTOM
              provider: {name: sample-ext-authz-grpc}
              rules:
              - to: [{operation: {paths: [/headers]}}]
                when: [{key: source.namespace, notValues: [istio-system]}]
            """});
  }

  @ParameterizedTest(name = "rejects what the SDK''s schema checks reject: {0}")
  @MethodSource("refusedBySdk")
  void rejectsWhatTheSdkRejects(String what, String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("refused.yaml"), yaml);

    Verdict verdict = istioctl(servers.istioctl(), List.of(file));

    assertThat(verdict.valid())
        .as("SDK: rejected (%s); istioctl validate (exit %d):%n%s", what, verdict.exit(), verdict.output())
        .isFalse();
  }

  /**
   * Valid policies drawn from a seed across the typed builders' features, in the manner of the
   * Istio module's property test, whose generator its tests keep to themselves.
   */
  private static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    TrafficPolicy policy() {
      TrafficPolicy.Builder policy = PolicyBuilder
          .forService(pick("reviews", "ratings", "details.prod.svc.cluster.local"))
          .inNamespace(pick("bookinfo", "default"));
      int subsets = 1 + random.nextInt(3);
      for (int i = 1; i <= subsets; i++) {
        String name = "v" + i;
        if (random.nextBoolean()) {
          policy.subset(name, Map.of("version", name));
        } else {
          policy.subset(name, Map.of("version", name), s -> s.loadBalancer(this::loadBalancer));
        }
      }
      int routes = random.nextInt(3);
      for (int i = 0; i < routes; i++) {
        boolean last = i == routes - 1;
        policy.route(r -> {
          if (!last || random.nextBoolean()) {
            switch (random.nextInt(4)) {
              case 0 -> r.whenUriPrefix("/api");
              case 1 -> r.whenHeader("end-user").matching(StringMatch.exact("jason"));
              case 2 -> r.whenQueryParam("debug").exact("1");
              default -> r.whenMethod("GET").whenPort(1 + random.nextInt(65535));
            }
          }
          int weight = random.nextInt(101);
          if (subsets == 1) {
            r.toSubset("v1");
          } else {
            r.toSubset("v1", weight).toSubset("v2", 100 - weight);
          }
          if (random.nextBoolean()) {
            Duration timeout = Duration.ofMillis(1 + random.nextInt(5000));
            // at least one attempt: with 0, build() refuses a per-try timeout, as istioctl does
            r.timeout(timeout).retries(1 + random.nextInt(4), timeout);
          }
          if (random.nextInt(3) == 0) {
            r.fault(f -> f.delay(Duration.ofMillis(1 + random.nextInt(100)), random.nextInt(101))
                .abort(400 + random.nextInt(200), random.nextInt(101)));
          }
        });
      }
      if (random.nextBoolean()) {
        policy.circuitBreaker(cb -> cb.maxConnections(1 + random.nextInt(1000)).ejectAfter5xx(1 + random.nextInt(10))
            .maxEjectionPercent(random.nextInt(101)));
      }
      switch (random.nextInt(3)) {
        case 0 -> policy.tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL));
        case 1 -> policy.tls(t -> t.mode(UpstreamTls.Mode.MUTUAL).credentialName("client-cert").sni("svc.example.com"));
        default -> policy.loadBalancer(this::loadBalancer);
      }
      return policy.build();
    }

    private void loadBalancer(LoadBalancer.Builder lb) {
      switch (random.nextInt(3)) {
        case 0 -> lb.algorithm(LoadBalancer.Algorithm.values()[random.nextInt(LoadBalancer.Algorithm.values().length)]);
        case 1 -> lb.hashHeader("x-user");
        default -> lb.hashCookie("session", Duration.ofSeconds(1 + random.nextInt(600)));
      }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
      return values[random.nextInt(values.length)];
    }
  }
}
