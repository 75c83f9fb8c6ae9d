package io.meshsdk.benchmarks;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
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
 * How long {@code mesh.topology().read(...)} takes to build a graph of N edges from Prometheus'
 * answers, and how much it allocates: the Prometheus client parses canned JSON (handed over by
 * {@link CannedHttpClient}, so no network and no server), the Istio backend assembles nodes,
 * edges, metrics and health, and the engine reads the (empty) configuration of the mesh's
 * clusters.
 *
 * <p>The mesh: 1,000 workloads ({@code app-0-v1} ... in ten namespaces, two clusters), each
 * calling the next N/1,000 workloads over HTTP. Every edge has a 200 series, one in twenty also a
 * 503 series; every tenth edge is also TCP; the latency answer has p50, p95 and p99 per edge and
 * per called node. For N = 10,000 that is 10,500 request series, 2,000 TCP series and 33,000
 * latency series, about 27 MB of JSON. Building the answers is not measured. Run it as
 * benchmarks/README.md says.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopologyBenchmark {
  static final int WORKLOADS = 1000;
  static final Instant END = Instant.parse("2026-03-01T10:00:00Z");

  /** A manager whose telemetry answers with the canned JSON of an N-edge mesh. */
  @State(Scope.Benchmark)
  public static class CannedMesh {
    @Param({"10000"})
    public int edges;

    @Param({"WORKLOAD", "APP"})
    public GraphKind kind;

    MeshManager meshes;
    Mesh mesh;
    TopologyQuery query;

    @Setup(Level.Trial)
    public void setUp() {
      byte[] requests = requests(edges);
      byte[] tcp = tcp(edges);
      byte[] latency = latency(edges);
      PrometheusTelemetrySource prometheus = PrometheusTelemetrySource.builder()
          .baseUrl("http://prometheus.invalid:9090")
          .httpClient(new CannedHttpClient(q -> q.contains("histogram_quantile") ? latency
              : q.contains("istio_tcp_") ? tcp : requests))
          .build();
      meshes = MeshManager.builder().telemetry(prometheus).build();
      meshes.clusters().register(ClusterSpec.builder().name("east").build());
      meshes.clusters().register(ClusterSpec.builder().name("west").build());
      mesh = meshes.create(MeshSpec.hosted("bench").controlPlane("east").build());
      mesh.join("west");
      query = TopologyQuery.lastMinutes(5).as(kind).endingAt(END);
      TopologyGraph graph = mesh.topology().read(query);
      int expected = kind == GraphKind.WORKLOAD ? edges + edges / 10 : -1;
      if (expected > 0 && graph.edges().size() != expected) {
        throw new IllegalStateException("expected " + expected + " edges, got " + graph.edges().size());
      }
      if (graph.partial() || graph.edges().get(0).metrics().latency().isEmpty()) {
        throw new IllegalStateException("the canned answers did not make a complete graph: " + graph);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      meshes.close();
    }
  }

  @Benchmark
  public TopologyGraph read(CannedMesh state) {
    return state.mesh.topology().read(state.query);
  }

  // ---- the canned answers -----------------------------------------------------------------------

  static String cluster(int workload) {
    return workload % 2 == 0 ? "east" : "west";
  }

  static String namespace(int workload) {
    return "ns-" + workload % 10;
  }

  static String app(int workload) {
    return "app-" + workload / 2;
  }

  static String version(int workload) {
    return "v" + (workload % 2 + 1);
  }

  static int target(int edge) {
    int source = edge % WORKLOADS;
    return (source + 1 + edge / WORKLOADS) % WORKLOADS;
  }

  static void source(StringBuilder json, int w) {
    json.append("\"source_cluster\":\"").append(cluster(w))
        .append("\",\"source_workload_namespace\":\"").append(namespace(w))
        .append("\",\"source_workload\":\"").append(app(w)).append('-').append(version(w))
        .append("\",\"source_canonical_service\":\"").append(app(w))
        .append("\",\"source_canonical_revision\":\"").append(version(w)).append('"');
  }

  static void destination(StringBuilder json, int w) {
    json.append(",\"destination_cluster\":\"").append(cluster(w))
        .append("\",\"destination_workload_namespace\":\"").append(namespace(w))
        .append("\",\"destination_workload\":\"").append(app(w)).append('-').append(version(w))
        .append("\",\"destination_canonical_service\":\"").append(app(w))
        .append("\",\"destination_canonical_revision\":\"").append(version(w))
        .append("\",\"destination_service_namespace\":\"").append(namespace(w))
        .append("\",\"destination_service_name\":\"").append(app(w))
        .append("\",\"destination_service\":\"").append(app(w)).append('.').append(namespace(w))
        .append(".svc.cluster.local\"");
  }

  static void series(StringBuilder json, boolean first, String labels, double value) {
    if (!first) {
      json.append(',');
    }
    json.append("{\"metric\":{").append(labels).append("},\"value\":[1772359200,\"")
        .append(String.format(Locale.ROOT, "%.4f", value)).append("\"]}");
  }

  static byte[] answer(StringBuilder series) {
    return ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series + "]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String edgeLabels(int edge, String extra) {
    StringBuilder labels = new StringBuilder(512);
    source(labels, edge % WORKLOADS);
    destination(labels, target(edge));
    return labels.append(extra).toString();
  }

  static byte[] requests(int edges) {
    StringBuilder json = new StringBuilder(edges * 700);
    for (int e = 0; e < edges; e++) {
      String common = ",\"request_protocol\":\"http\",\"connection_security_policy\":\"mutual_tls\"";
      series(json, e == 0, edgeLabels(e, common + ",\"response_code\":\"200\""), 10 + e % 7);
      if (e % 20 == 0) {
        series(json, false, edgeLabels(e, common + ",\"response_code\":\"503\""), 0.5);
      }
    }
    return answer(json);
  }

  static byte[] tcp(int edges) {
    StringBuilder json = new StringBuilder(edges * 150);
    boolean first = true;
    for (int e = 0; e < edges; e += 10) {
      for (String direction : new String[] {"sent", "received"}) {
        series(json, first, edgeLabels(e, ",\"connection_security_policy\":\"mutual_tls\",\"meshsdk_direction\":\""
            + direction + "\""), 1024);
        first = false;
      }
    }
    return answer(json);
  }

  static byte[] latency(int edges) {
    StringBuilder json = new StringBuilder(edges * 2000);
    boolean first = true;
    String[] quantiles = {"0.5", "0.95", "0.99"};
    for (int q = 0; q < quantiles.length; q++) {
      for (int e = 0; e < edges; e++) {
        series(json, first, edgeLabels(e, ",\"request_protocol\":\"http\",\"meshsdk_scope\":\"edge\","
            + "\"meshsdk_quantile\":\"" + quantiles[q] + "\""), 5 * (q + 1) + e % 13);
        first = false;
      }
      for (int w = 0; w < WORKLOADS; w++) {
        StringBuilder labels = new StringBuilder(256);
        destination(labels, w);
        labels.deleteCharAt(0).append(",\"meshsdk_scope\":\"node\",\"meshsdk_quantile\":\"").append(quantiles[q])
            .append('"');
        series(json, false, labels.toString(), 6 * (q + 1));
      }
    }
    return answer(json);
  }
}
