package io.meshsdk.examples;

import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import io.meshsdk.topology.TrafficMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads Bookinfo's service graph across two clusters and draws it: prints each call with its
 * rate, errors, p99 and health, and writes {@code topology.dot}, {@code topology.mmd} (Mermaid),
 * {@code topology.json} (Cytoscape.js elements, as Kiali's UI reads them) and, where Graphviz's
 * {@code dot} is installed, {@code topology.svg}.
 *
 * <p>Run it against a Prometheus that scrapes an Istio mesh:
 *
 * <pre>
 * java ... io.meshsdk.examples.TopologyExample http://prometheus.istio-system:9090 [end, e.g. 2026-03-01T10:00:00Z]
 * </pre>
 *
 * <p>Without arguments it reads synthetic Bookinfo request rates and needs no Prometheus (the
 * synthetic source has no latency histograms, so the edges carry no percentiles).
 */
public final class TopologyExample {

  private TopologyExample() {}

  /**
   * Reads and draws the graph.
   *
   * @param args optional: a Prometheus base URL, then the end of the window as an ISO instant
   */
  public static void main(String[] args) {
    TelemetrySource telemetry = args.length > 0
        ? PrometheusTelemetrySource.builder().baseUrl(args[0]).requestTimeout(Duration.ofSeconds(20)).build()
        : new SyntheticBookinfoTelemetry();
    Instant end = args.length > 1 ? Instant.parse(args[1]) : Instant.now();
    run(telemetry, end, Path.of("."), System.out);
  }

  /**
   * Reads the workload graph of namespace {@code bookinfo} over the five minutes before {@code
   * end} and writes its pictures.
   *
   * @param telemetry where the metrics come from
   * @param end the end of the window
   * @param directory where to write the files
   * @param out where to print the calls
   * @return the graph
   */
  public static TopologyGraph run(TelemetrySource telemetry, Instant end, Path directory, PrintStream out) {
    try (MeshManager meshes = MeshManager.builder().telemetry(telemetry).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      meshes.clusters().register(ClusterSpec.builder().name("east").network("net-east").build());
      meshes.clusters().register(ClusterSpec.builder().name("west").network("net-west").build());
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("east");
      prod.join("west");
      // a canary with a circuit breaker, so that the graph shows which configuration applies
      prod.policies().plan(PolicyBuilder.forService("reviews").inNamespace("bookinfo")
          .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
          .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
          .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
          .build()).apply();

      TopologyGraph graph = prod.topology().read(TopologyQuery.lastMinutes(5).namespace("bookinfo")
          .as(GraphKind.WORKLOAD).endingAt(end));

      out.println(graph);
      out.printf(Locale.ROOT, "read %d series in %d queries%s%n", graph.seriesRead(), graph.queries(),
          graph.partial() ? "; partial: " + graph.partialReasons() : "");
      for (TopologyEdge edge : graph.edges()) {
        out.println(describe(edge));
      }
      write(directory.resolve("topology.dot"), graph.toDot());
      write(directory.resolve("topology.mmd"), graph.toMermaid());
      write(directory.resolve("topology.json"), graph.toCytoscapeJson());
      out.println("wrote topology.dot, topology.mmd and topology.json to " + directory.toAbsolutePath().normalize());
      Optional<Path> svg = renderSvg(directory.resolve("topology.dot"), directory.resolve("topology.svg"));
      out.println(svg.map(p -> "wrote " + p.getFileName() + " with Graphviz")
          .orElse("Graphviz's dot is not installed (apt-get install graphviz); no topology.svg"));
      return graph;
    }
  }

  static String describe(TopologyEdge edge) {
    TrafficMetrics m = edge.metrics();
    String traffic = switch (edge.protocol()) {
      case TCP -> String.format(Locale.ROOT, "%.0f B/s sent, %.0f B/s received",
          m.tcpSentBytesPerSecond(), m.tcpReceivedBytesPerSecond());
      default -> String.format(Locale.ROOT, "%.2f req/s, %.1f%% errors%s", m.requestsPerSecond(),
          100 * m.errorRatio(), m.latency().map(l -> String.format(Locale.ROOT, ", p99 %.1f ms", l.p99Millis()))
              .orElse(""));
    };
    return String.format(Locale.ROOT, "%-8s %s -> %s [%s] %s%s", edge.health(), edge.source(), edge.target(),
        edge.protocol(), traffic, edge.crossCluster() ? " (cross-cluster)" : "");
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** Runs {@code dot -Tsvg} when Graphviz is installed. */
  static Optional<Path> renderSvg(Path dot, Path svg) {
    Optional<Path> binary = onPath("dot");
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    try {
      Process process = new ProcessBuilder(binary.get().toString(), "-Tsvg", dot.toString(), "-o", svg.toString())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("dot failed: " + output);
      }
      return Optional.of(svg);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run dot", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException(io.meshsdk.ErrorCode.INTERRUPTED, "interrupted while running dot", e);
    }
  }

  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
