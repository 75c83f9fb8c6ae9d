package io.meshsdk.examples;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tour of mesh-sdk on the embedded in-memory clusters: a hosted mesh with a control-plane
 * cluster and two members on different networks (so joining them also wires remote secrets and an
 * east-west gateway), a canary for Bookinfo's {@code reviews} planned and applied, its
 * weights shifted, and the policy deleted again. Needs no Kubernetes.
 */
public final class QuickstartExample {

  private QuickstartExample() {}

  /**
   * Runs the tour and prints it to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the tour.
   *
   * @param out where to print the plans and the YAML per cluster
   * @return the result of each apply: the canary, the weight shift and the deletion
   */
  public static List<ApplyResult> run(PrintStream out) {
    return run(out, ExampleClusters.inMemory());
  }

  /**
   * Runs the tour on given clusters.
   *
   * @param out where to print the plans and the YAML per cluster
   * @param clusters the clusters: in memory, or real API servers
   * @return the result of each apply: the canary, the weight shift and the deletion
   */
  public static List<ApplyResult> run(PrintStream out, ExampleClusters clusters) {
    List<ApplyResult> results = new ArrayList<>();
    // The embedded default is in memory; passing the connector explicitly lets us print what landed.
    try (MeshManager meshes = MeshManager.builder().connector(clusters.connector()).build()) {
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("mcpc-1").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("bj-1").network("net-bj").region("cn-north").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("sh-1").network("net-sh").region("cn-east").build()));

      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
      prod.join("sh-1");
      out.println("Mesh prod: control plane " + prod.spec().controlPlane().orElseThrow()
          + ", members " + prod.spec().members());

      heading(out, "1. Plan the canary for reviews (nothing is written yet)");
      Plan plan = prod.policies().plan(canary(90, 10));
      out.print(plan.render());

      heading(out, "2. Apply it");
      ApplyResult applied = plan.apply();
      results.add(applied);
      out.println("successful: " + applied.successful() + ", objects written: " + applied.writes());
      printClusters(out, prod, clusters);

      heading(out, "3. Shift the weights to 50/50");
      Plan shift = prod.policies().plan(canary(50, 50));
      out.print(shift.render());
      results.add(shift.apply());

      heading(out, "4. Delete the policy");
      Plan deletion = prod.policies().planDeletion(canary(50, 50).ref());
      out.print(deletion.render());
      results.add(deletion.apply());
      out.println("policies left in mesh prod: " + prod.policies().list().size());
    }
    return results;
  }

  /** Bookinfo's reviews: jason sees v2, everyone else is split between v1 and v2. */
  static TrafficPolicy canary(int v1Weight, int v2Weight) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", v1Weight).toSubset("v2", v2Weight)
            .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
        .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
        .build();
  }

  /**
   * What each cluster holds: members carry the wiring that join created (a reader account for the
   * control plane, the network label), the control plane carries their remote secrets and the
   * mesh's policies, printed in full. Secrets are listed by name only: they hold credentials.
   */
  private static void printClusters(PrintStream out, Mesh mesh, ExampleClusters clusters) {
    for (String cluster : mesh.spec().clusters()) {
      List<String> objects = clusters.objects(cluster);
      out.println();
      out.println("# cluster " + cluster + ": " + objects.size() + " object(s)");
      for (String object : objects) {
        out.println("#   " + object);
      }
    }
    mesh.policies().resources().forEach((cluster, objects) -> {
      out.println();
      out.println("# the policy objects on " + cluster);
      for (MeshResource object : objects) {
        out.println("---");
        out.print(object.toYaml());
      }
    });
  }

  private static void heading(PrintStream out, String text) {
    out.println();
    out.println("== " + text);
  }
}
