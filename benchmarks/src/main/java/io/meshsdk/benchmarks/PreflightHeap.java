package io.meshsdk.benchmarks;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The heap a mesh growing by large plans needs when every apply runs the preflight analysis: a
 * hosted mesh on the embedded in-memory clusters gets {@code services} TrafficPolicies (two
 * objects each), {@code chunk} per plan, each applied with {@link Preflight#ANALYZE}. For every
 * plan it prints the time to plan and to apply (the analysis of the whole mesh, before and after
 * the plan, included), the peak heap while it ran and the heap in use after a full collection,
 * which is what the mesh's state and anything kept from the analyses hold.
 *
 * <p>Arguments: {@code services} (50000) and {@code chunk} (5000). Run with {@code -Xmx2g}; see
 * {@code benchmarks/README.md}.
 */
public final class PreflightHeap {
  private PreflightHeap() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of services and how many each plan adds
   */
  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    System.out.printf("Preflight heap: %,d services (%,d objects), %,d per plan, max heap %,d MB%n%n", services,
        2 * services, chunk, Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("| objects after | plan | apply with preflight | peak heap | heap after GC |");
    System.out.println("|---|---|---|---|---|");
    try (MeshManager manager = MeshManager.builder().build()) {
      manager.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      Mesh mesh = manager.create(MeshSpec.hosted("preflight").controlPlane("mcpc-1").build());
      for (int from = 0; from < services; from += chunk) {
        int to = Math.min(services, from + chunk);
        List<TrafficPolicy> policies = new ArrayList<>();
        for (int i = from; i < to; i++) {
          policies.add(PolicyBuilder.forService("svc-" + i).inNamespace("ns-" + (i / 1000))
              .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
              .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)).build());
        }
        resetPeaks();
        long started = System.nanoTime();
        Plan plan = mesh.policies().plan(policies);
        long planned = System.nanoTime();
        ApplyResult result = plan.apply(ApplyMode.STANDARD, Preflight.ANALYZE);
        long applied = System.nanoTime();
        if (!result.successful()) {
          throw new IllegalStateException("the apply failed: " + result.failures());
        }
        long peak = peakHeap();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("| %,d | %.2f s | %.2f s | %,d MB | %,d MB |%n", 2 * to, (planned - started) / 1e9,
            (applied - planned) / 1e9, peak >> 20, used >> 20);
      }
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
