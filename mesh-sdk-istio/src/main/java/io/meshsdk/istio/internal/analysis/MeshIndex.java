package io.meshsdk.istio.internal.analysis;

import io.meshsdk.resource.ClusterResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The objects of one analysis, read once and indexed by namespace and host on first use, and shared
 * by every analyzer of that analysis: each analyzer then costs a pass over the objects it checks and
 * map look-ups, never a scan of all objects per object.
 *
 * <p>Istio configuration is taken from the config clusters only (elsewhere it has no effect);
 * Services count on every cluster, since the control plane merges the registries of all clusters
 * by host; workloads (pods, deployments, namespaces' injection labels) count on data-plane clusters.
 */
final class MeshIndex {
  /** The namespace whose selector-less objects apply to the whole mesh. */
  static final String ROOT_NAMESPACE = "istio-system";
  static final String DOMAIN = "cluster.local";

  private final AnalysisContext context;
  private final Map<String, Object> memo = new HashMap<>();

  private MeshIndex(AnalysisContext context) {
    this.context = context;
  }

  /**
   * The index of a context, built once however many analyzers ask, and kept by the context alone:
   * an analysis done keeps nothing it read.
   */
  static MeshIndex of(AnalysisContext context) {
    return context.shared(MeshIndex.class, MeshIndex::new);
  }

  AnalysisContext context() {
    return context;
  }

  boolean complete(ResourceType type) {
    return context.complete(type);
  }

  @SuppressWarnings("unchecked")
  private synchronized <T> T memo(String key, Supplier<T> compute) {
    Object value = memo.get(key);
    if (value == null) {
      value = compute.get();
      memo.put(key, value);
    }
    return (T) value;
  }

  /** Every object of a kind, with its cluster. */
  List<Obj> all(ResourceType type) {
    return memo("all:" + type, () -> {
      List<Obj> out = new ArrayList<>();
      for (ClusterResource r : context.objects(type)) {
        out.add(new Obj(r.cluster(), r.resource()));
      }
      return Collections.unmodifiableList(out);
    });
  }

  /** The objects of a kind on the clusters whose control plane reads them. */
  List<Obj> config(ResourceType type) {
    return memo("config:" + type, () -> filter(all(type), true));
  }

  /** The objects of a kind on the clusters where the mesh's workloads run. */
  List<Obj> workloads(ResourceType type) {
    return memo("workloads:" + type, () -> filter(all(type), false));
  }

  private List<Obj> filter(List<Obj> objects, boolean config) {
    List<Obj> out = new ArrayList<>();
    for (Obj o : objects) {
      if (config ? context.isConfigCluster(o.cluster) : context.isDataPlaneCluster(o.cluster)) {
        out.add(o);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Objects of a kind on data-plane clusters, by namespace. */
  Map<String, List<Obj>> workloadsByNamespace(ResourceType type) {
    return memo("workloadsByNs:" + type, () -> byNamespace(workloads(type)));
  }

  /** Objects of a kind on config clusters, by namespace. */
  Map<String, List<Obj>> configByNamespace(ResourceType type) {
    return memo("configByNs:" + type, () -> byNamespace(config(type)));
  }

  /** Objects of a kind on config clusters by {@code namespace/name}. */
  Map<String, List<Obj>> configByKey(ResourceType type) {
    return memo("configByKey:" + type, () -> {
      Map<String, List<Obj>> out = new HashMap<>();
      for (Obj o : config(type)) {
        out.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
      }
      return out;
    });
  }

  private static Map<String, List<Obj>> byNamespace(List<Obj> objects) {
    Map<String, List<Obj>> out = new HashMap<>();
    for (Obj o : objects) {
      out.computeIfAbsent(o.namespace(), k -> new ArrayList<>()).add(o);
    }
    return out;
  }

  /** Kubernetes Services of every cluster by fully qualified host. */
  Map<String, List<Obj>> servicesByHost() {
    return memo("servicesByHost", () -> {
      Map<String, List<Obj>> out = new HashMap<>();
      for (Obj s : all(Kinds.SERVICE)) {
        out.computeIfAbsent(s.name() + "." + s.namespace() + ".svc." + DOMAIN, k -> new ArrayList<>()).add(s);
      }
      return out;
    });
  }

  /** ServiceEntries of the config clusters by host as written (possibly a wildcard). */
  Map<String, List<Obj>> serviceEntriesByHost() {
    return memo("serviceEntriesByHost", () -> {
      Map<String, List<Obj>> out = new LinkedHashMap<>();
      for (Obj se : config(Kinds.SERVICE_ENTRY)) {
        for (var host : se.spec().path("hosts")) {
          out.computeIfAbsent(host.asText(), k -> new ArrayList<>()).add(se);
        }
      }
      return out;
    });
  }

  /** Whether the registry knows a fully qualified host: a Service or a ServiceEntry defines it. */
  boolean hostKnown(String fqdn) {
    if (servicesByHost().containsKey(fqdn) || serviceEntriesByHost().containsKey(fqdn)) {
      return true;
    }
    for (String host : serviceEntriesByHost().keySet()) {
      if (Hostnames.matches(host, fqdn)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every kind that can define a host was read, so a host's absence means something. */
  boolean registryComplete() {
    return complete(Kinds.SERVICE) && complete(Kinds.SERVICE_ENTRY);
  }

  /** Namespaces of data-plane clusters, by name, one per cluster holding it. */
  Map<String, List<Obj>> namespaces() {
    return memo("namespaces", () -> {
      Map<String, List<Obj>> out = new HashMap<>();
      for (Obj ns : workloads(Kinds.NAMESPACE)) {
        out.computeIfAbsent(ns.name(), k -> new ArrayList<>()).add(ns);
      }
      return out;
    });
  }

  /** Whether any workload (pod) of the mesh has all the labels of a selector, in a namespace. */
  boolean anyPodSelected(String namespace, Map<String, String> selector) {
    return !podsSelected(namespace, selector).isEmpty();
  }

  /**
   * Pods of the mesh selected by a selector in a namespace (every namespace for the root one).
   * Looked up by one of the selector's labels, so the cost is that of the pods carrying it, not of
   * every pod of the namespace.
   */
  List<Obj> podsSelected(String namespace, Map<String, String> selector) {
    boolean everywhere = ROOT_NAMESPACE.equals(namespace);
    if (selector.isEmpty()) {
      return everywhere ? workloads(Kinds.POD) : workloadsByNamespace(Kinds.POD).getOrDefault(namespace, List.of());
    }
    Map<String, List<Obj>> byLabel = memo("podsByLabel", () -> {
      Map<String, List<Obj>> out = new HashMap<>();
      for (Obj pod : workloads(Kinds.POD)) {
        for (Map.Entry<String, String> label : pod.labels().entrySet()) {
          String entry = label.getKey() + "=" + label.getValue();
          out.computeIfAbsent(pod.namespace() + "\u0000" + entry, k -> new ArrayList<>()).add(pod);
          out.computeIfAbsent("\u0000" + entry, k -> new ArrayList<>()).add(pod);
        }
      }
      return out;
    });
    Map.Entry<String, String> first = new java.util.TreeMap<>(selector).firstEntry();
    List<Obj> out = new ArrayList<>();
    for (Obj pod : byLabel.getOrDefault((everywhere ? "" : namespace) + "\u0000" + first.getKey() + "="
        + first.getValue(), List.of())) {
      if (Selectors.matches(selector, pod.labels())) {
        out.add(pod);
      }
    }
    return out;
  }

  /**
   * The Services of a namespace on one cluster whose selector selects workloads with these labels,
   * looked up by the first label of each selector.
   */
  List<Obj> servicesSelecting(String cluster, String namespace, Map<String, String> labels) {
    Map<String, List<Obj>> byFirstLabel = memo("servicesByFirstSelectorLabel", () -> {
      Map<String, List<Obj>> out = new HashMap<>();
      for (Obj service : all(Kinds.SERVICE)) {
        Map<String, String> selector = new java.util.TreeMap<>(service.selector());
        if (!selector.isEmpty()) {
          Map.Entry<String, String> first = selector.entrySet().iterator().next();
          out.computeIfAbsent(service.cluster + "/" + service.namespace() + "\u0000" + first.getKey() + "="
              + first.getValue(), k -> new ArrayList<>()).add(service);
        }
      }
      return out;
    });
    List<Obj> out = new ArrayList<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      for (Obj service : byFirstLabel.getOrDefault(cluster + "/" + namespace + "\u0000" + label.getKey() + "="
          + label.getValue(), List.of())) {
        if (Selectors.matches(service.selector(), labels) && !out.contains(service)) {
          out.add(service);
        }
      }
    }
    return out;
  }

  /** A Secret on a cluster, or {@code null}. */
  Obj secret(String cluster, String namespace, String name) {
    Map<String, Obj> secrets = memo("secrets", () -> {
      Map<String, Obj> out = new HashMap<>();
      for (Obj s : all(Kinds.SECRET)) {
        out.put(s.cluster + "/" + s.namespace() + "/" + s.name(), s);
      }
      return out;
    });
    return secrets.get(cluster + "/" + namespace + "/" + name);
  }
}
