package io.meshsdk.istio.internal.topology;

import static io.meshsdk.istio.internal.topology.TopologyQueries.DESTINATION_APP;
import static io.meshsdk.istio.internal.topology.TopologyQueries.DESTINATION_CLUSTER;
import static io.meshsdk.istio.internal.topology.TopologyQueries.DESTINATION_NAMESPACE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.DESTINATION_VERSION;
import static io.meshsdk.istio.internal.topology.TopologyQueries.DESTINATION_WORKLOAD;
import static io.meshsdk.istio.internal.topology.TopologyQueries.DIRECTION;
import static io.meshsdk.istio.internal.topology.TopologyQueries.GRPC_STATUS;
import static io.meshsdk.istio.internal.topology.TopologyQueries.PROTOCOL;
import static io.meshsdk.istio.internal.topology.TopologyQueries.QUANTILE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.RESPONSE_CODE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SCOPE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SECURITY;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SERVICE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SERVICE_NAME;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SERVICE_NAMESPACE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SOURCE_APP;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SOURCE_CLUSTER;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SOURCE_NAMESPACE;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SOURCE_VERSION;
import static io.meshsdk.istio.internal.topology.TopologyQueries.SOURCE_WORKLOAD;

import io.meshsdk.spi.TelemetrySource.Sample;
import io.meshsdk.topology.ConfigAnnotation;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.HealthThresholds;
import io.meshsdk.topology.Latency;
import io.meshsdk.topology.NodeType;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyEdge;
import io.meshsdk.topology.TopologyNode;
import io.meshsdk.topology.TrafficMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the answers of the topology queries into nodes and edges of one graph kind. Series of
 * the finest grain (workload to workload, by response code) are added up into the kind's nodes
 * and edges; latency comes per edge and per called node from {@code histogram_quantile} grouped
 * by the kind's labels. Not thread-safe: one assembler per read.
 */
final class GraphAssembler {
  static final String UNKNOWN = TopologyNode.UNKNOWN;

  private final GraphKind kind;
  private final String clusterDomain;
  private final Map<String, NodeAcc> nodes = new HashMap<>();
  private final Map<String, EdgeAcc> edges = new HashMap<>();
  /** For service graphs: workload (cluster/namespace/name) to the service it serves. */
  private Map<String, String[]> workloadServices = Map.of();

  GraphAssembler(GraphKind kind, String clusterDomain) {
    this.kind = kind;
    this.clusterDomain = clusterDomain;
  }

  // ---- requests -------------------------------------------------------------------------------

  void addRequests(List<Sample> samples) {
    if (kind == GraphKind.SERVICE) {
      workloadServices = servedServices(samples);
    }
    for (Sample sample : samples) {
      double rate = sample.value();
      if (!(rate > 0) || Double.isInfinite(rate)) {
        continue;
      }
      Map<String, String> labels = sample.labels();
      NodeAcc source = node(sourceRef(labels));
      NodeAcc target = node(destinationRef(labels));
      boolean grpc = "grpc".equals(labels.get(PROTOCOL));
      EdgeAcc edge = edge(source, target, grpc ? Protocol.GRPC : Protocol.HTTP);
      String service = serviceHost(labels);
      if (service != null) {
        edge.services.add(service);
        target.services.add(value(labels, SERVICE_NAME));
        target.hosts.add(service);
      }
      String code = value(labels, RESPONSE_CODE);
      String grpcStatus = labels.getOrDefault(GRPC_STATUS, "");
      boolean error = code.startsWith("5") || code.equals("0")
          || (grpc && !grpcStatus.isEmpty() && !grpcStatus.equals("0"));
      boolean mtls = "mutual_tls".equals(labels.get(SECURITY));
      edge.metrics.addRequests(rate, code, grpc ? grpcStatus : "", error, mtls);
      target.inbound.addRequests(rate, code, grpc ? grpcStatus : "", error, mtls);
      source.outbound.addRequests(rate, code, grpc ? grpcStatus : "", error, mtls);
    }
  }

  /** Which service each called workload serves: the one most of its requests came through. */
  private static Map<String, String[]> servedServices(List<Sample> samples) {
    Map<String, Map<String, Double>> rates = new HashMap<>();
    for (Sample sample : samples) {
      Map<String, String> labels = sample.labels();
      String workload = value(labels, DESTINATION_WORKLOAD);
      String service = value(labels, SERVICE_NAME);
      if (isUnknown(workload) || isUnknown(service) || !(sample.value() > 0)) {
        continue;
      }
      String key = value(labels, DESTINATION_CLUSTER) + "/" + value(labels, DESTINATION_NAMESPACE) + "/" + workload;
      rates.computeIfAbsent(key, k -> new TreeMap<>())
          .merge(value(labels, SERVICE_NAMESPACE) + "/" + service, sample.value(), Double::sum);
    }
    Map<String, String[]> served = new HashMap<>();
    rates.forEach((workload, byService) -> {
      String best = null;
      double most = -1;
      for (Map.Entry<String, Double> e : byService.entrySet()) {
        if (e.getValue() > most) {
          best = e.getKey();
          most = e.getValue();
        }
      }
      served.put(workload, best.split("/", 2));
    });
    return served;
  }

