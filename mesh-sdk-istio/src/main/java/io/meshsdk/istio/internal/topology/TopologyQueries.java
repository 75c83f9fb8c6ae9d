package io.meshsdk.istio.internal.topology;

import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.TopologyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The PromQL of one topology read: three queries for the whole mesh, whatever its size. Filters
 * keep every series with at least one end in the namespaces and clusters asked for; {@code or}
 * joins the selectors, so a series matching several is counted once.
 */
final class TopologyQueries {
  static final String SOURCE_CLUSTER = "source_cluster";
  static final String SOURCE_NAMESPACE = "source_workload_namespace";
  static final String SOURCE_WORKLOAD = "source_workload";
  static final String SOURCE_APP = "source_canonical_service";
  static final String SOURCE_VERSION = "source_canonical_revision";
  static final String DESTINATION_CLUSTER = "destination_cluster";
  static final String DESTINATION_NAMESPACE = "destination_workload_namespace";
  static final String DESTINATION_WORKLOAD = "destination_workload";
  static final String DESTINATION_APP = "destination_canonical_service";
  static final String DESTINATION_VERSION = "destination_canonical_revision";
  static final String SERVICE_NAMESPACE = "destination_service_namespace";
  static final String SERVICE_NAME = "destination_service_name";
  static final String SERVICE = "destination_service";
  static final String PROTOCOL = "request_protocol";
  static final String RESPONSE_CODE = "response_code";
  static final String GRPC_STATUS = "grpc_response_status";
  static final String SECURITY = "connection_security_policy";
  /** Added by the latency query: {@code edge} or {@code node}. */
  static final String SCOPE = "meshsdk_scope";
  /** Added by the latency query: {@code 0.5}, {@code 0.95} or {@code 0.99}. */
  static final String QUANTILE = "meshsdk_quantile";
  /** Added by the TCP query: {@code sent} or {@code received}. */
  static final String DIRECTION = "meshsdk_direction";

  static final String[] QUANTILES = {"0.5", "0.95", "0.99"};

  private static final String SOURCE_LABELS =
      String.join(",", SOURCE_CLUSTER, SOURCE_NAMESPACE, SOURCE_WORKLOAD, SOURCE_APP, SOURCE_VERSION);
  private static final String DESTINATION_LABELS = String.join(",", DESTINATION_CLUSTER,
      DESTINATION_NAMESPACE, DESTINATION_WORKLOAD, DESTINATION_APP, DESTINATION_VERSION,
      SERVICE_NAMESPACE, SERVICE_NAME, SERVICE);
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

  private final TopologyQuery query;
  private final String range;

  TopologyQueries(TopologyQuery query) {
    this.query = query;
    this.range = "[" + query.window().getSeconds() + "s]";
  }

  /** Request rates by edge, protocol, response code, gRPC status and security policy. */
  String requests() {
    return "sum by (" + SOURCE_LABELS + "," + DESTINATION_LABELS + "," + PROTOCOL + ","
        + RESPONSE_CODE + "," + GRPC_STATUS + "," + SECURITY + ") ("
        + rate("istio_requests_total") + ")";
  }

  /**
   * p50, p95 and p99 per edge and per called node of the graph's kind, through {@code
   * histogram_quantile}, in one answer: the scope and quantile labels tell the series apart.
   */
  String latency() {
    String buckets = rate("istio_request_duration_milliseconds_bucket");
    String edge = "le," + String.join(",", sourceLabels(query.kind())) + ","
        + String.join(",", destinationLabels(query.kind())) + "," + PROTOCOL;
    String node = "le," + String.join(",", destinationLabels(query.kind()));
    List<String> parts = new ArrayList<>();
    for (String scope : new String[] {"edge", "node"}) {
      String by = scope.equals("edge") ? edge : node;
      for (String q : QUANTILES) {
        parts.add("label_replace(label_replace(histogram_quantile(" + q + ", sum by (" + by + ") ("
            + buckets + ")), \"" + QUANTILE + "\", \"" + q + "\", \"\", \"\"), \"" + SCOPE
            + "\", \"" + scope + "\", \"\", \"\")");
      }
    }
    return String.join(" or ", parts);
  }

