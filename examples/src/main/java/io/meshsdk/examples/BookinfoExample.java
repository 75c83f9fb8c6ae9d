package io.meshsdk.examples;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio's Bookinfo traffic-management tasks, one after the other, on the embedded in-memory
 * clusters: request routing, fault injection (delay, then abort), traffic shifting, request
 * timeouts and retries, and a circuit breaker. Each step is a policy planned and applied; the
 * plan shows what changes in Istio's objects. Needs no Kubernetes.
 */
public final class BookinfoExample {
  private static final Map<String, String> V1 = Map.of("version", "v1");
  private static final Map<String, String> V2 = Map.of("version", "v2");
  private static final Map<String, String> V3 = Map.of("version", "v3");

  private BookinfoExample() {}

  /**
   * Runs the tasks and prints them to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the tasks.
   *
   * @param out where to print each step's plan
   * @return the result of each step's apply, in order
   */
  public static List<ApplyResult> run(PrintStream out) {
    return run(out, ExampleClusters.inMemory());
  }

  /**
   * Runs the tasks on given clusters.
   *
   * @param out where to print each step's plan
   * @param clusters the clusters: in memory, or real API servers
   * @return the result of each step's apply, in order
   */
  public static List<ApplyResult> run(PrintStream out, ExampleClusters clusters) {
    List<ApplyResult> results = new ArrayList<>();
    try (MeshManager meshes = MeshManager.builder().connector(clusters.connector()).build()) {
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("dev-1").build()));
      Mesh dev = meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").build());

      step(out, results, dev, "Request routing: jason sees reviews v2, everyone else v1", requestRouting());
      step(out, results, dev, "Fault injection: ratings answers jason after 7s", ratingsDelay());
      step(out, results, dev, "Fault injection: ratings fails for jason with HTTP 500", ratingsAbort());
      step(out, results, dev, "Traffic shifting: half of reviews traffic to v3", trafficShifting(50));
      step(out, results, dev, "Traffic shifting: all of it", trafficShifting(100));
      step(out, results, dev, "Request timeouts: reviews v2 gives up after 0.5s", reviewsTimeout());
      step(out, results, dev, "Retries and a circuit breaker for ratings", ratingsResilience());
      out.println();
      out.println("policies in mesh dev: " + dev.policies().list().size());
    }
    return results;
  }

  /**
   * Request routing: requests of user jason go to reviews v2, all others to v1.
   *
   * @return the policy
   */
  public static TrafficPolicy requestRouting() {
    return reviews()
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1"))
        .build();
  }

  /**
   * Fault injection: ratings delays jason's requests by 7 seconds.
   *
   * @return the policy
   */
  public static TrafficPolicy ratingsDelay() {
    return ratings()
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v1")
            .fault(f -> f.delay(Duration.ofSeconds(7), 100)))
        .route(r -> r.toSubset("v1"))
        .build();
  }

  /**
   * Fault injection: ratings answers jason's requests with HTTP 500.
   *
   * @return the policy
   */
  public static TrafficPolicy ratingsAbort() {
    return ratings()
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v1").fault(f -> f.abort(500, 100)))
        .route(r -> r.toSubset("v1"))
        .build();
  }

  /**
   * Traffic shifting: a share of reviews traffic moves from v1 to v3.
   *
   * @param toV3 the percentage sent to v3
   * @return the policy
   */
  public static TrafficPolicy trafficShifting(int toV3) {
    return reviews().route(r -> r.toSubset("v1", 100 - toV3).toSubset("v3", toV3)).build();
  }

  /**
   * Request timeouts: reviews v2 answers within half a second or fails.
   *
   * @return the policy
   */
  public static TrafficPolicy reviewsTimeout() {
    return reviews().route(r -> r.toSubset("v2").timeout(Duration.ofMillis(500))).build();
  }

  /**
   * Retries and circuit breaking for ratings: three tries of 2 seconds on 5xx and connection
   * failures, a small connection pool, and ejection after consecutive errors.
   *
   * @return the policy
   */
  public static TrafficPolicy ratingsResilience() {
    return ratings()
        .route(r -> r.toSubset("v1")
            .retries(x -> x.attempts(3).perTryTimeout(Duration.ofSeconds(2)).retryOn("5xx,connect-failure")))
        .circuitBreaker(cb -> cb.maxConnections(1).maxPendingRequests(1).maxRequestsPerConnection(1)
            .ejectAfter5xx(1).interval(Duration.ofSeconds(1)).baseEjectionTime(Duration.ofMinutes(3))
            .maxEjectionPercent(100))
        .build();
  }

  private static TrafficPolicy.Builder reviews() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", V1).subset("v2", V2).subset("v3", V3);
  }

  private static TrafficPolicy.Builder ratings() {
    return PolicyBuilder.forService("ratings").inNamespace("bookinfo").subset("v1", V1);
  }

  private static void step(PrintStream out, List<ApplyResult> results, Mesh mesh, String title, TrafficPolicy policy) {
    out.println();
    out.println("== " + title);
    Plan plan = mesh.policies().plan(policy);
    out.print(plan.render());
    results.add(plan.apply());
  }
}