  // ---- TCP ------------------------------------------------------------------------------------

  void addTcp(List<Sample> samples) {
    for (Sample sample : samples) {
      double rate = sample.value();
      if (!(rate > 0) || Double.isInfinite(rate)) {
        continue;
      }
      Map<String, String> labels = sample.labels();
      NodeAcc source = node(sourceRef(labels));
      NodeAcc target = node(destinationRef(labels));
      EdgeAcc edge = edge(source, target, Protocol.TCP);
      String service = serviceHost(labels);
      if (service != null) {
        edge.services.add(service);
        target.services.add(value(labels, SERVICE_NAME));
        target.hosts.add(service);
      }
      boolean sent = "sent".equals(labels.get(DIRECTION));
      boolean mtls = "mutual_tls".equals(labels.get(SECURITY));
      edge.metrics.addBytes(rate, sent, mtls);
      target.inbound.addBytes(rate, sent, mtls);
      source.outbound.addBytes(rate, sent, mtls);
    }
  }

  // ---- latency --------------------------------------------------------------------------------

  void addLatency(List<Sample> samples) {
    for (Sample sample : samples) {
      double millis = sample.value();
      if (Double.isNaN(millis) || Double.isInfinite(millis) || millis < 0) {
        continue;
      }
      Map<String, String> labels = sample.labels();
      int quantile = quantileIndex(labels.get(QUANTILE));
      if (quantile < 0) {
        continue;
      }
      String target = destinationRef(labels).id();
      if ("node".equals(labels.get(SCOPE))) {
        NodeAcc node = nodes.get(target);
        if (node != null) {
          node.inbound.latency(quantile, millis);
        }
      } else {
        String source = sourceRef(labels).id();
        Protocol protocol = "grpc".equals(labels.get(PROTOCOL)) ? Protocol.GRPC : Protocol.HTTP;
        EdgeAcc edge = edges.get(edgeKey(source, target, protocol));
        if (edge != null) {
          edge.metrics.latency(quantile, millis);
        }
      }
    }
  }

  private static int quantileIndex(String quantile) {
    String[] quantiles = TopologyQueries.QUANTILES;
    for (int i = 0; i < quantiles.length; i++) {
      if (quantiles[i].equals(quantile)) {
        return i;
      }
    }
    return -1;
  }

  // ---- idle nodes -----------------------------------------------------------------------------

  /** Adds a node known from configuration, unless traffic already brought it. */
  void addIdle(NodeType type, String cluster, String namespace, String name, String app, String version,
      String service) {
    NodeRef ref = new NodeRef(type, cluster, namespace, name, app, version);
    NodeAcc node = nodes.get(ref.id());
    if (node == null) {
      node = node(ref);
      node.idle = true;
    }
    if (node.idle && service != null) {
      node.services.add(service);
      node.hosts.add(service + "." + namespace + ".svc." + clusterDomain);
    }
  }

  boolean hasNode(String id) {
    return nodes.containsKey(id);
  }

  // ---- node and edge identity -----------------------------------------------------------------

  private NodeRef sourceRef(Map<String, String> labels) {
    String cluster = value(labels, SOURCE_CLUSTER);
    String namespace = value(labels, SOURCE_NAMESPACE);
    String workload = value(labels, SOURCE_WORKLOAD);
    String app = value(labels, SOURCE_APP);
    String version = value(labels, SOURCE_VERSION);
    switch (kind) {
      case APP:
      case VERSIONED_APP:
        if (isUnknown(app) && isUnknown(workload)) {
          return NodeRef.UNKNOWN_NODE;
        }
        return new NodeRef(NodeType.APP, cluster, namespace, isUnknown(app) ? workload : app,
            isUnknown(app) ? null : app, kind == GraphKind.VERSIONED_APP ? version : null);
      case SERVICE:
        if (isUnknown(workload)) {
          return NodeRef.UNKNOWN_NODE;
        }
        String[] service = workloadServices.get(cluster + "/" + namespace + "/" + workload);
        if (service != null) {
          return new NodeRef(NodeType.SERVICE, cluster, service[0], service[1], null, null);
        }
        return new NodeRef(NodeType.WORKLOAD, cluster, namespace, workload, known(app), known(version));
      default:
        if (isUnknown(workload)) {
          return NodeRef.UNKNOWN_NODE;
        }
        return new NodeRef(NodeType.WORKLOAD, cluster, namespace, workload, known(app), known(version));
    }
  }

