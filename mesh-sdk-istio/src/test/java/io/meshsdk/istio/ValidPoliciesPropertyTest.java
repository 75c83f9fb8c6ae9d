package io.meshsdk.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.istio.schema.IstioValidation;
import io.meshsdk.policy.HttpRoute;
import io.meshsdk.policy.LoadBalancer;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.StringMatch;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.policy.UpstreamTls;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.TranslationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property that ties validation to Istio: every policy the builders accept translates into
 * objects Istio's API server accepts (OpenAPI schema and CEL rules). Policies are generated from
 * fixed seeds, so a failure names the seed that reproduces it; the generator only ever produces
 * values that the builders' rules allow, drawn across every feature and its boundaries (1ms
 * durations, 0 and 100 weights and percentages, ports 1 and 65535).
 */
class ValidPoliciesPropertyTest {
  private static final MeshBackend BACKEND = new IstioBackendProvider().create();
  private static final TranslationContext CONTEXT = TranslationContext.of("prod");
  private static final int CASES = 150;

  static LongStream seeds() {
    return LongStream.range(0, CASES);
  }

  @ParameterizedTest(name = "the policy generated from seed {0} becomes objects Istio accepts")
  @MethodSource("seeds")
  void validPoliciesBecomeAcceptedObjects(long seed) {
    TrafficPolicy policy = new Generator(new Random(seed)).policy();

    List<MeshResource> resources = BACKEND.translate(policy, CONTEXT);

    assertThat(resources).as("objects for seed %d", seed).isNotEmpty();
    for (MeshResource resource : resources) {
      IstioValidation.assertAccepted(resource.content());
    }
  }

  /** Draws valid policies; each choice is independent so features combine freely. */
  static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    TrafficPolicy policy() {
      List<String> subsets = new ArrayList<>();
      TrafficPolicy.Builder policy = PolicyBuilder.forService(pick("reviews", "ratings", "details.prod.svc.cluster.local"))
          .inNamespace(pick("bookinfo", "default", "a"));
      int subsetCount = 1 + random.nextInt(3);
      for (int i = 1; i <= subsetCount; i++) {
        String name = "v" + i;
        subsets.add(name);
        if (random.nextBoolean()) {
          policy.subset(name, Map.of("version", name));
        } else {
          policy.subset(name, Map.of("version", name), s -> {
            if (random.nextBoolean()) {
              s.circuitBreaker(cb -> cb.maxConnections(1 + random.nextInt(100)));
            }
            s.loadBalancer(this::simpleOrHash);
          });
        }
      }
      int routes = random.nextInt(4);
      for (int i = 0; i < routes; i++) {
        boolean last = i == routes - 1;
        policy.route(r -> route(r, subsets, last));
      }
      if (random.nextInt(3) == 0) {
        policy.tcpRoute(t -> {
          if (random.nextBoolean()) {
            t.whenPort(port());
          }
          int[] weights = weights(subsets.size());
          for (int s = 0; s < subsets.size(); s++) {
            t.toSubset(subsets.get(s), weights[s]);
          }
        });
      }
      if (random.nextBoolean()) {
        policy.circuitBreaker(cb -> {
          cb.maxConnections(1 + random.nextInt(1000)).maxPendingRequests(1 + random.nextInt(100))
              .ejectAfter5xx(1 + random.nextInt(10)).interval(duration())
              .baseEjectionTime(duration()).maxEjectionPercent(random.nextInt(101))
              .minHealthPercent(random.nextInt(101));
          if (random.nextBoolean()) {
            cb.connectTimeout(duration()).idleTimeout(duration()).maxRequests(1 + random.nextInt(1000))
                .maxRetries(random.nextInt(10)).maxRequestsPerConnection(1 + random.nextInt(10))
                .consecutiveGatewayErrors(1 + random.nextInt(10));
          }
        });
        if (random.nextBoolean()) {
          policy.loadBalancer(lb -> lb.localityEnabled(true).failover("us-east", "us-west"));
        }
      } else if (random.nextBoolean()) {
        policy.loadBalancer(lb -> {
          simpleOrHash(lb);
          if (random.nextBoolean()) {
            int local = random.nextInt(101);
            Map<String, Integer> to = new LinkedHashMap<>();
            to.put("us-west/zone1/*", local);
            to.put("us-west/zone2/*", 100 - local);
            lb.distribute("us-west/zone1/*", to);
          }
        });
      }
      switch (random.nextInt(4)) {
        case 0 -> policy.tls(t -> t.mode(UpstreamTls.Mode.ISTIO_MUTUAL));
        case 1 -> policy.tls(t -> t.mode(UpstreamTls.Mode.MUTUAL).credentialName("client-cert").sni("svc.example.com"));
        case 2 -> policy.portOverride(port(), p -> p.tls(t -> t.mode(UpstreamTls.Mode.SIMPLE)));
        default -> { }
      }
      return policy.build();
    }

