package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.inventory.MeshInventory;
import io.meshsdk.inventory.NamespaceInjection;
import io.meshsdk.inventory.PodSidecar;
import io.meshsdk.inventory.ServiceInfo;
import io.meshsdk.inventory.WorkloadInfo;
import io.meshsdk.inventory.WorkloadKind;
import io.meshsdk.inventory.WorkloadRef;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what runs on a mesh's data-plane clusters: one list call per kind and cluster (or
 * namespace), judged with the same injection rule as {@link DefaultMeshSidecars#pendingRestarts}.
 */
final class DefaultMeshInventory implements MeshInventory {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshInventory.class);
  /** The annotation the injector writes on each pod it injects, with the revision that did it. */
  static final String SIDECAR_STATUS = "sidecar.istio.io/status";

  private final Engine engine;
  private final String mesh;

  DefaultMeshInventory(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public List<NamespaceInjection> namespaces() {
    return everyCluster(this::namespaces);
  }

  @Override
  public List<NamespaceInjection> namespaces(String cluster) {
    checkMesh();
    sidecars().dataPlane(cluster);
    return engine.connection(cluster).list(DefaultMeshSidecars.NAMESPACE, null, Map.of()).stream()
        .filter(n -> readable(n.name()))
        .map(n -> injection(cluster, n))
        .sorted(Comparator.comparing(NamespaceInjection::namespace))
        .collect(Collectors.toList());
  }

  @Override
  public List<ServiceInfo> services() {
    return everyCluster(this::services);
  }

  @Override
  public List<ServiceInfo> services(String cluster) {
    checkMesh();
    return services(cluster, (String) null, true);
  }

  @Override
  public List<ServiceInfo> services(String cluster, String namespace) {
    checkNamespace(Objects.requireNonNull(namespace, "namespace"));
    return services(cluster, namespace, false);
  }

  private List<ServiceInfo> services(String cluster, String namespace, boolean filter) {
    sidecars().dataPlane(cluster);
    String domain = TranslationContext.of(mesh).clusterDomain();
    List<ServiceInfo> services = new ArrayList<>();
    for (MeshResource service : engine.connection(cluster).list(DefaultMeshSidecars.SERVICE, namespace, Map.of())) {
      String ns = service.namespace().orElse("");
      if (filter && !readable(ns)) {
        continue;
      }
      JsonNode spec = service.field("spec").orElse(JsonNodeFactory.instance.objectNode());
      List<Integer> ports = new ArrayList<>();
      spec.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      services.add(ServiceInfo.builder().cluster(cluster).namespace(ns).name(service.name())
          .host(service.name() + "." + ns + ".svc." + domain)
          .selector(DefaultMeshSidecars.strings(spec.path("selector"))).ports(ports).build());
    }
    services.sort(Comparator.comparing(ServiceInfo::namespace).thenComparing(ServiceInfo::name));
    return services;
  }

  @Override
  public List<WorkloadInfo> workloads() {
    return everyCluster(this::workloads);
  }

  @Override
  public List<WorkloadInfo> workloads(String cluster) {
    checkMesh();
    return workloads(cluster, null, true);
  }

  @Override
  public List<WorkloadInfo> workloads(String cluster, String namespace) {
    checkNamespace(Objects.requireNonNull(namespace, "namespace"));
    return workloads(cluster, namespace, false);
  }

  @Override
  public Optional<WorkloadInfo> workload(String cluster, WorkloadRef workload) {
    checkNamespace(workload.namespace());
    return workloads(cluster, workload.namespace(), false).stream()
        .filter(w -> w.ref().equals(workload)).findFirst();
  }

  private List<WorkloadInfo> workloads(String cluster, String namespace, boolean filter) {
    sidecars().dataPlane(cluster);
    ClusterConnection connection = engine.connection(cluster);
    Map<String, Map<String, String>> namespaceLabels = namespace == null
        ? connection.list(DefaultMeshSidecars.NAMESPACE, null, Map.of()).stream()
            .collect(Collectors.toMap(MeshResource::name, MeshResource::labels, (a, b) -> a))
        : Map.of(namespace, connection.get(DefaultMeshSidecars.NAMESPACE, null, namespace)
            .map(MeshResource::labels).orElse(Map.of()));
    Map<String, List<MeshResource>> pods = connection.list(DefaultMeshSidecars.POD, namespace, Map.of()).stream()
        .collect(Collectors.groupingBy(p -> p.namespace().orElse("")));
    List<WorkloadInfo> workloads = new ArrayList<>();
    for (WorkloadKind kind : WorkloadKind.values()) {
      ResourceType type = kind == WorkloadKind.STATEFUL_SET ? DefaultMeshSidecars.STATEFUL_SET : DefaultMeshSidecars.DEPLOYMENT;
      for (MeshResource object : connection.list(type, namespace, Map.of())) {
        String ns = object.namespace().orElse("");
        if (filter && !readable(ns)) {
          continue;
        }
        workloads.add(workload(cluster, kind, object, namespaceLabels.getOrDefault(ns, Map.of()),
            pods.getOrDefault(ns, List.of())));
      }
    }
    workloads.sort(Comparator.comparing(WorkloadInfo::ref));
    LOG.debug("read {} workload(s) of mesh {} on cluster {}", workloads.size(), mesh, cluster);
    return workloads;
  }

  private static WorkloadInfo workload(String cluster, WorkloadKind kind, MeshResource object,
      Map<String, String> namespaceLabels, List<MeshResource> namespacePods) {
    JsonNode spec = object.field("spec").orElse(JsonNodeFactory.instance.objectNode());
    Map<String, String> labels = DefaultMeshSidecars.strings(spec.path("template").path("metadata").path("labels"));
    Map<String, String> selector = DefaultMeshSidecars.strings(spec.path("selector").path("matchLabels"));
    boolean wanted = DefaultMeshSidecars.injectionWanted(namespaceLabels, labels);
    List<PodSidecar> pods = new ArrayList<>();
    int differing = 0;
    if (!selector.isEmpty()) {
      for (MeshResource pod : namespacePods) {
        if (pod.labels().entrySet().containsAll(selector.entrySet())) {
          PodSidecar sidecar = sidecar(pod);
          pods.add(sidecar);
          if (sidecar.injected() != wanted) {
            differing++;
          }
        }
      }
    }
    pods.sort(Comparator.comparing(PodSidecar::pod));
    return WorkloadInfo.builder()
        .cluster(cluster)
        .ref(WorkloadRef.of(kind, object.namespace().orElse(""), object.name()))
        .labels(labels)
        .replicas(spec.path("replicas").isNumber() ? spec.path("replicas").asInt() : 1)
        .injectionWanted(wanted)
        .pods(pods)
        .pendingRestart(differing == 0 ? Optional.empty() : Optional.of(
            wanted ? WorkloadRestart.Reason.NEEDS_SIDECAR : WorkloadRestart.Reason.HAS_UNWANTED_SIDECAR))
        .build();
  }

  /** A pod's sidecar: the injector's status annotation names the revision, the proxy container its image. */
  static PodSidecar sidecar(MeshResource pod) {
    PodSidecar.Builder sidecar = PodSidecar.builder().pod(pod.name()).injected(DefaultMeshSidecars.hasSidecar(pod));
    Optional<String> revision = Optional.ofNullable(pod.annotations().get(SIDECAR_STATUS)).flatMap(status -> {
      try {
        JsonNode node = Json.MAPPER.readTree(status).path("revision");
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return Optional.empty(); // not the injector's JSON: fall back to the label
      }
    });
    sidecar.revision(revision.or(() -> Optional.ofNullable(pod.labels().get(DefaultMeshSidecars.REVISION_LABEL))));
    JsonNode spec = pod.field("spec").orElse(JsonNodeFactory.instance.objectNode());
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        if (DefaultMeshSidecars.PROXY_CONTAINER.equals(container.path("name").asText())
            && container.path("image").isTextual()) {
          sidecar.proxyImage(container.path("image").asText());
        }
      }
    }
    return sidecar.build();
  }

  private static NamespaceInjection injection(String cluster, MeshResource namespace) {
    Map<String, String> labels = namespace.labels();
    String injection = labels.get(DefaultMeshSidecars.INJECTION_LABEL);
    String revision = labels.get(DefaultMeshSidecars.REVISION_LABEL);
    NamespaceInjection.Builder entry = NamespaceInjection.builder().cluster(cluster).namespace(namespace.name());
    if ("disabled".equals(injection)) {
      entry.state(NamespaceInjection.State.DISABLED);
    } else if ("enabled".equals(injection)) {
      entry.state(NamespaceInjection.State.ENABLED);
    } else if (revision != null) {
      entry.state(NamespaceInjection.State.REVISION).revision(revision);
    } else {
      entry.state(NamespaceInjection.State.UNSET);
    }
    return entry.build();
  }

  private <T> List<T> everyCluster(Function<String, List<T>> read) {
    checkMesh();
    List<T> all = new ArrayList<>();
    for (String cluster : engine.mesh(mesh).value().dataPlaneClusters()) {
      all.addAll(read.apply(cluster));
    }
    return all;
  }

  private DefaultMeshSidecars sidecars() {
    return new DefaultMeshSidecars(engine, mesh);
  }

  /** Reads across namespaces are not refused; their results hold only the namespaces the principal may read. */
  private void checkMesh() {
    engine.mesh(mesh);
  }

  private void checkNamespace(String namespace) {
    engine.hooks.check(engine.principal, MeshOperation.READ, Optional.of(mesh), Optional.of(namespace));
  }

  private boolean readable(String namespace) {
    return engine.hooks.permits(engine.principal, MeshOperation.READ, mesh, Optional.of(namespace));
  }
}
