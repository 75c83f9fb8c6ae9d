package io.meshsdk.istio.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bookinfo's traffic across two clusters as Istio's destination proxies report it, generated as
 * OpenMetrics for {@code promtool}. Every counter grows linearly, one sample every 15 s, so that
 * {@code rate()} over any window inside the data is exact, and every edge's durations follow a
 * fixed distribution over the histogram's buckets, so that {@code histogram_quantile} has a value
 * computable by hand.
 *
 * <pre>
 *   cluster east                                         cluster west
 *   istio-ingressgateway ─20/s─▶ productpage-v1 ─25/s (4% 503)──▶ details-v1
 *   unknown (no sidecar) ─5/s plain text─▶ │  ─12/s─▶ reviews-v1
 *                                          │  ─10/s─▶ reviews-v2 ─10/s─────────▶ ratings-v1
 *                                          └─5/s (20% 500)───────▶ reviews-v3 ─4/s gRPC (12.5% UNAVAILABLE)─▶ ratings-v1
 *                                                                  ratings-v1 ─TCP 1 KiB/s out, 4 KiB/s in─▶ mongodb-v1
 * </pre>
 */
final class BookinfoTraffic {
  static final String EAST = "east";
  static final String WEST = "west";
  static final String NS = "bookinfo";
  static final Duration STEP = Duration.ofSeconds(15);
  static final Duration HISTORY = Duration.ofHours(1);

  /** The histogram's upper bounds, a subset of Istio's default buckets. */
  static final double[] BOUNDS = {5, 10, 25, 50, 100, 250, 500, Double.POSITIVE_INFINITY};

  /** Share of requests at or under each bound; no share equals a quantile asked for. */
  static final double[] FAST = {0.4, 1, 1, 1, 1, 1, 1, 1};
  static final double[] MEDIUM = {0, 0.2, 0.6, 0.9, 1, 1, 1, 1};
  static final double[] SLOW = {0, 0, 0.3, 0.6, 0.98, 1, 1, 1};
  static final double[] VERY_SLOW = {0, 0, 0, 0.1, 0.4, 0.8, 1, 1};

  /** One workload; {@code null} for a caller outside the mesh. */
  record Workload(String cluster, String namespace, String name, String app, String version, String service) {}

  static final Workload INGRESS =
      new Workload(EAST, "istio-system", "istio-ingressgateway", "istio-ingressgateway", "latest", null);
  static final Workload UNKNOWN = null;
  static final Workload PRODUCTPAGE = new Workload(EAST, NS, "productpage-v1", "productpage", "v1", "productpage");
  static final Workload DETAILS = new Workload(EAST, NS, "details-v1", "details", "v1", "details");
  static final Workload REVIEWS_V1 = new Workload(EAST, NS, "reviews-v1", "reviews", "v1", "reviews");
  static final Workload REVIEWS_V2 = new Workload(EAST, NS, "reviews-v2", "reviews", "v2", "reviews");
  static final Workload REVIEWS_V3 = new Workload(WEST, NS, "reviews-v3", "reviews", "v3", "reviews");
  static final Workload RATINGS = new Workload(WEST, NS, "ratings-v1", "ratings", "v1", "ratings");
  static final Workload MONGODB = new Workload(WEST, NS, "mongodb-v1", "mongodb", "v1", "mongodb");

