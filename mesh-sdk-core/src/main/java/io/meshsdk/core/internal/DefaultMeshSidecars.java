package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.inventory.WorkloadKind;
import io.meshsdk.inventory.WorkloadRef;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshSidecars;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.mesh.TrafficPassThrough;
import io.meshsdk.mesh.WorkloadRestart;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
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
  static final ResourceType STATEFUL_SET = ResourceType.namespaced("apps/v1", "StatefulSet", "statefulsets");
  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");
  /** The pod template annotation {@code kubectl rollout restart} sets; a new value rolls the pods. */
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private final Engine engine;
  private final String mesh;

  DefaultMeshSidecars(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public void enableInjection(String cluster, String namespace) {
    configure(namespace, "injection on for namespace " + namespace + " of cluster " + cluster,
        () -> enableChecked(cluster, namespace));
  }

  /** Checks the access policy for a sidecar setting in a namespace, then makes it and audits it. */
  private void configure(String namespace, String target, Runnable write) {
    engine.hooks.check(engine.principal, MeshOperation.CONFIGURE_SIDECARS, Optional.of(mesh), Optional.ofNullable(namespace));
    engine.hooks.audited(engine.principal, MeshOperation.CONFIGURE_SIDECARS, Optional.of(mesh), target, () -> {
      write.run();
      return null;
    });
  }

  private void enableChecked(String cluster, String namespace) {
    MeshSpec spec = dataPlane(cluster);
    ObjectNode labels = JsonNodeFactory.instance.objectNode();
    Optional<String> revision = spec.revision().or(() -> spec.istio().map(i -> MeshControlPlane.STABLE_TAG));
    if (revision.isPresent()) {
      labels.put(REVISION_LABEL, revision.get()).putNull(INJECTION_LABEL);
    } else {
      labels.put(INJECTION_LABEL, "enabled").putNull(REVISION_LABEL);
    }
    patchMetadata(cluster, NAMESPACE, null, namespace, "labels", labels);
    LOG.debug("enabled sidecar injection in namespace {} of cluster {}", namespace, cluster);
  }

  @Override
  public void disableInjection(String cluster, String namespace) {
    configure(namespace, "injection off for namespace " + namespace + " of cluster " + cluster, () -> {
      dataPlane(cluster);
      disableChecked(cluster, namespace);
    });
  }

  private void disableChecked(String cluster, String namespace) {
    ObjectNode labels = JsonNodeFactory.instance.objectNode().put(INJECTION_LABEL, "disabled").putNull(REVISION_LABEL);
    patchMetadata(cluster, NAMESPACE, null, namespace, "labels", labels);
  }

  @Override
  public void setWorkloadInjection(String cluster, String namespace, String deployment, boolean inject) {
    configure(namespace, "injection " + (inject ? "on" : "off") + " for Deployment " + namespace + "/" + deployment
        + " of cluster " + cluster, () -> {
          dataPlane(cluster);
          patchTemplate(cluster, namespace, deployment, "labels",
              JsonNodeFactory.instance.objectNode().put(WORKLOAD_LABEL, Boolean.toString(inject)));
        });
  }

  @Override
  public void setPassThrough(String cluster, String namespace, String deployment, TrafficPassThrough passThrough) {
    configure(namespace, "pass-through for Deployment " + namespace + "/" + deployment + " of cluster " + cluster,
        () -> passThroughChecked(cluster, namespace, deployment, passThrough));
  }

  private void passThroughChecked(String cluster, String namespace, String deployment, TrafficPassThrough passThrough) {
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

  @Override
  public List<WorkloadRef> restart(String cluster, Collection<WorkloadRef> workloads) {
    List<WorkloadRef> named = new ArrayList<>(new TreeSet<>(Objects.requireNonNull(workloads, "workloads")));
    for (String namespace : named.stream().map(WorkloadRef::namespace).collect(Collectors.toCollection(TreeSet::new))) {
      engine.hooks.check(engine.principal, MeshOperation.RESTART, Optional.of(mesh), Optional.of(namespace));
    }
    dataPlane(cluster);
    if (named.isEmpty()) {
      return List.of();
    }
    return engine.hooks.audited(engine.principal, MeshOperation.RESTART, Optional.of(mesh),
        "cluster " + cluster + ": " + named, () -> restartChecked(cluster, named));
  }

  @Override
  public List<WorkloadRef> restartPending(String cluster) {
    engine.hooks.check(engine.principal, MeshOperation.RESTART, Optional.of(mesh), Optional.empty());
    List<WorkloadRef> pending = pendingRestarts(cluster).stream()
        .map(r -> WorkloadRef.deployment(r.namespace(), r.deployment()))
        .collect(Collectors.toList());
    if (pending.isEmpty()) {
      return List.of();
    }
    return engine.hooks.audited(engine.principal, MeshOperation.RESTART, Optional.of(mesh),
        "cluster " + cluster + ": " + pending, () -> restartChecked(cluster, pending));
  }

  /** Sets the restart annotation on each workload's pod template, once all of them are known to exist. */
  private List<WorkloadRef> restartChecked(String cluster, List<WorkloadRef> workloads) {
    ClusterConnection connection = engine.connection(cluster);
    for (WorkloadRef workload : workloads) {
      if (connection.get(type(workload), workload.namespace(), workload.name()).isEmpty()) {
        throw new MeshNotFoundException(workload + " does not exist on cluster " + cluster + "; nothing was restarted");
      }
    }
    String now = engine.settings.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    List<WorkloadRef> restarted = new ArrayList<>();
    for (WorkloadRef workload : workloads) {
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.putObject("spec").putObject("template").putObject("metadata").putObject("annotations")
          .put(RESTARTED_AT, now);
      connection.mergePatch(type(workload), workload.namespace(), workload.name(), patch);
      restarted.add(workload);
      LOG.debug("restarted {} on cluster {}", workload, cluster);
    }
    return List.copyOf(restarted);
  }

  static ResourceType type(WorkloadRef workload) {
    return workload.kind() == WorkloadKind.STATEFUL_SET ? STATEFUL_SET : DEPLOYMENT;
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

  static boolean hasSidecar(MeshResource pod) {
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

  static Map<String, String> strings(JsonNode node) {
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
  MeshSpec dataPlane(String cluster) {
    MeshSpec spec = engine.mesh(mesh).value();
    if (!spec.dataPlaneClusters().contains(cluster)) {
      throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is not a data-plane cluster of mesh "
          + mesh + Optional.of(spec.dataPlaneClusters()).filter(l -> !l.isEmpty())
              .map(l -> "; its workloads run on " + l).orElse("; it has no members yet"));
    }
    return spec;
  }
}
