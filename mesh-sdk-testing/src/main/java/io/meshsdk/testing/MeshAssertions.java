package io.meshsdk.testing;

import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.topology.TopologyGraph;

/**
 * The one entry point to mesh-sdk's AssertJ assertions. Failures say what was expected and list
 * what was found.
 *
 * <pre>{@code
 * import static io.meshsdk.testing.MeshAssertions.assertThat;
 *
 * assertThat(prod.policies().plan(canary))
 *     .touchesOnly("mcpc-1")
 *     .creates("mcpc-1", "VirtualService", "bookinfo/reviews");
 * assertThat(plan.apply()).isSuccessful();
 * assertThat(prod.topology().read(TopologyQuery.lastMinutes(5)))
 *     .hasEdge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/reviews-v2",
 *         edge -> edge.hasRequestsPerSecond(10).isHealthy());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MeshAssertions {

  private MeshAssertions() {}

  /**
   * Starts assertions on a plan.
   *
   * @param actual the plan
   * @return the assertion
   */
  public static PlanAssert assertThat(Plan actual) {
    return new PlanAssert(actual);
  }

  /**
   * Starts assertions on what an embedded cluster holds.
   *
   * @param actual the cluster
   * @return the assertion
   */
  public static ClusterAssert assertThat(InMemoryCluster actual) {
    return new ClusterAssert(actual);
  }

  /**
   * Starts assertions on one Kubernetes or Istio object.
   *
   * @param actual the object
   * @return the assertion
   */
  public static MeshResourceAssert assertThat(MeshResource actual) {
    return new MeshResourceAssert(actual);
  }

  /**
   * Starts assertions on the result of applying a plan.
   *
   * @param actual the result
   * @return the assertion
   */
  public static ApplyResultAssert assertThat(ApplyResult actual) {
    return new ApplyResultAssert(actual);
  }

  /**
   * Starts assertions on a service graph: its nodes, edges, traffic and health.
   *
   * @param actual the graph
   * @return the assertion
   */
  public static TopologyGraphAssert assertThat(TopologyGraph actual) {
    return new TopologyGraphAssert(actual);
  }
}
