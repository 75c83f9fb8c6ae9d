package io.meshsdk.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.AnalysisRejectedException;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Suppression;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Analysis of a mesh that already runs configuration the SDK did not write: the live objects of
 * every cluster analyzed together, a plan analyzed before it is applied ("what if") and refused
 * for the error it would introduce, findings suppressed, the report as JSON for a console, and the
 * same files analyzed offline. Runs on the embedded in-memory clusters; needs no Kubernetes.
 */
public final class AnalysisExample {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private AnalysisExample() {}

  /**
   * Runs the example and prints it to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the example on in-memory clusters.
   *
   * @param out where to print the reports
   * @return the reports: the live mesh, the plan, the live mesh with suppressions, and the files
   */
  public static List<AnalysisReport> run(PrintStream out) {
    return run(out, ExampleClusters.inMemory());
  }

  /**
   * Runs the example on given clusters.
   *
   * @param out where to print the reports
   * @param clusters the clusters: in memory, or real API servers
   * @return the reports: the live mesh, the plan, the live mesh with suppressions, and the files
   */
  public static List<AnalysisReport> run(PrintStream out, ExampleClusters clusters) {
    List<AnalysisReport> reports = new ArrayList<>();
    try (MeshManager meshes = MeshManager.builder().connector(clusters.connector()).build()) {
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("mcpc-1").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("bj-1").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("sh-1").build()));
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
      prod.join("sh-1");

      // What other tools put there before the SDK came
      List<MeshResource> config = List.of(
          namespace("istio-system"), namespace("bookinfo"),
          yaml("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
              + "metadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n"),
          yaml("apiVersion: networking.istio.io/v1\nkind: VirtualService\n"
              + "metadata: {name: reviews-legacy, namespace: bookinfo}\n"
              + "spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}\n"),
          yaml("apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
              + "metadata: {name: ratings, namespace: bookinfo}\n"
              + "spec: {host: ratings, trafficPolicy: {tls: {mode: DISABLE}}}\n"));
      clusters.deploy("mcpc-1", config);
      clusters.deploy("bj-1", List.of(namespace("bookinfo"), service(9080),
          yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: reviews-v1, namespace: bookinfo,"
              + " labels: {app: reviews, version: v1}}\nspec: {containers: [{name: reviews, image: bookinfo/reviews:v1}]}\n")));
      clusters.deploy("sh-1", List.of(namespace("bookinfo"), service(9081),
          yaml("apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
              + "metadata: {name: details, namespace: bookinfo}\nspec: {host: details}\n")));

      heading(out, "1. Analyze the mesh as it is: every object of every cluster");
      AnalysisReport live = prod.analyze();
      reports.add(live);
      out.print(live.render());

      heading(out, "2. Analyze a plan before applying it: what would it introduce?");
      Plan plan = prod.policies().plan(canary());
      AnalysisReport whatIf = plan.analyze();
      reports.add(whatIf);
      out.print(whatIf.render());
      try {
        plan.apply();
        out.println("applied");
      } catch (AnalysisRejectedException e) {
        out.println("apply refused (" + e.code() + ", " + e.messageCode() + "), nothing written: "
            + e.findings().stream().map(f -> f.code() + " " + f.resource().orElseThrow()).collect(Collectors.toList()));
      }

      heading(out, "3. Suppress what is known, by code and object, and count it");
      AnalysisReport suppressed = prod.analyze(AnalysisOptions.builder()
          .addSuppression(Suppression.of("MSH0002"))
          .addSuppression(Suppression.of("MSH0004", "DestinationRule bookinfo/*"))
          .build());
      reports.add(suppressed);
      out.print(suppressed.render());

      heading(out, "4. The report as a console receives it");
      out.println(suppressed.toJson());

      heading(out, "5. The same configuration analyzed offline, from files");
      AnalysisReport offline = meshes.analyzeFiles(List.of(write(config)), AnalysisOptions.defaults());
      reports.add(offline);
      out.print(offline.render());
    }
    return reports;
  }

  static TrafficPolicy canary() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10).timeout(Duration.ofSeconds(2)))
        .build();
  }

  private static MeshResource service(int port) {
    return yaml("apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: bookinfo}\n"
        + "spec: {selector: {app: reviews}, ports: [{name: http, port: " + port + "}]}\n");
  }

  private static MeshResource namespace(String name) {
    return yaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + "}\n");
  }

  private static MeshResource yaml(String text) {
    try {
      return MeshResource.of((ObjectNode) YAML.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(List<MeshResource> objects) {
    try {
      Path dir = Files.createTempDirectory("mesh-sdk-analysis");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("istio-config.yaml");
      Files.writeString(file, objects.stream().map(MeshResource::toYaml).collect(Collectors.joining("---\n")));
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void heading(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }
}
