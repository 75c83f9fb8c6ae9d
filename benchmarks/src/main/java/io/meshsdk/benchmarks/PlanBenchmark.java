package io.meshsdk.benchmarks;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@code mesh.policies().plan(...)} takes for N TrafficPolicies on the embedded
 * in-memory default ({@code MeshManager.builder().build()}, Istio backend from the classpath), in a
 * hosted mesh whose control plane is {@code mcpc-1}:
 *
 * <ul>
 *   <li>{@link #planOnEmptyCluster}: nothing is on the cluster yet, every object is a CREATE;
 *   <li>{@link #replanUnchanged}: the same policies were applied first, every object is UNCHANGED
 *       (the common case of a controller re-planning on every tick).
 * </ul>
 *
 * <p>Each policy is for service {@code svc-i} in namespace {@code bench}, with subsets v1 and v2
 * and a 90/10 route: one DestinationRule and one VirtualService each. Building the policies is not
 * measured. Run it as benchmarks/README.md says.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

  static final String NAMESPACE = "bench";
  static final String CONTROL_PLANE = "mcpc-1";

  /** A fresh embedded manager with one hosted mesh and N policies, nothing applied. */
  @State(Scope.Benchmark)
  public static class EmptyCluster {
    @Param({"10", "100", "1000"})
    public int policies;

    Fixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = new Fixture(policies);
      expect(fixture.plan(), ChangeAction.CREATE, 2L * policies);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /** The same, with the N policies applied first: planning them again changes nothing. */
  @State(Scope.Benchmark)
  public static class AppliedPolicies {
    @Param({"10", "100", "1000"})
    public int policies;

    Fixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = new Fixture(policies);
      ApplyResult applied = fixture.plan().apply();
      if (!applied.successful()) {
        throw new IllegalStateException("applying the benchmark's policies failed: " + applied);
      }
      expect(fixture.plan(), ChangeAction.UNCHANGED, 2L * policies);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /** The embedded default with the hosted mesh "bench" on control plane mcpc-1, and N intents. */
  static final class Fixture implements AutoCloseable {
    final MeshManager meshes;
    final Mesh mesh;
    final List<TrafficPolicy> intents;

    Fixture(int n) {
      meshes = MeshManager.builder().build();
      meshes.clusters().register(ClusterSpec.builder().name(CONTROL_PLANE).build());
      mesh = meshes.create(MeshSpec.hosted("bench").controlPlane(CONTROL_PLANE).build());
      intents = policies(n);
    }

    Plan plan() {
      return mesh.policies().plan(intents);
    }

    @Override
    public void close() {
      meshes.close();
    }
  }

  @Benchmark
  public Plan planOnEmptyCluster(EmptyCluster state) {
    return state.fixture.plan();
  }

  @Benchmark
  public Plan replanUnchanged(AppliedPolicies state) {
    return state.fixture.plan();
  }

  /** Policies for svc-0 .. svc-(n-1): subsets v1 and v2, 90% of requests to v1, 10% to v2. */
  static List<TrafficPolicy> policies(int n) {
    List<TrafficPolicy> policies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      policies.add(
          PolicyBuilder.forService("svc-" + i)
              .inNamespace(NAMESPACE)
              .subset("v1", Map.of("version", "v1"))
              .subset("v2", Map.of("version", "v2"))
              .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
              .build());
    }
    return policies;
  }

  /** Fails the trial early if the scenario is not what the benchmark claims to measure. */
  static void expect(Plan plan, ChangeAction action, long count) {
    if (plan.count(action) != count || plan.changes().size() != count) {
      throw new IllegalStateException(
          "expected " + count + " " + action + " changes, but the plan has " + plan.changes().size()
              + " changes of which " + plan.count(action) + " " + action + ":\n" + plan.render());
    }
  }
}