    private void route(HttpRoute.Builder r, List<String> subsets, boolean last) {
      if (!last || random.nextBoolean()) {
        switch (random.nextInt(6)) {
          case 0 -> r.whenUriPrefix("/" + pick("api", "v1", "a-b"));
          case 1 -> r.whenUriRegex(pick("/api/v[0-9]+/.*", ".*", "/(a|b)+"));
          case 2 -> r.whenHeader(pick("end-user", "x-canary")).matching(stringMatch());
          case 3 -> r.whenQueryParam("debug").exact(pick("1", "true", ""));
          case 4 -> r.whenMethod(pick("GET", "POST", "DELETE")).whenPort(port());
          default -> r.whenSourceLabels(Map.of("app", "sleep")).whenSourceNamespace("default");
        }
      }
      int action = random.nextInt(10);
      if (action == 0) {
        r.redirect(d -> d.uri("/moved").code(pick(301, 302, 307, 308)));
        return;
      }
      if (action == 1) {
        r.respond(200 + random.nextInt(400), "body");
        return;
      }
      int count = 1 + random.nextInt(subsets.size());
      int[] weights = weights(count);
      for (int s = 0; s < count; s++) {
        if (count == 1) {
          r.toSubset(subsets.get(s));
        } else {
          r.toSubset(subsets.get(s), weights[s]);
        }
      }
      if (random.nextBoolean()) {
        Duration timeout = duration();
        r.timeout(timeout);
        if (random.nextBoolean()) {
          // attempts of 0 disable retrying, and Istio refuses retry settings with them
          r.retries(x -> x.attempts(1 + random.nextInt(4)).perTryTimeout(timeout).retryOn(pick("5xx", "reset,503")));
        }
      }
      if (random.nextInt(3) == 0) {
        r.fault(f -> f.delay(duration(), percent()).abort(200 + random.nextInt(400), percent()));
      }
      if (random.nextInt(3) == 0) {
        r.mirror(m -> m.subset(subsets.get(0)).percent(percent()));
      }
      if (random.nextInt(4) == 0) {
        r.cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.example.com")).addAllowMethod("GET")
            .maxAge(Duration.ofSeconds(1 + random.nextInt(86400))));
      }
      if (random.nextInt(4) == 0) {
        r.setRequestHeader("x-env", "prod").removeResponseHeader("server").rewriteUri("/");
      }
    }

    private void simpleOrHash(LoadBalancer.Builder lb) {
      switch (random.nextInt(5)) {
        case 0 -> lb.algorithm(LoadBalancer.Algorithm.values()[random.nextInt(LoadBalancer.Algorithm.values().length)]);
        case 1 -> lb.hashHeader("x-user");
        case 2 -> lb.hashCookie("session", random.nextBoolean() ? Duration.ZERO : duration());
        case 3 -> lb.hashSourceIp(true);
        default -> lb.hashQueryParam("user");
      }
    }

    private StringMatch stringMatch() {
      return switch (random.nextInt(3)) {
        case 0 -> StringMatch.exact(pick("jason", "", "a b"));
        case 1 -> StringMatch.prefix(pick("a", "x-"));
        default -> StringMatch.regex(pick(".*Mobile.*", "[a-z]+"));
      };
    }

    /** Weights that add up to 100, zeros and a 100 included. */
    private int[] weights(int count) {
      int[] weights = new int[count];
      int left = 100;
      for (int i = 0; i < count - 1; i++) {
        weights[i] = random.nextInt(left + 1);
        left -= weights[i];
      }
      weights[count - 1] = left;
      return weights;
    }

    private Duration duration() {
      return switch (random.nextInt(4)) {
        case 0 -> Duration.ofMillis(1);
        case 1 -> Duration.ofMillis(1 + random.nextInt(5000));
        case 2 -> Duration.ofSeconds(1 + random.nextInt(600));
        default -> Duration.ofMinutes(1 + random.nextInt(120));
      };
    }

    private double percent() {
      return switch (random.nextInt(3)) {
        case 0 -> 0.0;
        case 1 -> 100.0;
        default -> Math.round(random.nextDouble() * 10000) / 100.0;
      };
    }

    private int port() {
      return switch (random.nextInt(3)) {
        case 0 -> 1;
        case 1 -> 65535;
        default -> 1 + random.nextInt(65535);
      };
    }

    @SafeVarargs
    private <T> T pick(T... values) {
      return values[random.nextInt(values.length)];
    }
  }
}
