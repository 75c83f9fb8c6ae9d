package io.meshsdk.istio.internal.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.MeshException;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.topology.ConfigAnnotation;
import io.meshsdk.topology.ConfigKind;
import io.meshsdk.topology.NodeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the Istio configuration that applies to nodes and edges: VirtualServices and
 * DestinationRules by host, circuit breakers in DestinationRules, AuthorizationPolicies and the
 * effective PeerAuthentication mode by workload selector, namespace and mesh root. Reads each
 * kind once per config cluster; a cluster or kind that cannot be read is reported, not fatal.
 */
final class ConfigAnnotator implements GraphAssembler.Annotator {
  static final ResourceType PEER_AUTHENTICATION =
      ResourceType.namespaced("security.istio.io/v1", "PeerAuthentication", "peerauthentications");
  static final ResourceType AUTHORIZATION_POLICY =
      ResourceType.namespaced("security.istio.io/v1", "AuthorizationPolicy", "authorizationpolicies");
  /** Istio's default root namespace, whose policies without selector apply to the whole mesh. */
  static final String ROOT_NAMESPACE = "istio-system";

  private static final Comparator<ConfigAnnotation> ORDER = Comparator.comparing(ConfigAnnotation::kind)
      .thenComparing(ConfigAnnotation::namespace).thenComparing(ConfigAnnotation::name)
      .thenComparing(ConfigAnnotation::cluster);

  private final String clusterDomain;
  private final Map<String, List<ConfigAnnotation>> byHost = new HashMap<>();
  private final List<Wildcard> wildcards = new ArrayList<>();
  private final List<Selected> peerAuthentications = new ArrayList<>();
  private final List<Selected> authorizationPolicies = new ArrayList<>();

  private ConfigAnnotator(String clusterDomain) {
    this.clusterDomain = clusterDomain;
  }

  /** Reads the configuration of every config cluster; failures go to {@code problems}. */
  static ConfigAnnotator read(MeshClusterReader clusters, String clusterDomain, List<String> problems) {
    ConfigAnnotator annotator = new ConfigAnnotator(clusterDomain);
    for (String cluster : clusters.configClusters()) {
      for (MeshResource vs : list(clusters, cluster, IstioResourceTypes.VIRTUAL_SERVICE, problems)) {
        for (JsonNode host : vs.field("spec").map(s -> s.path("hosts")).orElse(missing())) {
          annotator.addHost(host.asText(), vs, ConfigAnnotation.of(ConfigKind.VIRTUAL_SERVICE, cluster,
              namespace(vs), vs.name(), gateways(vs)));
        }
      }
      for (MeshResource dr : list(clusters, cluster, IstioResourceTypes.DESTINATION_RULE, problems)) {
        JsonNode spec = dr.field("spec").orElse(missing());
        String host = spec.path("host").asText("");
        if (host.isEmpty()) {
          continue;
        }
        annotator.addHost(host, dr, ConfigAnnotation.of(ConfigKind.DESTINATION_RULE, cluster, namespace(dr),
            dr.name(), subsets(spec)));
        String breaker = circuitBreaker(spec);
        if (breaker != null) {
          annotator.addHost(host, dr, ConfigAnnotation.of(ConfigKind.CIRCUIT_BREAKER, cluster, namespace(dr),
              dr.name(), breaker));
        }
      }
      for (MeshResource pa : list(clusters, cluster, PEER_AUTHENTICATION, problems)) {
        JsonNode spec = pa.field("spec").orElse(missing());
        String mode = spec.path("mtls").path("mode").asText("");
        if (mode.isEmpty() || mode.equals("UNSET")) {
          continue; // inherits; says nothing on its own
        }
        annotator.peerAuthentications.add(new Selected(pa, selector(spec),
            ConfigAnnotation.of(ConfigKind.MTLS, cluster, namespace(pa), pa.name(), mode)));
      }
      for (MeshResource ap : list(clusters, cluster, AUTHORIZATION_POLICY, problems)) {
        JsonNode spec = ap.field("spec").orElse(missing());
        annotator.authorizationPolicies.add(new Selected(ap, selector(spec),
            ConfigAnnotation.of(ConfigKind.AUTHORIZATION_POLICY, cluster, namespace(ap), ap.name(),
                spec.path("action").asText("ALLOW"))));
      }
    }
    return annotator;
  }

