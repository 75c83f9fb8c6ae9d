package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.mesh.MeshSidecars;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.TrafficPassThrough;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sidecar injection through the labels and annotations Istio's injector reads. */
final class DefaultMeshSidecars implements MeshSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshSidecars.class);

  static final String INJECTION_LABEL = "istio-injection";
  static final String REVISION_LABEL = "istio.io/rev";
  static final String WORKLOAD_LABEL = "sidecar.istio.io/inject";
  static final String PROXY_CONTAINER = "istio-proxy";
  private static final String PASS_THROUGH = "traffic.sidecar.istio.io/";

  static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");
  static final ResourceType POD = ResourceType.namespaced("v1", "Pod", "pods");

  private final Engine engine;
  private final String mesh;

  DefaultMeshSidecars(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public void enableInjection(String cluster, String namespace) {
    MeshSpec spec = dataPlane(cluster);
    ObjectNode labels = JsonNodeFactory.instance.objectNode();
    if (spec.revision().isPresent()) {
      labels.put(REVISION_LABEL, spec.revision().get()).putNull(INJECTION_LABEL);
    } else {
      labels.put(INJECTION_LABEL, "enabled").putNull(REVISION_LABEL);
    }
    patchMetadata(cluster, NAMESPACE, null, namespace, "labels", labels);
    LOG.debug("enabled sidecar injection in namespace {} of cluster {}", namespace, cluster);
  }

  @Override
  public void disableInjection(String cluster, String namespace) {
    dataPlane(cluster);
    ObjectNode labels = JsonNodeFactory.instance.objectNode().put(INJECTION_LABEL, "disabled").putNull(REVISION_LABEL);
    patchMetadata(cluster, NAMESPACE, null, namespace, "labels", labels);
  }

  @Override
  public void setWorkloadInjection(String cluster, String namespace, String deployment, boolean inject) {
    dataPlane(cluster);
    patchTemplate(cluster, namespace, deployment, "labels",
        JsonNodeFactory.instance.objectNode().put(WORKLOAD_LABEL, Boolean.toString(inject)));
  }

  @Override
  public void setPassThrough(String cluster, String namespace, String deployment, TrafficPassThrough passThrough) {
    dataPlane(cluster);
    ObjectNode annotations = JsonNodeFactory.instance.objectNode();
    annotation(annotations, "excludeInboundPorts", passThrough.excludeInboundPorts());
    annotation(annotations, "excludeOutboundPorts", passThrough.excludeOutboundPorts());
    annotation(annotations, "excludeOutboundIPRanges", passThrough.excludeOutboundIpRanges());
    annotation(annotations, "includeOutboundIPRanges", passThrough.includeOutboundIpRanges());
    patchTemplate(cluster, namespace, deployment, "annotations", annotations);
  }

  private static void annotation(ObjectNode annotations, String name, List<?> values) {
    if (values.isEmpty()) {
      annotations.putNull(PASS_THROUGH + name);
    } else {
      annotations.put(PASS_THROUGH + name, values.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
  }

  @Override
  public List<WorkloadRestart> pendingRestarts(String cluster) {
    dataPlane(cluster);
    ClusterConnection connection = engine.connection(cluster);
    Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    for (MeshResource namespace : connection.list(NAMESPACE, null, Map.of())) {
      namespaceLabels.put(namespace.name(), namespace.labels());
    }
    Map<String, List<MeshResource>> podsByNamespace = connection.list(POD, null, Map.of()).stream()
        .collect(Collectors.groupingBy(p -> p.namespace().orElse("")));
    List<WorkloadRestart> restarts = new ArrayList<>();
    for (MeshResource deployment : connection.list(DEPLOYMENT, null, Map.of())) {
      String namespace = deployment.namespace().orElse("");
      JsonNode spec = deployment.field("spec").orElse(JsonNodeFactory.instance.objectNode());
      boolean wanted = injectionWanted(namespaceLabels.getOrDefault(namespace, Map.of()),
          strings(spec.path("template").path("metadata").path("labels")));
      Map<String, String> selector = strings(spec.path("selector").path("matchLabels"));
      if (selector.isEmpty()) {
        continue;
      }
      int differing = 0;
      for (MeshResource pod : podsByNamespace.getOrDefault(namespace, List.of())) {
        if (pod.labels().entrySet().containsAll(selector.entrySet()) && hasSidecar(pod) != wanted) {
          differing++;
        }
      }
      if (differing > 0) {
        restarts.add(WorkloadRestart.of(namespace, deployment.name(),
            wanted ? WorkloadRestart.Reason.NEEDS_SIDECAR : WorkloadRestart.Reason.HAS_UNWANTED_SIDECAR, differing));
      }
    }
    restarts.sort(Comparator.comparing(WorkloadRestart::namespace).thenComparing(WorkloadRestart::deployment));
    return restarts;
  }

  /** The injector's rule: the workload's label decides, else the namespace's labels. */
  static boolean injectionWanted(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
    String workload = podLabels.get(WORKLOAD_LABEL);
    if (workload != null) {
      return "true".equals(workload);
    }
    if ("disabled".equals(namespaceLabels.get(INJECTION_LABEL))) {
      return false;
    }
    return "enabled".equals(namespaceLabels.get(INJECTION_LABEL)) || namespaceLabels.containsKey(REVISION_LABEL);
  }

  private static boolean hasSidecar(MeshResource pod) {
    JsonNode spec = pod.field("spec").orElse(JsonNodeFactory.instance.objectNode());
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        if (PROXY_CONTAINER.equals(container.path("name").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> map = new HashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private void patchMetadata(String cluster, ResourceType type, String namespace, String name, String field, ObjectNode values) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").set(field, values);
    engine.connection(cluster).mergePatch(type, namespace, name, patch);
  }

  private void patchTemplate(String cluster, String namespace, String deployment, String field, ObjectNode values) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("spec").putObject("template").putObject("metadata").set(field, values);
    engine.connection(cluster).mergePatch(DEPLOYMENT, namespace, deployment, patch);
  }

  /** Sidecars run only where the mesh's workloads do; anything else is a placement mistake. */
  private MeshSpec dataPlane(String cluster) {
    MeshSpec spec = engine.mesh(mesh).value();
    if (!spec.dataPlaneClusters().contains(cluster)) {
      throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is not a data-plane cluster of mesh "
          + mesh + Optional.of(spec.dataPlaneClusters()).filter(l -> !l.isEmpty())
              .map(l -> "; its workloads run on " + l).orElse("; it has no members yet"));
    }
    return spec;
  }
}
