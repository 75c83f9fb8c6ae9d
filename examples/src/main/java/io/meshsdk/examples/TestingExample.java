package io.meshsdk.examples;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.NodeType;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyNode;
import io.meshsdk.topology.TopologyQuery;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A small piece of platform code, and (in {@code TestingExampleTest}) how a platform tests it
 * with mesh-sdk-testing: a {@link CanaryService} that routes a share of a service's traffic to
 * its canary version, reads the canary's health from the live topology and promotes it step by
 * step, holds, or rolls it back.
 *
 * <pre>
 * java ... io.meshsdk.examples.TestingExample [http://prometheus.istio-system:9090]
 * </pre>
 *
 * <p>Without arguments it reads synthetic Bookinfo request rates, in which {@code reviews v2}
 * answers every request, so the canary is promoted.
 */
public final class TestingExample {

  private TestingExample() {}

  /**
   * Runs a canary of Bookinfo's {@code reviews} for three steps.
   *
   * @param args optional: a Prometheus base URL
   */
  public static void main(String[] args) {
    TelemetrySource telemetry = args.length > 0
        ? PrometheusTelemetrySource.builder().baseUrl(args[0]).requestTimeout(Duration.ofSeconds(20)).build()
        : new SyntheticBookinfoTelemetry();
    run(telemetry, System.out);
  }

  /**
   * Starts a canary of {@code reviews} at 10 % on a hosted mesh over clusters {@code east} and
   * {@code west}, then takes three steps of it, printing each decision.
   *
   * @param telemetry where the topology's metrics come from
   * @param out where to print the decisions
   * @return the decisions, in order
   */
  public static List<CanaryService.Decision> run(TelemetrySource telemetry, PrintStream out) {
    try (MeshManager meshes = MeshManager.builder().telemetry(telemetry).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      meshes.clusters().register(ClusterSpec.builder().name("east").network("net-east").build());
      meshes.clusters().register(ClusterSpec.builder().name("west").network("net-west").build());
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("east");
      prod.join("west");

      CanaryService canary = new CanaryService(prod, "bookinfo", "reviews", "v1", "v2");
      canary.start(10);
      out.println("canary of reviews v2 started at 10 %");
      List<CanaryService.Decision> decisions = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CanaryService.Decision decision = canary.step();
        out.println(decision);
        decisions.add(decision);
      }
      return decisions;
    }
  }

  /**
   * Platform code under test: routes a share of a service's requests to a canary version and
   * moves that share by what the topology says of the canary's health. Promotes by 20 points
   * while the canary is healthy, holds while it is in warning or has no traffic, and sends every
   * request back to the stable version as soon as it is critical.
   */
  public static final class CanaryService {
    /** How far a healthy canary moves in one step, in percentage points. */
    public static final int STEP = 20;

    private final Mesh mesh;
    private final String namespace;
    private final String service;
    private final String stable;
    private final String canary;
    private int weight;

    /**
     * Creates the service for one canary.
     *
     * @param mesh the mesh the service runs in
     * @param namespace the service's namespace
     * @param service the service, such as {@code reviews}
     * @param stable the stable version's {@code version} label
     * @param canary the canary's {@code version} label
     */
    public CanaryService(Mesh mesh, String namespace, String service, String stable, String canary) {
      this.mesh = Objects.requireNonNull(mesh, "mesh");
      this.namespace = namespace;
      this.service = service;
      this.stable = stable;
      this.canary = canary;
    }

    /** What one step decided. */
    public enum Verdict {
      /** The canary is healthy: it gets more traffic. */
      PROMOTE,
      /** The canary is in warning, or had no traffic to judge: nothing changes. */
      HOLD,
      /** The canary is critical: all traffic goes back to the stable version. */
      ROLL_BACK
    }

    /**
     * One step's outcome.
     *
     * @param verdict what was decided
     * @param health the canary's worst health over its clusters
     * @param canaryPercent the canary's share of requests after the step
     */
    public record Decision(Verdict verdict, HealthStatus health, int canaryPercent) {
      @Override
      public String toString() {
        return verdict + ": canary was " + health + ", now gets " + canaryPercent + " %";
      }
    }

    /**
     * What routing the canary at a share would change; writes nothing.
     *
     * @param canaryPercent 0 to 100
     * @return the plan
     */
    public Plan plan(int canaryPercent) {
      return mesh.policies().plan(policy(canaryPercent));
    }

    /**
     * Routes a share of the requests to the canary.
     *
     * @param canaryPercent 0 to 100
     */
    public void start(int canaryPercent) {
      plan(canaryPercent).apply();
      weight = canaryPercent;
    }

    /**
     * Reads the canary's health over the last five minutes and promotes, holds or rolls back.
     *
     * @return the decision
     */
    public Decision step() {
      HealthStatus health = canaryHealth();
      Verdict verdict;
      int next;
      switch (health) {
        case HEALTHY:
          verdict = Verdict.PROMOTE;
          next = Math.min(100, weight + STEP);
          break;
        case CRITICAL:
          verdict = Verdict.ROLL_BACK;
          next = 0;
          break;
        default:
          verdict = Verdict.HOLD;
          next = weight;
      }
      if (next != weight) {
        start(next);
      }
      return new Decision(verdict, health, next);
    }

    /** The worst health of the canary's versioned-app nodes, over all clusters. */
    HealthStatus canaryHealth() {
      TopologyGraph graph = mesh.topology().read(TopologyQuery.builder().kind(GraphKind.VERSIONED_APP)
          .window(Duration.ofMinutes(5)).addNamespace(namespace).includeConfig(false).build());
      List<HealthStatus> statuses = graph.nodes().stream()
          .filter(n -> n.type() == NodeType.APP && n.namespace().equals(namespace) && n.name().equals(service)
              && n.version().filter(canary::equals).isPresent())
          .map(TopologyNode::health)
          .filter(h -> h != HealthStatus.NO_TRAFFIC)
          .collect(Collectors.toList());
      if (statuses.isEmpty()) {
        return HealthStatus.NO_TRAFFIC;
      }
      return statuses.contains(HealthStatus.CRITICAL) ? HealthStatus.CRITICAL
          : statuses.contains(HealthStatus.WARNING) ? HealthStatus.WARNING : HealthStatus.HEALTHY;
    }

    private TrafficPolicy policy(int canaryPercent) {
      return PolicyBuilder.forService(service).inNamespace(namespace)
          .subset(stable, Map.of("version", stable))
          .subset(canary, Map.of("version", canary))
          .route(r -> r.toSubset(stable, 100 - canaryPercent).toSubset(canary, canaryPercent))
          .build();
    }
  }
}