  private static List<MeshResource> list(MeshClusterReader clusters, String cluster, ResourceType type,
      List<String> problems) {
    try {
      return clusters.list(cluster, type, null);
    } catch (MeshException e) {
      problems.add("the " + type.kind() + "s of cluster " + cluster + " could not be read: " + e.getMessage());
      return List.of();
    }
  }

  private static JsonNode missing() {
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String namespace(MeshResource resource) {
    return resource.namespace().orElse("default");
  }

  private void addHost(String host, MeshResource owner, ConfigAnnotation annotation) {
    String fqdn = qualify(host, namespace(owner));
    if (fqdn.startsWith("*")) {
      wildcards.add(new Wildcard(fqdn.substring(1), annotation));
    } else {
      byHost.computeIfAbsent(fqdn, h -> new ArrayList<>()).add(annotation);
    }
  }

  /** Istio's short-name rule: a host without dots lives in the object's namespace. */
  private String qualify(String host, String namespace) {
    if (host.equals("*")) {
      return "*";
    }
    String suffix = ".svc." + clusterDomain;
    if (host.endsWith(suffix) || host.contains(".svc.")) {
      return host;
    }
    long dots = host.chars().filter(c -> c == '.').count();
    if (dots == 0) {
      return host + "." + namespace + suffix;
    }
    if (dots == 1) {
      return host + suffix;
    }
    return host;
  }

  private static String gateways(MeshResource vs) {
    JsonNode gateways = vs.field("spec").map(s -> s.path("gateways")).orElse(missing());
    if (!gateways.isArray() || gateways.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    gateways.forEach(g -> names.add(g.asText()));
    return "gateways " + String.join(", ", names);
  }

  private static String subsets(JsonNode spec) {
    JsonNode subsets = spec.path("subsets");
    if (!subsets.isArray() || subsets.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    subsets.forEach(s -> names.add(s.path("name").asText()));
    return "subsets " + String.join(", ", names);
  }

  /** The limits of a DestinationRule's connection pool and outlier detection, or null. */
  private static String circuitBreaker(JsonNode spec) {
    Map<String, String> limits = new TreeMap<>();
    collectLimits(spec.path("trafficPolicy"), limits);
    for (JsonNode subset : spec.path("subsets")) {
      collectLimits(subset.path("trafficPolicy"), limits);
    }
    if (limits.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    limits.forEach((k, v) -> parts.add(k + " " + v));
    return String.join(", ", parts);
  }

  private static void collectLimits(JsonNode policy, Map<String, String> limits) {
    JsonNode pool = policy.path("connectionPool");
    leafs(pool.path("tcp"), limits);
    leafs(pool.path("http"), limits);
    JsonNode outlier = policy.path("outlierDetection");
    leafs(outlier, limits);
    if (outlier.isObject() && outlier.isEmpty()) {
      limits.put("outlierDetection", "defaults");
    }
  }

  private static void leafs(JsonNode node, Map<String, String> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode()) {
        into.putIfAbsent(e.getKey(), e.getValue().asText());
      }
    }
  }

  private static Map<String, String> selector(JsonNode spec) {
    JsonNode labels = spec.path("selector").path("matchLabels");
    if (!labels.isObject() || labels.isEmpty()) {
      return null;
    }
    Map<String, String> selector = new TreeMap<>();
    labels.fields().forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    return selector;
  }

  // ---- matching -------------------------------------------------------------------------------

  @Override
  public List<ConfigAnnotation> forNode(NodeType type, String namespace, String app, String version, String name,
      Set<String> hosts) {
    if (type == NodeType.UNKNOWN) {
      return List.of();
    }
    List<ConfigAnnotation> found = new ArrayList<>();
    Set<String> serviceHosts = type == NodeType.SERVICE && hosts.isEmpty()
        ? Set.of(name + "." + namespace + ".svc." + clusterDomain) : hosts;
    forHosts(serviceHosts, found);
    if (type != NodeType.SERVICE) {
      Map<String, String> labels = labels(app, version);
      ConfigAnnotation mtls = mtls(namespace, labels);
      if (mtls != null) {
        found.add(mtls);
      }
      for (Selected ap : authorizationPolicies) {
        if (ap.appliesTo(namespace, labels)) {
          found.add(ap.annotation);
        }
      }
    }
    found.sort(ORDER);
    return found;
  }

  @Override
  public List<ConfigAnnotation> forEdge(NodeType type, String namespace, String app, String version, String name,
      Set<String> hosts) {
    List<ConfigAnnotation> found = new ArrayList<>();
    forHosts(hosts, found);
    if (type != NodeType.UNKNOWN && type != NodeType.SERVICE) {
      ConfigAnnotation mtls = mtls(namespace, labels(app, version));
      if (mtls != null) {
        found.add(mtls);
      }
    }
    found.sort(ORDER);
    return found;
  }

  private void forHosts(Set<String> hosts, List<ConfigAnnotation> into) {
    for (String host : hosts) {
      List<ConfigAnnotation> exact = byHost.get(host);
      if (exact != null) {
        for (ConfigAnnotation a : exact) {
          if (!into.contains(a)) {
            into.add(a);
          }
        }
      }
      for (Wildcard w : wildcards) {
        if ((w.suffix.isEmpty() || host.endsWith(w.suffix)) && !into.contains(w.annotation)) {
          into.add(w.annotation);
        }
      }
    }
  }

  private static Map<String, String> labels(String app, String version) {
    Map<String, String> labels = new HashMap<>();
    if (app != null) {
      labels.put("app", app);
    }
    if (version != null) {
      labels.put("version", version);
    }
    return labels;
  }

  /** The effective mode: a selecting policy beats the namespace's, which beats the mesh's. */
  private ConfigAnnotation mtls(String namespace, Map<String, String> labels) {
    ConfigAnnotation namespaceWide = null;
    ConfigAnnotation meshWide = null;
    for (Selected pa : peerAuthentications) {
      if (pa.selector != null) {
        if (pa.namespace.equals(namespace) && pa.matches(labels)) {
          return pa.annotation;
        }
      } else if (pa.namespace.equals(namespace)) {
        namespaceWide = pa.annotation;
      } else if (pa.namespace.equals(ROOT_NAMESPACE)) {
        meshWide = pa.annotation;
      }
    }
    return namespaceWide != null ? namespaceWide : meshWide;
  }

  private static final class Wildcard {
    final String suffix;
    final ConfigAnnotation annotation;

    Wildcard(String suffix, ConfigAnnotation annotation) {
      this.suffix = suffix;
      this.annotation = annotation;
    }
  }

  /** A policy that applies by workload selector, namespace or mesh root. */
  private static final class Selected {
    final String namespace;
    final Map<String, String> selector;
    final ConfigAnnotation annotation;

    Selected(MeshResource resource, Map<String, String> selector, ConfigAnnotation annotation) {
      this.namespace = namespace(resource);
      this.selector = selector;
      this.annotation = annotation;
    }

    boolean matches(Map<String, String> labels) {
      return selector != null && labels.entrySet().containsAll(selector.entrySet());
    }

    boolean appliesTo(String nodeNamespace, Map<String, String> labels) {
      if (selector == null) {
        return namespace.equals(nodeNamespace) || namespace.equals(ROOT_NAMESPACE);
      }
      return namespace.equals(nodeNamespace) && matches(labels);
    }
  }
}
