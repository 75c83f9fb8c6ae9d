package io.meshsdk.examples;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryClusterConnector;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * mesh-sdk writing a GitOps repository instead of calling API servers: the registry of clusters
 * and meshes kept in a directory, each Istio object written as a YAML file for Argo CD or Flux to
 * sync, a re-apply that leaves the files alone, and a hand edit found as drift and reconciled.
 *
 * <p>Run it with a directory to keep the result, for example {@code gitops-demo}, or without to
 * write into a new temporary directory:
 *
 * <pre>{@code
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=io.meshsdk.examples.GitOpsExample -Dexec.args=gitops-demo
 * }</pre>
 */
public final class GitOpsExample {

  private GitOpsExample() {}

  /**
   * Runs the example and prints it to standard output.
   *
   * @param args an optional directory to write to; a new temporary directory when absent
   * @throws IOException if the temporary directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mesh-sdk-gitops");
    run(root, System.out);
  }

  /**
   * Runs the example.
   *
   * @param root the directory to write to: {@code registry/} for the store, {@code clusters/}
   *     for the files a GitOps tool syncs
   * @param out where to print what happens
   * @return the drift found after the hand edit, before it was reconciled
   */
  public static DriftReport run(Path root, PrintStream out) {
    DirectoryMeshStore registry = new DirectoryMeshStore(root.resolve("registry"));
    DirectoryClusterConnector repository = new DirectoryClusterConnector(root.resolve("clusters"));
    try (MeshManager meshes = MeshManager.builder().store(registry).connector(repository).build()) {
      // The registry outlives the process: register and create only what is not there yet.
      for (String cluster : List.of("mcpc-1")) {
        if (meshes.clusters().find(cluster).isEmpty()) {
          meshes.clusters().register(ClusterSpec.builder().name(cluster).build());
        }
      }
      // Members are joined against live clusters (their API server issues the control plane's
      // token); the repository carries the mesh's policies, which all go to the control plane.
      Mesh prod = meshes.find("prod")
          .orElseGet(() -> meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()));

      heading(out, "1. Apply the canary for reviews: one file per Istio object");
      ApplyResult applied = prod.policies().apply(canary(90, 10));
      out.println("objects written: " + applied.writes());
      printTree(out, repository.root());

      heading(out, "2. Apply it again: nothing changes, so no file is rewritten");
      Plan again = prod.policies().plan(canary(90, 10));
      out.print(again.render());
      out.println("objects written: " + again.apply().writes());

      heading(out, "3. Someone edits the VirtualService in the repository by hand");
      Path virtualService = repository.clusterDirectory("mcpc-1").resolve("bookinfo/virtualservice-reviews.yaml");
      edit(virtualService, "weight: 90\n", "weight: 50\n");
      DriftReport drift = prod.policies().drift();
      out.print(drift.render());

      heading(out, "4. Reconcile: the file is put back as the policy says");
      Plan reconcile = prod.policies().planReconcile();
      out.print(reconcile.render());
      out.println("successful: " + reconcile.apply().successful()
          + ", drift left: " + prod.policies().drift().hasDrift());
      return drift;
    }
  }

  /** Bookinfo's reviews: jason sees v2, everyone else is split between v1 and v2. */
  static TrafficPolicy canary(int v1Weight, int v2Weight) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", v1Weight).toSubset("v2", v2Weight)
            .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
        .build();
  }

  private static void edit(Path file, String from, String to) {
    try {
      Files.writeString(file, Files.readString(file).replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void printTree(PrintStream out, Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        out.println("  " + dir.relativize(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void heading(PrintStream out, String text) {
    out.println();
    out.println("== " + text);
  }
}
