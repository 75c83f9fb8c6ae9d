package io.meshsdk.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.gateway.GatewayStatus;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.gateway.MeshGateways;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.GatewayInstances;
import io.meshsdk.spi.MembershipContext;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway instances as objects the mesh owns: rendered by the backend, labelled with the mesh's
 * ownership labels, {@code mesh.meshsdk.io/component: gateway} and the instance's name, and
 * diffed against what the cluster holds under those labels. The instance's specification rides
 * on its Deployment, from which {@link #list()} reads it back.
 */
final class DefaultMeshGateways implements MeshGateways {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshGateways.class);
  static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");
  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");

  private final Engine engine;
  private final String mesh;

  DefaultMeshGateways(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public Plan plan(Collection<GatewaySpec> gateways) {
    List<GatewaySpec> wanted = List.copyOf(Objects.requireNonNull(gateways, "gateways"));
    MeshSpec spec = managed();
    GatewayInstances instances = instances();
    List<GatewaySpec> resolved = resolve(spec, wanted);
    List<ResourceChange> changes = new ArrayList<>();
    for (GatewaySpec gateway : resolved) {
      changes.addAll(changes(spec, instances, gateway));
    }
    LOG.debug("planned {} change(s) for {} gateway instance(s) of mesh {}", changes.size(), resolved.size(), mesh);
    return new DefaultPlan(engine, mesh, changes);
  }

  /** Checks placement, repeats and networks of every gateway at once, then fills in the networks. */
  private List<GatewaySpec> resolve(MeshSpec spec, List<GatewaySpec> gateways) {
    List<Violation> violations = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<GatewaySpec> resolved = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      GatewaySpec gateway = Objects.requireNonNull(gateways.get(i), "gateways[" + i + "]");
      if (!spec.clusters().contains(gateway.cluster())) {
        throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "gateways[" + i + "]: cluster " + gateway.cluster()
            + " is not a cluster of mesh " + mesh + "; its clusters are " + spec.clusters());
      }
      Integer earlier = seen.putIfAbsent(gateway.cluster() + "/" + gateway.namespace() + "/" + gateway.name(), i);
      if (earlier != null) {
        violations.add(Violation.of("gateways[" + i + "]", "repeats gateway " + gateway.namespace() + "/"
            + gateway.name() + " on cluster " + gateway.cluster() + " of gateways[" + earlier + "]"));
      }
      if (gateway.kind() == GatewayKind.EAST_WEST && gateway.network().isEmpty()) {
        Optional<String> network = cluster(gateway.cluster()).network();
        if (network.isEmpty()) {
          violations.add(Violation.of("gateways[" + i + "].network", "must name the network an EAST_WEST gateway"
              + " serves, since cluster " + gateway.cluster() + " was registered without one"));
          resolved.add(gateway);
        } else {
          resolved.add(GatewaySpec.builder().from(gateway).network(network.get()).build());
        }
      } else {
        resolved.add(gateway);
      }
    }
    if (!violations.isEmpty()) {
      throw new ValidationException("the gateways of mesh " + mesh, violations);
    }
    return resolved;
  }

  private List<ResourceChange> changes(MeshSpec spec, GatewayInstances instances, GatewaySpec gateway) {
    String cluster = gateway.cluster();
    ClusterConnection connection = engine.connection(cluster);
    if (connection.get(NAMESPACE, null, gateway.namespace()).isEmpty()) {
      throw new MeshNotFoundException("namespace " + gateway.namespace() + " does not exist on cluster " + cluster
          + "; create it first: the SDK never creates or deletes a namespace for a gateway");
    }
    Map<ResourceRef, MeshResource> live = owned(connection, instances, gateway.namespace(), gateway.name());
    List<ResourceChange> changes = new ArrayList<>();
    Set<ResourceRef> kept = new HashSet<>();
    for (MeshResource rendered : instances.render(spec, cluster(cluster), gateway)) {
      MeshResource desired = stamp(rendered, gateway);
      ResourceRef ref = desired.ref();
      ResourceType type = type(instances, ref);
      kept.add(ref);
      MeshResource current = live.get(ref);
      if (current == null) {
        Optional<MeshResource> foreign = connection.get(type, ref.namespace().orElse(null), ref.name());
        if (foreign.isPresent()) {
          throw new MeshConflictException("cannot plan gateway " + gateway.namespace() + "/" + gateway.name()
              + " on cluster " + cluster + ": " + ref + " already exists and " + foreignOwner(foreign.get())
              + "; rename the gateway or remove that object");
        }
      }
      changes.add(LifecycleDiff.change(cluster, desired, current, false));
    }
    for (MeshResource object : live.values()) {
      if (!kept.contains(object.ref())) {
        changes.add(ResourceChange.builder().cluster(cluster).ref(object.ref()).action(ChangeAction.DELETE)
            .live(object).build());
      }
    }
    return LifecycleDiff.ordered(changes, instances.resourceTypes());
  }

  private String foreignOwner(MeshResource object) {
    if (Ownership.ownedBy(object, mesh)) {
      return "belongs to " + Ownership.describeOwner(object) + " of mesh " + mesh;
    }
    String other = object.labels().get(Ownership.MESH);
    return other != null && Ownership.MANAGER.equals(object.labels().get(Ownership.MANAGED_BY))
        ? "belongs to mesh " + other : "mesh-sdk does not own it";
  }

  /** The objects of one instance that the mesh owns, read with one list call per kind. */
  private Map<ResourceRef, MeshResource> owned(ClusterConnection connection, GatewayInstances instances,
      String namespace, String name) {
    Map<String, String> selector = new HashMap<>(Ownership.selector(mesh));
    selector.put(MembershipWiring.COMPONENT_LABEL, GatewayInstances.COMPONENT);
    selector.put(GatewayInstances.GATEWAY_LABEL, name);
    Map<ResourceRef, MeshResource> live = new LinkedHashMap<>();
    for (ResourceType type : instances.resourceTypes()) {
      for (MeshResource object : connection.list(type, namespace, selector)) {
        if (Ownership.ownedBy(object, mesh) && Ownership.meshOwned(object)) {
          live.put(object.ref(), object);
        }
      }
    }
    return live;
  }

  private MeshResource stamp(MeshResource rendered, GatewaySpec gateway) {
    MeshResource stamped = Ownership.stampMesh(rendered, mesh)
        .withLabel(MembershipWiring.COMPONENT_LABEL, GatewayInstances.COMPONENT)
        .withLabel(GatewayInstances.GATEWAY_LABEL, gateway.name());
    if (stamped.kind().equals(DEPLOYMENT.kind()) && stamped.apiVersion().equals(DEPLOYMENT.apiVersion())) {
      stamped = stamped.withAnnotation(GatewayInstances.SPEC_ANNOTATION, canonical(gateway));
    }
    return stamped;
  }

  static String canonical(GatewaySpec gateway) {
    try {
      return Json.canonical((JsonNode) Json.MAPPER.valueToTree(gateway));
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot serialise gateway " + gateway.name(), e);
    }
  }

  private static ResourceType type(GatewayInstances instances, ResourceRef ref) {
    return instances.resourceTypes().stream()
        .filter(t -> t.kind().equals(ref.kind()) && t.apiVersion().equals(ref.apiVersion()))
        .findFirst()
        .orElseThrow(() -> new MeshException(ErrorCode.INTERNAL, "the gateway renderer produced " + ref
            + " of a kind it does not declare"));
  }

  @Override
  public Plan planDeletion(String cluster, String namespace, String name) {
    MeshSpec spec = managed();
    GatewayInstances instances = instances();
    if (!spec.clusters().contains(cluster)) {
      throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is not a cluster of mesh " + mesh);
    }
    Map<ResourceRef, MeshResource> live = owned(engine.connection(cluster), instances, namespace, name);
    if (live.isEmpty()) {
      throw new MeshNotFoundException("mesh " + mesh + " has no gateway " + namespace + "/" + name + " on cluster "
          + cluster);
    }
    List<ResourceChange> changes = new ArrayList<>();
    for (MeshResource object : live.values()) {
      changes.add(ResourceChange.builder().cluster(cluster).ref(object.ref()).action(ChangeAction.DELETE)
          .live(object).build());
    }
    return new DefaultPlan(engine, mesh, LifecycleDiff.ordered(changes, instances.resourceTypes()));
  }

  @Override
  public List<GatewaySpec> list() {
    List<GatewaySpec> out = new ArrayList<>();
    for (Map.Entry<GatewaySpec, MeshResource> entry : deployments().entrySet()) {
      out.add(entry.getKey());
    }
    return out;
  }

  /** Each instance's specification with its Deployment, ordered by cluster, namespace and name. */
  private Map<GatewaySpec, MeshResource> deployments() {
    MeshSpec spec = engine.mesh(mesh).value();
    Map<String, String> selector = new HashMap<>(Ownership.selector(mesh));
    selector.put(MembershipWiring.COMPONENT_LABEL, GatewayInstances.COMPONENT);
    List<Map.Entry<GatewaySpec, MeshResource>> found = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      for (MeshResource deployment : engine.connection(cluster).list(DEPLOYMENT, null, selector)) {
        String text = deployment.annotations().get(GatewayInstances.SPEC_ANNOTATION);
        if (text == null) {
          continue;
        }
        try {
          found.add(Map.entry(Json.MAPPER.readValue(text, GatewaySpec.class), deployment));
        } catch (JsonProcessingException | RuntimeException e) {
          LOG.debug("Deployment {} on cluster {} carries an unreadable gateway specification; skipped",
              deployment.ref(), cluster);
        }
      }
    }
    found.sort(Comparator.comparing((Map.Entry<GatewaySpec, MeshResource> e) -> e.getKey().cluster())
        .thenComparing(e -> e.getKey().namespace()).thenComparing(e -> e.getKey().name()));
    Map<GatewaySpec, MeshResource> out = new LinkedHashMap<>();
    found.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public List<GatewayStatus> status() {
    List<GatewayStatus> out = new ArrayList<>();
    for (Map.Entry<GatewaySpec, MeshResource> entry : deployments().entrySet()) {
      GatewaySpec gateway = entry.getKey();
      JsonNode status = entry.getValue().content().path("status");
      Optional<MeshResource> service = engine.connection(gateway.cluster())
          .get(SERVICE, gateway.namespace(), gateway.name());
      out.add(GatewayStatus.builder()
          .cluster(gateway.cluster())
          .namespace(gateway.namespace())
          .name(gateway.name())
          .kind(gateway.kind())
          .replicas(status.path("replicas").asInt(entry.getValue().content().path("spec").path("replicas").asInt(0)))
          .readyReplicas(status.path("readyReplicas").asInt(0))
          .addresses(service.map(DefaultMeshGateways::addresses).orElse(List.of()))
          .build());
    }
    return out;
  }

  /**
   * Where clients reach a gateway's Service: the load balancer's IPs and host names, or for a
   * Service of another type its cluster IP.
   */
  static List<String> addresses(MeshResource service) {
    List<String> addresses = new ArrayList<>();
    JsonNode spec = service.content().path("spec");
    if ("LoadBalancer".equals(spec.path("type").asText())) {
      for (JsonNode ingress : service.content().path("status").path("loadBalancer").path("ingress")) {
        for (String field : new String[] {"ip", "hostname"}) {
          if (ingress.hasNonNull(field) && !ingress.get(field).asText().isEmpty()) {
            addresses.add(ingress.get(field).asText());
          }
        }
      }
      return addresses;
    }
    String clusterIp = spec.path("clusterIP").asText("");
    if (!clusterIp.isEmpty() && !"None".equals(clusterIp)) {
      addresses.add(clusterIp);
    }
    return addresses;
  }

  @Override
  public List<MemberConnectivity> connectivity() {
    MeshSpec spec = engine.mesh(mesh).value();
    if (spec.mode() != MeshMode.HOSTED) {
      return List.of();
    }
    MembershipWiring wiring = engine.backend.membership().orElseThrow(() -> new UnsupportedCapabilityException(
        "the " + engine.backend.id() + " backend wires no members, so it cannot tell how they are connected"));
    DefaultMesh handle = new DefaultMesh(engine, mesh);
    List<ClusterSpec> clusters = handle.clusters(spec);
    List<MembershipContext> members = spec.members().stream().map(member -> handle.context(spec, member, clusters))
        .collect(Collectors.toList());
    List<MemberConnectivity> reports = wiring.connectivity(members);
    for (String member : spec.members()) {
      if (reports.stream().noneMatch(r -> r.member().equals(member))) {
        throw new UnsupportedCapabilityException("the " + engine.backend.id() + " backend cannot tell how member "
            + member + " is connected");
      }
    }
    return reports;
  }

  /** The mesh, unless it is EXTERNAL: the gateways of an adopted install are its installer's. */
  private MeshSpec managed() {
    MeshSpec spec = engine.mesh(mesh).value();
    if (spec.mode() == MeshMode.EXTERNAL) {
      throw new UnsupportedCapabilityException("mesh " + mesh + " is EXTERNAL: its gateways belong to the Istio"
          + " install it adopted, and the SDK runs no gateway instances for it");
    }
    return spec;
  }

  private GatewayInstances instances() {
    return engine.backend.gateways().orElseThrow(() -> new UnsupportedCapabilityException(
        "the " + engine.backend.id() + " backend runs no gateway instances"));
  }

  private ClusterSpec cluster(String name) {
    return engine.store.cluster(name).map(Versioned::value).orElseThrow(() -> new MeshNotFoundException(
        "cluster.not-registered", Map.of("cluster", name), "cluster " + name + " is not registered"));
  }
}
