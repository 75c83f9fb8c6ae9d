package io.meshsdk.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The hierarchy on the embedded in-memory clusters: a Global Service Cluster's registry with a
 * hosted mesh across two networks, a dedicated mesh and an adopted external one; joining and
 * leaving members, sidecar injection with the workloads to restart, credential rotation, and the
 * placement rule that keeps mesh policies off member clusters.
 */
public final class MultiClusterExample {

  private MultiClusterExample() {}

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
   * @param out where to print what happens
   * @return the workloads that needed a restart after injection was turned on in {@code bookinfo}
   */
  public static List<WorkloadRestart> run(PrintStream out) {
    return run(out, ExampleClusters.inMemory());
  }

  /**
   * Runs the tour on given clusters.
   *
   * @param out where to print what happens
   * @param clusters the clusters: in memory, or real API servers
   * @return the workloads that needed a restart after injection was turned on in {@code bookinfo}
   */
  public static List<WorkloadRestart> run(PrintStream out, ExampleClusters clusters) {
    try (MeshManager meshes = MeshManager.builder().connector(clusters.connector()).build()) {
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("mcpc-1").network("net-hub").region("cn-north").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("bj-1").network("net-hub").region("cn-north").zone("cn-north-1a").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("sh-1").network("net-sh").region("cn-east").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("dev-1").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("old-1").build()));
      out.println("Registered clusters: "
          + meshes.clusters().list().stream().map(ClusterSpec::name).collect(Collectors.toList()));

      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      meshes.create(MeshSpec.dedicated("dev").cluster("dev-1").revision("1-24-0").build());
      Mesh legacy = meshes.create(MeshSpec.external("legacy").addPrimary("old-1").build());
      meshes.list().forEach(m -> out.println("Mesh " + m.name() + ": " + m.spec().mode()
          + ", policies go to " + m.spec().configClusters()));

      out.println();
      out.println("== Join bj-1 (same network as the control plane) and sh-1 (another network)");
      prod.join("bj-1");
      prod.join("sh-1");
      printObjects(out, clusters, "mcpc-1", "bj-1", "sh-1");

      out.println();
      out.println("== Turn on sidecar injection in bookinfo on bj-1");
      clusters.deploy("bj-1", bookinfoReviews());
      prod.sidecars().enableInjection("bj-1", "bookinfo");
      List<WorkloadRestart> restarts = prod.sidecars().pendingRestarts("bj-1");
      out.println("Workloads to restart: " + restarts);

      out.println();
      out.println("== Rotate the credentials the control plane uses for bj-1");
      prod.rotateCredentials("bj-1");
      printObjects(out, clusters, "bj-1");

      out.println();
      out.println("== Mesh policies never go to members");
      try {
        prod.policies().onCluster("bj-1").plan(QuickstartExample.canary(90, 10));
      } catch (MeshException e) {
        out.println(e.code() + ": " + e.getMessage());
        if (e.code() != ErrorCode.PLACEMENT_REJECTED) {
          throw e;
        }
      }
      out.println("An external mesh takes policies, but its membership is fixed:");
      try {
        legacy.join("sh-1");
      } catch (MeshException e) {
        out.println(e.code() + ": " + e.getMessage());
      }

      out.println();
      out.println("== sh-1 leaves: what join created goes away but its istio-system namespace,"
          + " and so does the east-west gateway");
      prod.leave("sh-1");
      printObjects(out, clusters, "mcpc-1", "sh-1");
      return restarts;
    }
  }

  private static void printObjects(PrintStream out, ExampleClusters clusters, String... names) {
    for (String name : names) {
      out.println("  " + name + ": " + String.join(", ", clusters.objects(name)));
    }
  }

  /** Stands in for what a platform deployed: the reviews workload, its pods not yet injected. */
  private static List<MeshResource> bookinfoReviews() {
    List<MeshResource> objects = new ArrayList<>();
    objects.add(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "bookinfo")));
    ObjectNode deployment = MeshResource.skeleton("apps/v1", "Deployment", "bookinfo", "reviews-v1");
    ObjectNode spec = deployment.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", "reviews").put("version", "v1");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", "reviews").put("version", "v1");
    template.putObject("spec").putArray("containers").addObject().put("name", "reviews")
        .put("image", "docker.io/istio/examples-bookinfo-reviews-v1:1.20.2");
    objects.add(MeshResource.of(deployment));
    for (String suffix : new String[] {"7d9f", "k2x4"}) {
      ObjectNode pod = MeshResource.skeleton("v1", "Pod", "bookinfo", "reviews-v1-" + suffix);
      ((ObjectNode) pod.get("metadata")).putObject("labels").put("app", "reviews").put("version", "v1");
      ArrayNode containers = pod.putObject("spec").putArray("containers");
      containers.addObject().put("name", "reviews").put("image", "docker.io/istio/examples-bookinfo-reviews-v1:1.20.2");
      objects.add(MeshResource.of(pod));
    }
    return objects;
  }
}
