package io.meshsdk.testing;

import io.meshsdk.testing.SyntheticTraffic.Workload;

/**
 * Bookinfo across clusters {@code east} and {@code west}, declared as synthetic traffic:
 *
 * <pre>
 *   istio-ingressgateway ─20/s─▶ productpage-v1 ─25/s, 4% 503─▶ details-v1
 *   unknown (no sidecar) ─5/s plain text─▶ │ ─12/s─▶ reviews-v1
 *                                          │ ─10/s─▶ reviews-v2 ─10/s─▶ ratings-v1 (west)
 *                                          └─5/s, 20% 500─▶ reviews-v3 (west) ─4/s gRPC, 12.5% UNAVAILABLE─▶ ratings-v1
 *                                                            ratings-v1 ─TCP 1 KiB/s out, 4 KiB/s in─▶ mongodb-v1
 * </pre>
 */
final class Bookinfo {
  static final String NS = "bookinfo";
  static final Workload INGRESS = Workload.of("east", "istio-system", "istio-ingressgateway")
      .app("istio-ingressgateway");
  static final Workload PRODUCTPAGE = workload("east", "productpage", "v1");
  static final Workload DETAILS = workload("east", "details", "v1");
  static final Workload REVIEWS_V1 = workload("east", "reviews", "v1");
  static final Workload REVIEWS_V2 = workload("east", "reviews", "v2");
  static final Workload REVIEWS_V3 = workload("west", "reviews", "v3");
  static final Workload RATINGS = workload("west", "ratings", "v1");
  static final Workload MONGODB = workload("west", "mongodb", "v1");

  static final LatencyDistribution FAST = LatencyDistribution.percentiles(5, 10, 20);
  static final LatencyDistribution MEDIUM = LatencyDistribution.percentiles(10, 30, 60);
  static final LatencyDistribution SLOW = LatencyDistribution.percentiles(20, 80, 150);
  static final LatencyDistribution VERY_SLOW = LatencyDistribution.builder()
      .upTo(25, 0.1).upTo(100, 0.4).upTo(250, 0.8).upTo(500, 1).build();

  static final SyntheticTraffic TRAFFIC = SyntheticTraffic.builder()
      .call(INGRESS, PRODUCTPAGE, c -> c.http(20).latency(FAST))
      .call(Workload.unknown(), PRODUCTPAGE, c -> c.http(5).latency(FAST))
      .call(PRODUCTPAGE, DETAILS, c -> c.http(25).errors(0.04, 503).latency(MEDIUM))
      .call(PRODUCTPAGE, REVIEWS_V1, c -> c.http(12).latency(FAST))
      .call(PRODUCTPAGE, REVIEWS_V2, c -> c.http(10).latency(SLOW))
      .call(PRODUCTPAGE, REVIEWS_V3, c -> c.http(5).errors(0.2, 500).latency(VERY_SLOW))
      .call(REVIEWS_V2, RATINGS, c -> c.http(10).latency(MEDIUM))
      .call(REVIEWS_V3, RATINGS, c -> c.grpc(4).errors(0.125, 14).latency(2, 4, 8))
      .call(RATINGS, MONGODB, c -> c.tcp(1024, 4096))
      .build();

  /** Every request per second of the traffic, whatever the graph kind. */
  static final double TOTAL_REQUESTS = 20 + 5 + 25 + 12 + 10 + 5 + 10 + 4;

  private Bookinfo() {}

  private static Workload workload(String cluster, String app, String version) {
    return Workload.of(cluster, NS, app + "-" + version).app(app).version(version).service(app);
  }

  /**
   * The quantile of requests spread over several distributions, weighted by rate: what
   * histogram_quantile reads from their summed buckets, found here by bisection instead.
   */
  static double quantile(double q, double[] rates, LatencyDistribution... parts) {
    double low = 0;
    double high = 0;
    for (LatencyDistribution part : parts) {
      high = Math.max(high, part.points().get(part.points().size() - 1));
    }
    double total = java.util.Arrays.stream(rates).sum();
    for (int i = 0; i < 200; i++) {
      double middle = (low + high) / 2;
      double share = 0;
      for (int p = 0; p < parts.length; p++) {
        share += rates[p] * parts[p].shareAtMost(middle);
      }
      if (share / total >= q) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return high;
  }
}
