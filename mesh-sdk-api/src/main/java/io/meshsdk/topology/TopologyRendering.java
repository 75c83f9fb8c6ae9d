package io.meshsdk.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders graphs as DOT, Mermaid and Cytoscape.js elements. */
final class TopologyRendering {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopologyRendering() {}

  // ---- Graphviz DOT ---------------------------------------------------------------------------

  static String dot(TopologyGraph graph) {
    StringBuilder out = new StringBuilder(256 + 160 * (graph.nodes().size() + graph.edges().size()));
    out.append("digraph topology {\n")
        .append("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.4, ranksep=0.9,")
        .append(" label=").append(quote(title(graph))).append(", labelloc=t];\n")
        .append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n")
        .append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    int box = 0;
    for (Map.Entry<String, Map<String, List<TopologyNode>>> cluster : boxes(graph).entrySet()) {
      String clusterName = cluster.getKey();
      boolean boxed = !clusterName.equals(TopologyNode.UNKNOWN);
      String indent = "  ";
      if (boxed) {
        out.append("  subgraph cluster_").append(box++).append(" {\n")
            .append("    label=").append(quote("cluster " + clusterName))
            .append("; style=\"rounded,dashed\"; color=\"#6a6e73\";\n");
        indent = "    ";
      }
      for (Map.Entry<String, List<TopologyNode>> namespace : cluster.getValue().entrySet()) {
        String inner = indent;
        if (boxed) {
          out.append(indent).append("subgraph cluster_").append(box++).append(" {\n")
              .append(indent).append("  label=").append(quote(namespace.getKey()))
              .append("; style=\"rounded\"; color=\"#b8bbbe\";\n");
          inner = indent + "  ";
        }
        for (TopologyNode node : namespace.getValue()) {
          out.append(inner).append(quote(node.id())).append(" [label=").append(quote(nodeLabel(node)))
              .append(", shape=").append(shape(node.type()))
              .append(", color=").append(quote(stroke(node.health())))
              .append(", fillcolor=").append(quote(fill(node.health())));
          if (node.idle()) {
            out.append(", style=\"rounded,filled,dashed\"");
          }
          out.append("];\n");
        }
        if (boxed) {
          out.append(indent).append("}\n");
        }
      }
      if (boxed) {
        out.append("  }\n");
      }
    }
    for (TopologyEdge edge : graph.edges()) {
      out.append("  ").append(quote(edge.source())).append(" -> ").append(quote(edge.target()))
          .append(" [label=").append(quote(edgeLabel(edge, "\\n")))
          .append(", color=").append(quote(stroke(edge.health())))
          .append(", fontcolor=").append(quote(stroke(edge.health())));
      if (edge.protocol() == Protocol.TCP) {
        out.append(", style=dashed");
      }
      if (edge.crossCluster()) {
        out.append(", penwidth=2");
      }
      out.append("];\n");
    }
    return out.append("}\n").toString();
  }

  private static String title(TopologyGraph graph) {
    return graph.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " graph, "
        + graph.start() + " to " + graph.end() + (graph.partial() ? " (partial)" : "");
  }

  private static String shape(NodeType type) {
    switch (type) {
      case SERVICE:
        return "triangle";
      case APP:
        return "box";
      case UNKNOWN:
        return "ellipse";
      default:
        return "box";
    }
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\\\\n", "\\n") + '"';
  }

  // ---- Mermaid --------------------------------------------------------------------------------