  private NodeRef destinationRef(Map<String, String> labels) {
    String cluster = value(labels, DESTINATION_CLUSTER);
    String namespace = value(labels, DESTINATION_NAMESPACE);
    switch (kind) {
      case APP:
      case VERSIONED_APP:
        String app = value(labels, DESTINATION_APP);
        if (isUnknown(app)) {
          return serviceRef(labels, cluster);
        }
        return new NodeRef(NodeType.APP, cluster, namespace, app, app,
            kind == GraphKind.VERSIONED_APP ? value(labels, DESTINATION_VERSION) : null);
      case SERVICE:
        return serviceRef(labels, cluster);
      default:
        String workload = value(labels, DESTINATION_WORKLOAD);
        if (isUnknown(workload)) {
          return serviceRef(labels, cluster);
        }
        return new NodeRef(NodeType.WORKLOAD, cluster, namespace, workload,
            known(value(labels, DESTINATION_APP)), known(value(labels, DESTINATION_VERSION)));
    }
  }

  private static NodeRef serviceRef(Map<String, String> labels, String cluster) {
    String name = value(labels, SERVICE_NAME);
    if (isUnknown(name)) {
      name = value(labels, SERVICE);
    }
    if (isUnknown(name)) {
      return NodeRef.UNKNOWN_NODE;
    }
    return new NodeRef(NodeType.SERVICE, cluster, value(labels, SERVICE_NAMESPACE), name, null, null);
  }

  private String serviceHost(Map<String, String> labels) {
    String host = labels.get(SERVICE);
    if (host != null && !isUnknown(host)) {
      return host;
    }
    String name = value(labels, SERVICE_NAME);
    String namespace = value(labels, SERVICE_NAMESPACE);
    return isUnknown(name) || isUnknown(namespace) ? null : name + "." + namespace + ".svc." + clusterDomain;
  }

  private NodeAcc node(NodeRef ref) {
    return nodes.computeIfAbsent(ref.id(), id -> new NodeAcc(ref, id));
  }

  private EdgeAcc edge(NodeAcc source, NodeAcc target, Protocol protocol) {
    return edges.computeIfAbsent(edgeKey(source.id, target.id, protocol),
        key -> new EdgeAcc(source, target, protocol));
  }

  private static String edgeKey(String source, String target, Protocol protocol) {
    return source + "->" + target + ":" + protocol.ordinal();
  }

  static String value(Map<String, String> labels, String name) {
    String value = labels.get(name);
    return value == null || value.isEmpty() ? UNKNOWN : value;
  }

  static boolean isUnknown(String value) {
    return value == null || value.isEmpty() || UNKNOWN.equals(value);
  }

  private static String known(String value) {
    return isUnknown(value) ? null : value;
  }

  // ---- building -------------------------------------------------------------------------------

  List<TopologyNode> nodes(HealthThresholds thresholds, Annotator annotator) {
    List<TopologyNode> built = new ArrayList<>(nodes.size());
    for (NodeAcc node : nodes.values()) {
      TrafficMetrics inbound = node.inbound.build();
      TrafficMetrics outbound = node.outbound.build();
      TopologyNode.Builder builder = TopologyNode.builder()
          .id(node.id)
          .type(node.ref.type)
          .cluster(node.ref.cluster)
          .namespace(node.ref.namespace)
          .name(node.ref.name)
          .app(Optional.ofNullable(node.ref.app))
          .version(Optional.ofNullable(node.ref.version))
          .services(node.services)
          .idle(node.idle)
          .inbound(inbound)
          .outbound(outbound)
          .health(thresholds.evaluate(inbound.hasTraffic() ? inbound : outbound))
          .annotations(annotator.forNode(node.ref.type, node.ref.namespace, node.ref.app, node.ref.version,
              node.ref.name, node.hosts));
      built.add(builder.build());
    }
    built.sort(Comparator.comparing(TopologyNode::id));
    return built;
  }

  List<TopologyEdge> edges(HealthThresholds thresholds, Annotator annotator) {
    List<TopologyEdge> built = new ArrayList<>(edges.size());
    for (EdgeAcc edge : edges.values()) {
      TrafficMetrics metrics = edge.metrics.build();
      NodeRef target = edge.target.ref;
      built.add(TopologyEdge.builder()
          .source(edge.source.id)
          .target(edge.target.id)
          .protocol(edge.protocol)
          .crossCluster(!isUnknown(edge.source.ref.cluster) && !isUnknown(target.cluster)
              && !edge.source.ref.cluster.equals(target.cluster))
          .services(edge.services)
          .metrics(metrics)
          .health(thresholds.evaluate(metrics))
          .annotations(annotator.forEdge(target.type, target.namespace, target.app, target.version,
              target.name, edge.services))
          .build());
    }
    built.sort(Comparator.comparing(TopologyEdge::source).thenComparing(TopologyEdge::target)
        .thenComparing(TopologyEdge::protocol));
    return built;
  }