  /** Requests of one edge: rate per response code (and gRPC status), latency profile, mTLS. */
  record Edge(Workload source, Workload target, String protocol, Map<String, Double> ratesByCode,
      double[] profile, boolean mtls) {
    double rate() {
      return ratesByCode.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  static final List<Edge> HTTP = List.of(
      new Edge(INGRESS, PRODUCTPAGE, "http", Map.of("200", 20.0), FAST, true),
      new Edge(UNKNOWN, PRODUCTPAGE, "http", Map.of("200", 5.0), FAST, false),
      new Edge(PRODUCTPAGE, DETAILS, "http", codes("200", 24.0, "503", 1.0), MEDIUM, true),
      new Edge(PRODUCTPAGE, REVIEWS_V1, "http", Map.of("200", 12.0), FAST, true),
      new Edge(PRODUCTPAGE, REVIEWS_V2, "http", Map.of("200", 10.0), SLOW, true),
      new Edge(PRODUCTPAGE, REVIEWS_V3, "http", codes("200", 4.0, "500", 1.0), VERY_SLOW, true),
      new Edge(REVIEWS_V2, RATINGS, "http", Map.of("200", 10.0), MEDIUM, true),
      // gRPC: HTTP status 200 throughout, gRPC status 0 (OK) or 14 (UNAVAILABLE)
      new Edge(REVIEWS_V3, RATINGS, "grpc", codes("200/0", 3.5, "200/14", 0.5), FAST, true));

  static final double TCP_SENT = 1024;
  static final double TCP_RECEIVED = 4096;

  private BookinfoTraffic() {}

  private static Map<String, Double> codes(String a, double ra, String b, double rb) {
    Map<String, Double> codes = new LinkedHashMap<>();
    codes.put(a, ra);
    codes.put(b, rb);
    return codes;
  }

  /**
   * The end of the data: on a whole hour, three hours before now, so that Prometheus serves the
   * backfilled blocks and no sample is in its head block's future.
   */
  static Instant end(Instant now) {
    long hour = 3600;
    return Instant.ofEpochSecond(now.getEpochSecond() / hour * hour - 3 * hour);
  }

  /** The OpenMetrics text for the hour before {@code end}. */
  static String openMetrics(Instant end) {
    long last = end.getEpochSecond();
    long first = end.minus(HISTORY).getEpochSecond();
    StringBuilder out = new StringBuilder(1 << 20);
    out.append("# TYPE istio_requests counter\n");
    for (Edge edge : HTTP) {
      for (Map.Entry<String, Double> code : edge.ratesByCode().entrySet()) {
        String[] parts = code.getKey().split("/");
        String labels = labels(edge.source(), edge.target(), edge.protocol(), parts[0],
            parts.length > 1 ? parts[1] : "", edge.mtls());
        counter(out, "istio_requests_total", labels, code.getValue(), first, last);
      }
    }
    out.append("# TYPE istio_request_duration_milliseconds histogram\n");
    for (Edge edge : HTTP) {
      String labels = labels(edge.source(), edge.target(), edge.protocol(), "200",
          edge.protocol().equals("grpc") ? "0" : "", edge.mtls());
      for (long t = first; t <= last; t += STEP.getSeconds()) {
        double requests = edge.rate() * (t - first) + 1000 * edge.rate();
        for (int i = 0; i < BOUNDS.length; i++) {
          String le = Double.isInfinite(BOUNDS[i]) ? "+Inf" : number(BOUNDS[i]);
          sample(out, "istio_request_duration_milliseconds_bucket", labels + ",le=\"" + le + "\"",
              requests * edge.profile()[i], t);
        }
        sample(out, "istio_request_duration_milliseconds_count", labels, requests, t);
        sample(out, "istio_request_duration_milliseconds_sum", labels, requests * 20, t);
      }
    }
    String tcp = labels(RATINGS, MONGODB, "tcp", "", "", true);
    out.append("# TYPE istio_tcp_sent_bytes counter\n");
    counter(out, "istio_tcp_sent_bytes_total", tcp, TCP_SENT, first, last);
    out.append("# TYPE istio_tcp_received_bytes counter\n");
    counter(out, "istio_tcp_received_bytes_total", tcp, TCP_RECEIVED, first, last);
    return out.append("# EOF\n").toString();
  }

  private static void counter(StringBuilder out, String name, String labels, double rate, long first, long last) {
    for (long t = first; t <= last; t += STEP.getSeconds()) {
      // starting far above zero keeps rate() from extrapolating towards a counter reset
      sample(out, name, labels, rate * (t - first) + 1000 * rate, t);
    }
  }

  private static void sample(StringBuilder out, String name, String labels, double value, long t) {
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append(' ').append(t).append('\n');
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.6f", value);
  }

  private static String labels(Workload source, Workload target, String protocol, String code, String grpc,
      boolean mtls) {
    List<String> labels = new ArrayList<>();
    labels.add("reporter=\"destination\"");
    add(labels, "source_cluster", source == null ? "unknown" : source.cluster());
    add(labels, "source_workload", source == null ? "unknown" : source.name());
    add(labels, "source_workload_namespace", source == null ? "unknown" : source.namespace());
    add(labels, "source_app", source == null ? "unknown" : source.app());
    add(labels, "source_version", source == null ? "unknown" : source.version());
    add(labels, "source_canonical_service", source == null ? "unknown" : source.app());
    add(labels, "source_canonical_revision", source == null ? "unknown" : source.version());
    add(labels, "source_principal", source == null ? "unknown"
        : "spiffe://cluster.local/ns/" + source.namespace() + "/sa/" + source.app());
    add(labels, "destination_cluster", target.cluster());
    add(labels, "destination_workload", target.name());
    add(labels, "destination_workload_namespace", target.namespace());
    add(labels, "destination_app", target.app());
    add(labels, "destination_version", target.version());
    add(labels, "destination_canonical_service", target.app());
    add(labels, "destination_canonical_revision", target.version());
    add(labels, "destination_service", target.service() + "." + target.namespace() + ".svc.cluster.local");
    add(labels, "destination_service_name", target.service());
    add(labels, "destination_service_namespace", target.namespace());
    add(labels, "request_protocol", protocol);
    if (!code.isEmpty()) {
      add(labels, "response_code", code);
      add(labels, "response_flags", "-");
    }
    if (!grpc.isEmpty()) {
      add(labels, "grpc_response_status", grpc);
    }
    add(labels, "connection_security_policy", mtls ? "mutual_tls" : "none");
    return String.join(",", labels);
  }

  private static void add(List<String> labels, String name, String value) {
    labels.add(name + "=\"" + value + "\"");
  }

  // ---- expected values ------------------------------------------------------------------------

  /**
   * What PromQL's {@code histogram_quantile} gives for requests spread over several edges:
   * the bucket where the quantile's rank falls, interpolated linearly.
   */
  static double quantile(double q, Edge... edges) {
    double[] cumulative = new double[BOUNDS.length];
    for (Edge edge : edges) {
      for (int i = 0; i < BOUNDS.length; i++) {
        cumulative[i] += edge.rate() * edge.profile()[i];
      }
    }
    double total = cumulative[BOUNDS.length - 1];
    double rank = q * total;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (cumulative[i] >= rank) {
        if (Double.isInfinite(BOUNDS[i])) {
          return BOUNDS[i - 1];
        }
        double lower = i == 0 ? 0 : BOUNDS[i - 1];
        double below = i == 0 ? 0 : cumulative[i - 1];
        return lower + (BOUNDS[i] - lower) * (rank - below) / (cumulative[i] - below);
      }
    }
    throw new AssertionError("unreachable");
  }

  static Edge edge(Workload source, Workload target) {
    return HTTP.stream().filter(e -> e.source() == source && e.target() == target).findFirst().orElseThrow();
  }
}