  static String mermaid(TopologyGraph graph) {
    StringBuilder out = new StringBuilder(256 + 96 * (graph.nodes().size() + graph.edges().size()));
    out.append("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    int box = 0;
    for (Map.Entry<String, Map<String, List<TopologyNode>>> cluster : boxes(graph).entrySet()) {
      boolean boxed = !cluster.getKey().equals(TopologyNode.UNKNOWN);
      String indent = "  ";
      if (boxed) {
        out.append("  subgraph b").append(box++).append("[\"cluster ")
            .append(mermaidText(cluster.getKey())).append("\"]\n");
        indent = "    ";
      }
      for (Map.Entry<String, List<TopologyNode>> namespace : cluster.getValue().entrySet()) {
        String inner = indent;
        if (boxed) {
          out.append(indent).append("subgraph b").append(box++).append("[\"")
              .append(mermaidText(namespace.getKey())).append("\"]\n");
          inner = indent + "  ";
        }
        for (TopologyNode node : namespace.getValue()) {
          String id = "n" + ids.size();
          ids.put(node.id(), id);
          String text = mermaidText(nodeLabel(node).replace("\\n", "<br/>"));
          out.append(inner).append(id);
          switch (node.type()) {
            case SERVICE:
              out.append("{{\"").append(text).append("\"}}");
              break;
            case UNKNOWN:
              out.append("((\"").append(text).append("\"))");
              break;
            default:
              out.append("(\"").append(text).append("\")");
          }
          out.append(":::").append(node.health().name().toLowerCase(Locale.ROOT)).append('\n');
        }
        if (boxed) {
          out.append(indent).append("end\n");
        }
      }
      if (boxed) {
        out.append("  end\n");
      }
    }
    List<String> linkStyles = new ArrayList<>();
    int link = 0;
    for (TopologyEdge edge : graph.edges()) {
      out.append("  ").append(ids.get(edge.source()))
          .append(edge.protocol() == Protocol.TCP ? " -.->" : " -->")
          .append("|\"").append(mermaidText(edgeLabel(edge, ", "))).append("\"| ")
          .append(ids.get(edge.target())).append('\n');
      linkStyles.add("  linkStyle " + link++ + " stroke:" + stroke(edge.health()));
    }
    for (String style : linkStyles) {
      out.append(style).append('\n');
    }
    for (HealthStatus status : HealthStatus.values()) {
      out.append("  classDef ").append(status.name().toLowerCase(Locale.ROOT))
          .append(" fill:").append(fill(status)).append(",stroke:").append(stroke(status)).append('\n');
    }
    return out.toString();
  }

  private static String mermaidText(String text) {
    return text.replace("\"", "#quot;");
  }

  // ---- Cytoscape.js ---------------------------------------------------------------------------

  static String cytoscape(TopologyGraph graph) {
    ObjectNode root = JSON.createObjectNode();
    root.put("timestamp", graph.end().getEpochSecond());
    root.put("duration", graph.end().getEpochSecond() - graph.start().getEpochSecond());
    root.put("graphType", kiali(graph.kind()));
    root.put("partial", graph.partial());
    ObjectNode elements = root.putObject("elements");
    ArrayNode nodes = elements.putArray("nodes");
    for (Map.Entry<String, Map<String, List<TopologyNode>>> cluster : boxes(graph).entrySet()) {
      boolean boxed = !cluster.getKey().equals(TopologyNode.UNKNOWN);
      String clusterBox = "box:" + cluster.getKey();
      if (boxed) {
        ObjectNode data = nodes.addObject().putObject("data");
        data.put("id", clusterBox).put("nodeType", "box").put("isBox", "cluster")
            .put("cluster", cluster.getKey());
      }
      for (Map.Entry<String, List<TopologyNode>> namespace : cluster.getValue().entrySet()) {
        String namespaceBox = clusterBox + "/" + namespace.getKey();
        if (boxed) {
          ObjectNode data = nodes.addObject().putObject("data");
          data.put("id", namespaceBox).put("parent", clusterBox).put("nodeType", "box")
              .put("isBox", "namespace").put("cluster", cluster.getKey())
              .put("namespace", namespace.getKey());
        }
        for (TopologyNode node : namespace.getValue()) {
          ObjectNode data = nodes.addObject().putObject("data");
          data.put("id", node.id());
          if (boxed) {
            data.put("parent", namespaceBox);
          }
          data.put("nodeType", node.type().name().toLowerCase(Locale.ROOT))
              .put("cluster", node.cluster()).put("namespace", node.namespace());
          switch (node.type()) {
            case WORKLOAD:
              data.put("workload", node.name());
              break;
            case SERVICE:
              data.put("service", node.name());
              break;
            default:
              break;
          }
          node.app().ifPresent(app -> data.put("app", app));
          node.version().ifPresent(version -> data.put("version", version));
          if (!node.services().isEmpty()) {
            ArrayNode services = data.putArray("destServices");
            node.services().forEach(s -> services.addObject()
                .put("cluster", node.cluster()).put("namespace", node.namespace()).put("name", s));
          }
          if (node.idle()) {
            data.put("isIdle", true);
          }
          if (node.type() == NodeType.UNKNOWN) {
            data.put("isRoot", true);
          }
          ArrayNode traffic = data.putArray("traffic");
          if (node.inbound().requestsPerSecond() > 0 || node.outbound().requestsPerSecond() > 0) {
            ObjectNode rates = traffic.addObject().put("protocol", "http").putObject("rates");
            putRate(rates, "httpIn", node.inbound().requestsPerSecond());
            putRate(rates, "httpIn5xx", node.inbound().errorsPerSecond());
            putRate(rates, "httpOut", node.outbound().requestsPerSecond());
          }
          if (node.inbound().tcpSentBytesPerSecond() > 0 || node.outbound().tcpSentBytesPerSecond() > 0) {
            ObjectNode rates = traffic.addObject().put("protocol", "tcp").putObject("rates");
            putRate(rates, "tcpIn", node.inbound().tcpSentBytesPerSecond());
            putRate(rates, "tcpOut", node.outbound().tcpSentBytesPerSecond());
          }
          data.put("health", node.health().name());
          annotations(data, node.annotations());
        }
      }
    }
    ArrayNode edges = elements.putArray("edges");
    for (TopologyEdge edge : graph.edges()) {
      ObjectNode data = edges.addObject().putObject("data");
      data.put("id", edge.id()).put("source", edge.source()).put("target", edge.target());
      TrafficMetrics m = edge.metrics();
      ObjectNode traffic = data.putObject("traffic");
      String protocol = edge.protocol().name().toLowerCase(Locale.ROOT);
      traffic.put("protocol", protocol);
      ObjectNode rates = traffic.putObject("rates");
      if (edge.protocol() == Protocol.TCP) {
        putRate(rates, "tcp", m.tcpSentBytesPerSecond() + m.tcpReceivedBytesPerSecond());
      } else {
        putRate(rates, protocol, m.requestsPerSecond());
        rates.put(protocol + "PercentErr", String.format(Locale.ROOT, "%.1f", 100 * m.errorRatio()));
        ObjectNode responses = traffic.putObject("responses");
        Map<String, Double> codes = edge.protocol() == Protocol.GRPC && !m.grpcStatuses().isEmpty()
            ? m.grpcStatuses() : m.responseCodes();
        codes.forEach((code, rate) -> responses.putObject(code).putObject("flags")
            .put("-", String.format(Locale.ROOT, "%.1f",
                m.requestsPerSecond() > 0 ? 100 * rate / m.requestsPerSecond() : 0)));
        m.latency().ifPresent(l -> data.put("responseTime", format(l.p95Millis()))
            .put("responseTimeP50", format(l.p50Millis()))
            .put("responseTimeP99", format(l.p99Millis())));
      }
      data.put("isMTLS", String.format(Locale.ROOT, "%.0f", 100 * m.mtlsRatio()));
      if (edge.crossCluster()) {
        data.put("isCrossCluster", true);
      }
      data.put("health", edge.health().name());
      annotations(data, edge.annotations());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static String kiali(GraphKind kind) {
    switch (kind) {
      case APP:
        return "app";
      case VERSIONED_APP:
        return "versionedApp";
      case SERVICE:
        return "service";
      default:
        return "workload";
    }
  }

  private static void putRate(ObjectNode rates, String name, double value) {
    if (value > 0) {
      rates.put(name, format(value));
    }
  }

  private static void annotations(ObjectNode data, List<ConfigAnnotation> annotations) {
    if (annotations.isEmpty()) {
      return;
    }
    ArrayNode list = data.putArray("config");
    for (ConfigAnnotation a : annotations) {
      ObjectNode item = list.addObject().put("kind", a.kind().name()).put("cluster", a.cluster())
          .put("namespace", a.namespace()).put("name", a.name());
      a.detail().ifPresent(d -> item.put("detail", d));
    }
    for (ConfigAnnotation a : annotations) {
      switch (a.kind()) {
        case VIRTUAL_SERVICE:
          data.put("hasVS", true);
          break;
        case CIRCUIT_BREAKER:
          data.put("hasCB", true);
          break;
        default:
          break;
      }
    }
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** Nodes by cluster, then namespace, each level in first-seen (id) order. */
  private static Map<String, Map<String, List<TopologyNode>>> boxes(TopologyGraph graph) {
    Map<String, Map<String, List<TopologyNode>>> boxes = new LinkedHashMap<>();
    for (TopologyNode node : graph.nodes()) {
      boxes.computeIfAbsent(node.cluster(), c -> new LinkedHashMap<>())
          .computeIfAbsent(node.namespace(), n -> new ArrayList<>())
          .add(node);
    }
    return boxes;
  }

  private static String nodeLabel(TopologyNode node) {
    StringBuilder label = new StringBuilder(node.label());
    if (node.type() == NodeType.SERVICE) {
      label.append(" (svc)");
    }
    if (node.idle()) {
      label.append("\\nidle");
    }
    for (ConfigAnnotation a : node.annotations()) {
      if (a.kind() == ConfigKind.MTLS || a.kind() == ConfigKind.CIRCUIT_BREAKER
          || a.kind() == ConfigKind.AUTHORIZATION_POLICY) {
        label.append("\\n").append(badge(a));
      }
    }
    return label.toString();
  }

  private static String badge(ConfigAnnotation a) {
    switch (a.kind()) {
      case MTLS:
        return "mTLS " + a.detail().orElse("");
      case CIRCUIT_BREAKER:
        return "circuit breaker";
      default:
        return "authz " + a.name();
    }
  }

  private static String edgeLabel(TopologyEdge edge, String separator) {
    TrafficMetrics m = edge.metrics();
    if (edge.protocol() == Protocol.TCP) {
      return bytes(m.tcpSentBytesPerSecond() + m.tcpReceivedBytesPerSecond()) + " tcp";
    }
    StringBuilder label = new StringBuilder()
        .append(format(m.requestsPerSecond())).append(edge.protocol() == Protocol.GRPC ? " rps gRPC" : " rps");
    if (m.errorsPerSecond() > 0) {
      label.append(separator).append(String.format(Locale.ROOT, "%.1f%% err", 100 * m.errorRatio()));
    }
    m.latency().ifPresent(l -> label.append(separator).append("p99 ")
        .append(format(l.p99Millis())).append(" ms"));
    return label.toString();
  }

  private static String bytes(double perSecond) {
    if (perSecond >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB/s", perSecond / (1 << 20));
    }
    if (perSecond >= 1 << 10) {
      return String.format(Locale.ROOT, "%.1f KiB/s", perSecond / (1 << 10));
    }
    return String.format(Locale.ROOT, "%.0f B/s", perSecond);
  }

  private static String format(double value) {
    return value >= 100 || Math.abs(value - Math.rint(value)) < 0.005
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String stroke(HealthStatus status) {
    switch (status) {
      case HEALTHY:
        return "#3e8635";
      case WARNING:
        return "#f0ab00";
      case CRITICAL:
        return "#c9190b";
      default:
        return "#8a8d90";
    }
  }

  private static String fill(HealthStatus status) {
    switch (status) {
      case HEALTHY:
        return "#e9f4e6";
      case WARNING:
        return "#fdf7e7";
      case CRITICAL:
        return "#faeae8";
      default:
        return "#f5f5f5";
    }
  }
}
