package io.meshsdk.istio.internal.topology;

import io.meshsdk.MeshException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TelemetrySource.Sample;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.NodeType;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one service graph from Istio's standard metrics: three PromQL queries for the whole mesh
 * (requests; latency percentiles; TCP bytes), then, when asked, the mesh's configuration for
 * annotations and idle nodes. The request query is the graph: if it fails, the read fails. The
 * others only add to it: if they fail, the graph is returned {@linkplain TopologyGraph#partial()
 * partial}, saying what is missing.
 */
public final class IstioTopology {
  private static final Logger LOG = LoggerFactory.getLogger(IstioTopology.class);

  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");
  static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");

  private IstioTopology() {}

  /**
   * Reads a graph.
   *
   * @param source the metrics
   * @param query the window and filters, with its end set
   * @param context the mesh
   * @param clusters the mesh's clusters, for configuration
   * @return the graph
   */
  public static TopologyGraph read(TelemetrySource source, TopologyQuery query, TranslationContext context,
      MeshClusterReader clusters) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(clusters, "clusters");
    Instant end = query.end().orElseThrow(
        () -> new IllegalArgumentException("the engine resolves the end of the window before reading"));
    TopologyQueries promql = new TopologyQueries(query);
    GraphAssembler graph = new GraphAssembler(query.kind(), context.clusterDomain());
    List<String> partial = new ArrayList<>();
    long series = 0;

    List<Sample> requests = source.query(promql.requests(), end);
    series += requests.size();
    graph.addRequests(requests);
    int queries = 1;

    List<Sample> tcp = secondary(source, promql.tcp(), end, "TCP throughput", partial);
    queries++;
    if (tcp != null) {
      series += tcp.size();
      graph.addTcp(tcp);
    }
    List<Sample> latency = secondary(source, promql.latency(), end, "latency percentiles", partial);
    queries++;
    if (latency != null) {
      series += latency.size();
      graph.addLatency(latency);
    }

    if (query.includeIdle()) {
      addIdle(graph, query, clusters, partial);
    }
    GraphAssembler.Annotator annotator = query.includeConfig()
        ? ConfigAnnotator.read(clusters, context.clusterDomain(), partial)
        : GraphAssembler.Annotator.NONE;

    TopologyGraph built = TopologyGraph.builder()
        .kind(query.kind())
        .start(end.minus(query.window()))
        .end(end)
        .nodes(graph.nodes(query.thresholds(), annotator))
        .edges(graph.edges(query.thresholds(), annotator))
        .partialReasons(partial)
        .queries(queries)
        .seriesRead(series)
        .build();
    LOG.debug("topology of mesh {}: {} nodes, {} edges from {} series in {} queries{}", context.mesh(),
        built.nodes().size(), built.edges().size(), series, queries, partial.isEmpty() ? "" : "; partial: " + partial);
    return built;
  }

  private static List<Sample> secondary(TelemetrySource source, String expression, Instant end, String what,
      List<String> partial) {
    try {
      return source.query(expression, end);
    } catch (MeshException e) {
      LOG.debug("reading {} failed: {}", what, e.getMessage());
      partial.add(what + " could not be read: " + e.getMessage());
      return null;
    }
  }

  /** Services and workloads of the mesh's clusters that carried no traffic in the window. */
  private static void addIdle(GraphAssembler graph, TopologyQuery query, MeshClusterReader clusters,
      List<String> partial) {
    for (String cluster : clusters.clusters()) {
      if (!query.clusters().isEmpty() && !query.clusters().contains(cluster)) {
        continue;
      }
      ResourceType type = query.kind() == GraphKind.SERVICE ? SERVICE : DEPLOYMENT;
      List<MeshResource> objects;
      try {
        objects = clusters.list(cluster, type, null);
      } catch (MeshException e) {
        partial.add("the " + type.kind() + "s of cluster " + cluster + " could not be read for idle nodes: "
            + e.getMessage());
        continue;
      }
      for (MeshResource object : objects) {
        String namespace = object.namespace().orElse("default");
        if (!query.namespaces().isEmpty() ? !query.namespaces().contains(namespace) : isSystem(namespace)) {
          continue;
        }
        if (type == SERVICE) {
          graph.addIdle(NodeType.SERVICE, cluster, namespace, object.name(), null, null, object.name());
          continue;
        }
        Map<String, String> labels = templateLabels(object);
        String app = labels.get("app");
        String version = labels.get("version");
        switch (query.kind()) {
          case APP:
            graph.addIdle(NodeType.APP, cluster, namespace, app != null ? app : object.name(), app, null, null);
            break;
          case VERSIONED_APP:
            graph.addIdle(NodeType.APP, cluster, namespace, app != null ? app : object.name(), app,
                app != null ? version : null, null);
            break;
          default:
            graph.addIdle(NodeType.WORKLOAD, cluster, namespace, object.name(), app, version, null);
        }
      }
    }
  }

  private static boolean isSystem(String namespace) {
    return namespace.startsWith("kube-");
  }

  private static Map<String, String> templateLabels(MeshResource deployment) {
    Map<String, String> labels = new TreeMap<>();
    deployment.field("spec").map(s -> s.path("template").path("metadata").path("labels"))
        .ifPresent(node -> node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText())));
    return labels;
  }
}