  /** Computes node and edge annotations; the assembler only asks. */
  interface Annotator {
    Annotator NONE = new Annotator() {
      @Override
      public List<ConfigAnnotation> forNode(NodeType type, String namespace, String app, String version,
          String name, Set<String> hosts) {
        return List.of();
      }

      @Override
      public List<ConfigAnnotation> forEdge(NodeType type, String namespace, String app, String version,
          String name, Set<String> hosts) {
        return List.of();
      }
    };

    List<ConfigAnnotation> forNode(NodeType type, String namespace, String app, String version, String name,
        Set<String> hosts);

    List<ConfigAnnotation> forEdge(NodeType type, String namespace, String app, String version, String name,
        Set<String> hosts);
  }

  // ---- accumulators ---------------------------------------------------------------------------

  /** Identity and labels of a node. */
  static final class NodeRef {
    static final NodeRef UNKNOWN_NODE = new NodeRef(NodeType.UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, null, null);

    final NodeType type;
    final String cluster;
    final String namespace;
    final String name;
    final String app;
    final String version;
    private String id;

    NodeRef(NodeType type, String cluster, String namespace, String name, String app, String version) {
      this.type = type;
      this.cluster = cluster;
      this.namespace = namespace;
      this.name = name;
      this.app = app;
      this.version = version;
    }

    String id() {
      if (id == null) {
        id = TopologyNode.id(type, cluster, namespace, name, version);
      }
      return id;
    }
  }

  private static final class NodeAcc {
    final NodeRef ref;
    final String id;
    final Set<String> services = new TreeSet<>();
    final Set<String> hosts = new TreeSet<>();
    final MetricsAcc inbound = new MetricsAcc();
    final MetricsAcc outbound = new MetricsAcc();
    boolean idle;

    NodeAcc(NodeRef ref, String id) {
      this.ref = ref;
      this.id = id;
    }
  }

  private static final class EdgeAcc {
    final NodeAcc source;
    final NodeAcc target;
    final Protocol protocol;
    final Set<String> services = new TreeSet<>();
    final MetricsAcc metrics = new MetricsAcc();

    EdgeAcc(NodeAcc source, NodeAcc target, Protocol protocol) {
      this.source = source;
      this.target = target;
      this.protocol = protocol;
    }
  }

  /** Sums of rates; percentiles of series that fall into one node or edge keep the largest. */
  static final class MetricsAcc {
    double requests;
    double errors;
    double mtlsRequests;
    double sent;
    double received;
    double mtlsBytes;
    Map<String, Double> codes;
    Map<String, Double> grpc;
    double[] latency;

    void addRequests(double rate, String code, String grpcStatus, boolean error, boolean mtls) {
      requests += rate;
      if (error) {
        errors += rate;
      }
      if (mtls) {
        mtlsRequests += rate;
      }
      if (codes == null) {
        codes = new TreeMap<>();
      }
      codes.merge(code, rate, Double::sum);
      if (!grpcStatus.isEmpty()) {
        if (grpc == null) {
          grpc = new TreeMap<>();
        }
        grpc.merge(grpcStatus, rate, Double::sum);
      }
    }

    void addBytes(double rate, boolean sent, boolean mtls) {
      if (sent) {
        this.sent += rate;
      } else {
        this.received += rate;
      }
      if (mtls) {
        mtlsBytes += rate;
      }
    }

    void latency(int quantile, double millis) {
      if (latency == null) {
        latency = new double[] {Double.NaN, Double.NaN, Double.NaN};
      }
      if (Double.isNaN(latency[quantile]) || millis > latency[quantile]) {
        latency[quantile] = millis;
      }
    }

    TrafficMetrics build() {
      if (requests == 0 && sent == 0 && received == 0) {
        return TrafficMetrics.none();
      }
      TrafficMetrics.Builder builder = TrafficMetrics.builder()
          .requestsPerSecond(requests)
          .errorsPerSecond(Math.min(errors, requests))
          .tcpSentBytesPerSecond(sent)
          .tcpReceivedBytesPerSecond(received);
      if (codes != null) {
        builder.responseCodes(codes);
      }
      if (grpc != null) {
        builder.grpcStatuses(grpc);
      }
      double mtls = requests > 0 ? mtlsRequests / requests : mtlsBytes / (sent + received);
      builder.mtlsRatio(Math.max(0, Math.min(1, mtls)));
      if (requests > 0 && latency != null && !Double.isNaN(latency[0]) && !Double.isNaN(latency[1])
          && !Double.isNaN(latency[2])) {
        builder.latency(Latency.of(latency[0], latency[1], latency[2]));
      }
      return builder.build();
    }
  }
}
