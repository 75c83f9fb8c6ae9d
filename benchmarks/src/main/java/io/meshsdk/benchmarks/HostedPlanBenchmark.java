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
 * Planning N service policies in a hosted mesh on the embedded in-memory clusters: control plane
 * {@code mcpc-1} and three member clusters ({@code east}, {@code west}, {@code north}, each on its
 * own network) that joined before anything is measured. The policies are those of {@link
 * PlanBenchmark}, one DestinationRule and one VirtualService each, written to the control plane.
 *
 * <ul>
 *   <li>{@link #coldPlan}: the first plan of a fresh manager (single shot; a new manager, clusters
 *       and mesh for each measurement, not measured);
 *   <li>{@link #warmPlan}: the same plan again and again on one manager, nothing applied: every
 *       object is a CREATE;
 *   <li>{@link #replanUnchanged}: the policies were applied; planning them again changes nothing;
 *   <li>{@link #replanOnePercentChanged}: the policies were applied; every hundredth one now routes
 *       80/20 instead of 90/10.
 * </ul>
 *
 * Run with {@code -prof gc} for the allocation per plan; see benchmarks/README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class HostedPlanBenchmark {

  static final String CONTROL_PLANE = "mcpc-1";
  static final List<String> MEMBERS = List.of("east", "west", "north");

  /** A manager with the hosted mesh and its members, and N policies not applied. */
  static final class Fixture implements AutoCloseable {
    final MeshManager meshes;
    final Mesh mesh;
    final List<TrafficPolicy> intents;

    Fixture(int n) {
      meshes = MeshManager.builder().build();
      meshes.clusters().register(ClusterSpec.builder().name(CONTROL_PLANE).build());
      MeshSpec.Builder spec = MeshSpec.hosted("bench").controlPlane(CONTROL_PLANE);
      for (String member : MEMBERS) {
        meshes.clusters().register(ClusterSpec.builder().name(member).network("net-" + member).build());
        spec.addMember(member);
      }
      mesh = meshes.create(spec.build());
      intents = PlanBenchmark.policies(n);
    }

    Plan plan(List<TrafficPolicy> policies) {
      return mesh.policies().plan(policies);
    }

    void applyAll() {
      ApplyResult applied = plan(intents).apply();
      if (!applied.successful()) {
        throw new IllegalStateException("applying the benchmark's policies failed: " + applied.failures());
      }
    }

    @Override
    public void close() {
      meshes.close();
    }
  }

  /** A fresh fixture for each measurement. */
  @State(Scope.Thread)
  public static class Fresh {
    @Param({"10000"})
    public int policies;

    Fixture fixture;

    @Setup(Level.Invocation)
    public void setUp() {
      fixture = new Fixture(policies);
    }

    @TearDown(Level.Invocation)
    public void tearDown() {
      fixture.close();
    }
  }

  /** One fixture for the trial, nothing applied. */
  @State(Scope.Benchmark)
  public static class Empty {
    @Param({"10000"})
    public int policies;

    Fixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = new Fixture(policies);
      PlanBenchmark.expect(fixture.plan(fixture.intents), ChangeAction.CREATE, 2L * policies);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /** One fixture for the trial with the N policies applied, and the same with 1 % changed. */
  @State(Scope.Benchmark)
  public static class Applied {
    @Param({"10000"})
    public int policies;

    Fixture fixture;
    List<TrafficPolicy> onePercentChanged;

    @Setup(Level.Trial)
    public void setUp() {
      fixture = new Fixture(policies);
      fixture.applyAll();
      PlanBenchmark.expect(fixture.plan(fixture.intents), ChangeAction.UNCHANGED, 2L * policies);
      onePercentChanged = new ArrayList<>(fixture.intents);
      int changed = 0;
      for (int i = 0; i < policies; i += 100) {
        onePercentChanged.set(i, PolicyBuilder.forService("svc-" + i)
            .inNamespace(PlanBenchmark.NAMESPACE)
            .subset("v1", Map.of("version", "v1"))
            .subset("v2", Map.of("version", "v2"))
            .route(r -> r.toSubset("v1", 80).toSubset("v2", 20))
            .build());
        changed++;
      }
      Plan plan = fixture.plan(onePercentChanged);
      long updates = plan.count(ChangeAction.UPDATE);
      // the changed VirtualServices at least, the DestinationRules of the same policies at most
      if (updates < changed || updates > 2L * changed
          || plan.count(ChangeAction.UNCHANGED) != 2L * policies - updates) {
        throw new IllegalStateException("expected " + changed + " to " + 2 * changed
            + " UPDATE changes and the rest UNCHANGED, but the plan has " + updates + " UPDATE and "
            + plan.count(ChangeAction.UNCHANGED) + " UNCHANGED of " + plan.changes().size());
      }
      System.out.println("1 % changed: " + changed + " policies, " + updates + " objects to update");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      fixture.close();
    }
  }

  /**
   * The first plan of a fresh manager.
   *
   * @param state the fresh fixture
   * @return the plan
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Plan coldPlan(Fresh state) {
    return state.fixture.plan(state.fixture.intents);
  }

  /**
   * The plan of N new policies on a manager that planned them before.
   *
   * @param state the fixture
   * @return the plan
   */
  @Benchmark
  public Plan warmPlan(Empty state) {
    return state.fixture.plan(state.fixture.intents);
  }

  /**
   * Re-planning N applied policies unchanged.
   *
   * @param state the fixture
   * @return the plan
   */
  @Benchmark
  public Plan replanUnchanged(Applied state) {
    return state.fixture.plan(state.fixture.intents);
  }

  /**
   * Re-planning N applied policies of which 1 % changed.
   *
   * @param state the fixture
   * @return the plan
   */
  @Benchmark
  public Plan replanOnePercentChanged(Applied state) {
    return state.fixture.plan(state.onePercentChanged);
  }
}
