package io.meshsdk.examples;

import io.meshsdk.spi.TelemetrySource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookinfo's request rates across two clusters, as Prometheus would return them for Istio's
 * request counter, so that {@link TopologyExample} runs without a mesh. It answers the request
 * query only; the latency and TCP queries get no series.
 */
final class SyntheticBookinfoTelemetry implements TelemetrySource {

  @Override
  public List<Sample> query(String expression, Instant at) {
    if (!expression.contains("istio_requests_total")) {
      return List.of();
    }
    return List.of(
        sample("east", "istio-system", "istio-ingressgateway", "east", "productpage-v1", "productpage", "200", 20),
        sample("east", "bookinfo", "productpage-v1", "east", "details-v1", "details", "200", 24),
        sample("east", "bookinfo", "productpage-v1", "east", "details-v1", "details", "503", 1),
        sample("east", "bookinfo", "productpage-v1", "east", "reviews-v1", "reviews", "200", 12),
        sample("east", "bookinfo", "productpage-v1", "east", "reviews-v2", "reviews", "200", 10),
        sample("east", "bookinfo", "productpage-v1", "west", "reviews-v3", "reviews", "200", 4),
        sample("east", "bookinfo", "productpage-v1", "west", "reviews-v3", "reviews", "500", 1),
        sample("east", "bookinfo", "reviews-v2", "west", "ratings-v1", "ratings", "200", 10),
        sample("west", "bookinfo", "reviews-v3", "west", "ratings-v1", "ratings", "200", 4));
  }

  private static Sample sample(String sourceCluster, String sourceNamespace, String source, String cluster,
      String workload, String service, String code, double rate) {
    Map<String, String> labels = new HashMap<>();
    labels.put("source_cluster", sourceCluster);
    labels.put("source_workload_namespace", sourceNamespace);
    labels.put("source_workload", source);
    labels.put("source_canonical_service", source.replaceAll("-v\\d+$", ""));
    labels.put("destination_cluster", cluster);
    labels.put("destination_workload_namespace", "bookinfo");
    labels.put("destination_workload", workload);
    labels.put("destination_canonical_service", service);
    labels.put("destination_canonical_revision", workload.substring(workload.lastIndexOf('-') + 1));
    labels.put("destination_service_namespace", "bookinfo");
    labels.put("destination_service_name", service);
    labels.put("destination_service", service + ".bookinfo.svc.cluster.local");
    labels.put("request_protocol", "http");
    labels.put("response_code", code);
    labels.put("connection_security_policy", "mutual_tls");
    return new Sample(labels, rate);
  }
}