  /** TCP bytes per second by edge and security policy, sent and received in one answer. */
  String tcp() {
    String by = "sum by (" + SOURCE_LABELS + "," + DESTINATION_LABELS + "," + SECURITY + ")";
    return "label_replace(" + by + " (" + rate("istio_tcp_sent_bytes_total") + "), \"" + DIRECTION
        + "\", \"sent\", \"\", \"\") or label_replace(" + by + " ("
        + rate("istio_tcp_received_bytes_total") + "), \"" + DIRECTION + "\", \"received\", \"\", \"\")";
  }

  /** The labels that identify the calling node of an edge, per graph kind. */
  static List<String> sourceLabels(GraphKind kind) {
    switch (kind) {
      case APP:
        return List.of(SOURCE_CLUSTER, SOURCE_NAMESPACE, SOURCE_APP);
      case VERSIONED_APP:
        return List.of(SOURCE_CLUSTER, SOURCE_NAMESPACE, SOURCE_APP, SOURCE_VERSION);
      default:
        // service graphs map calling workloads to their services after the query
        return List.of(SOURCE_CLUSTER, SOURCE_NAMESPACE, SOURCE_WORKLOAD);
    }
  }

  /** The labels that identify the called node of an edge, per graph kind. */
  static List<String> destinationLabels(GraphKind kind) {
    switch (kind) {
      case APP:
        return List.of(DESTINATION_CLUSTER, DESTINATION_NAMESPACE, DESTINATION_APP, SERVICE_NAMESPACE, SERVICE_NAME);
      case VERSIONED_APP:
        return List.of(DESTINATION_CLUSTER, DESTINATION_NAMESPACE, DESTINATION_APP, DESTINATION_VERSION,
            SERVICE_NAMESPACE, SERVICE_NAME);
      case SERVICE:
        return List.of(DESTINATION_CLUSTER, SERVICE_NAMESPACE, SERVICE_NAME);
      default:
        return List.of(DESTINATION_CLUSTER, DESTINATION_NAMESPACE, DESTINATION_WORKLOAD, SERVICE_NAMESPACE,
            SERVICE_NAME);
    }
  }

  /** {@code rate(metric{...}[w])}, one selector per filter combination joined with {@code or}. */
  private String rate(String metric) {
    String reporter = "reporter=\"" + query.reporter().name().toLowerCase(Locale.ROOT) + "\"";
    List<String> namespaceMatchers = new ArrayList<>();
    if (!query.namespaces().isEmpty()) {
      String values = regex(query.namespaces());
      namespaceMatchers.add(SOURCE_NAMESPACE + "=~\"" + values + "\"");
      namespaceMatchers.add(SERVICE_NAMESPACE + "=~\"" + values + "\"");
    }
    List<String> clusterMatchers = new ArrayList<>();
    if (!query.clusters().isEmpty()) {
      String values = regex(query.clusters());
      clusterMatchers.add(SOURCE_CLUSTER + "=~\"" + values + "\"");
      clusterMatchers.add(DESTINATION_CLUSTER + "=~\"" + values + "\"");
    }
    List<String> selectors = new ArrayList<>();
    for (String namespace : namespaceMatchers.isEmpty() ? List.of("") : namespaceMatchers) {
      for (String cluster : clusterMatchers.isEmpty() ? List.of("") : clusterMatchers) {
        StringBuilder selector = new StringBuilder(metric).append('{').append(reporter);
        if (!namespace.isEmpty()) {
          selector.append(',').append(namespace);
        }
        if (!cluster.isEmpty()) {
          selector.append(',').append(cluster);
        }
        selectors.add("rate(" + selector.append('}').append(range) + ")");
      }
    }
    return String.join(" or ", selectors);
  }

  private static String regex(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      if (!SAFE.matcher(value).matches()) {
        throw new IllegalArgumentException("not a namespace or cluster name: " + value);
      }
      quoted.add(value.replace(".", "\\\\."));
    }
    return String.join("|", quoted);
  }
}
