package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.ControlPlaneCondition;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ControlPlaneLifecycle;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The control plane through the Sail operator ({@code sailoperator.io/v1}), as its guides for
 * revision-based upgrades and multi-cluster meshes describe:
 *
 * <ul>
 *   <li>on the cluster running istiod (the control-plane cluster of a hosted mesh, the one cluster
 *       of a dedicated mesh), an {@code Istio} named after the mesh with the {@code RevisionBased}
 *       update strategy, so a new version comes up as a new {@code IstioRevision} ({@code
 *       <mesh>-v1-30-3}) beside the old one; with members, istiod also serves them ({@code
 *       pilot.env.EXTERNAL_ISTIOD}); istiod reloads {@code cacerts} when it changes ({@code
 *       AUTO_RELOAD_PLUGIN_CERTS}, unless the values set it), so rotated intermediates need no
 *       restart;
 *   <li>on each member of a hosted mesh, an {@code Istio} with the {@code remote} profile, whose
 *       proxies and injector reach the mesh's istiod at the mesh's discovery address ({@code
 *       global.remotePilotAddress}; {@code istiodRemote.injectionPath} names the member and its
 *       network);
 *   <li>on the control-plane cluster of a hosted mesh, istiod exposed through the east-west
 *       gateway, as Istio's primary-remote guides do: a {@code Gateway} passing TLS through on
 *       ports 15012 and 15017, and a {@code VirtualService} sending each revision's connections
 *       (told apart by the server name {@code istiod-<revision>.istio-system.svc} that members'
 *       proxies and webhooks ask for) to that revision's istiod, and any other to the stable one;
 *   <li>on every cluster, the {@code IstioRevisionTag}s {@code stable} and {@code canary}, which
 *       namespaces select through {@code istio.io/rev}.
 * </ul>
 *
 * The operator removes an inactive revision only after a long grace period: it sees the workloads
 * of its own cluster only, and a hosted mesh's workloads run on the members, so the SDK removes an
 * old revision itself once no cluster of the mesh uses it.
 */
final class SailControlPlane implements ControlPlaneLifecycle {
  static final String API_VERSION = "sailoperator.io/v1";
  static final ResourceType ISTIO = ResourceType.clusterScoped(API_VERSION, "Istio", "istios");
  static final ResourceType REVISION = ResourceType.clusterScoped(API_VERSION, "IstioRevision", "istiorevisions");
  static final ResourceType TAG = ResourceType.clusterScoped(API_VERSION, "IstioRevisionTag", "istiorevisiontags");
  static final String EXPOSE_ISTIOD = "istiod-gateway";
  static final String EXPOSE_ISTIOD_ROUTES = "istiod-vs";
  /** istiod's port for configuration and certificates (XDS over TLS). */
  static final int DISCOVERY_PORT = 15012;
  /** istiod's port for the injection and validation webhooks, which its Service offers as 443. */
  static final int WEBHOOK_PORT = 15017;
  static final int WEBHOOK_SERVICE_PORT = 443;
  /** The label that selects east-west gateways, on their pods and Services alike. */
  static final Map<String, String> EAST_WEST_SELECTOR = Map.of("istio", "eastwestgateway");
  static final String NAMESPACE = "istio-system";
  /** Thirty days: long enough that the SDK, which sees every cluster, removes old revisions first. */
  static final long GRACE_PERIOD_SECONDS = 30L * 24 * 60 * 60;
  static final String SIDECAR_STATUS = "sidecar.istio.io/status";
  /** istiod's switch for watching plugged-in CA files ({@code cacerts}) and loading them when they change. */
  static final String AUTO_RELOAD_CA = "AUTO_RELOAD_PLUGIN_CERTS";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> SDK_VALUES = List.of("global.meshID", "global.multiCluster.clusterName",
      "global.network", "global.istioNamespace");

  @Override
  public List<ResourceType> resourceTypes() {
    return List.of(ISTIO, REVISION, TAG, IstioResourceTypes.GATEWAY, IstioResourceTypes.VIRTUAL_SERVICE);
  }

  @Override
  public List<Violation> validate(MeshSpec mesh, List<ClusterSpec> clusters) {
    IstioInstall install = mesh.istio().orElseThrow();
    List<Violation> violations = new ArrayList<>();
    for (String path : SDK_VALUES) {
      JsonNode set = install.values();
      for (String part : path.split("\\.")) {
        set = set.path(part);
      }
      if (!set.isMissingNode()) {
        violations.add(Violation.of("spec.values." + path, "is set by mesh-sdk from the mesh and its clusters;"
            + " leave it out of IstioInstall.values"));
      }
    }
    if (!violations.isEmpty()) {
      return violations;
    }
    String first = mesh.configClusters().get(0);
    // the spec written names the canary's version while there is one, so the schema judges that one
    return SailSchema.validate(istio(mesh, clusters, first, Optional.empty()).path("spec"));
  }

  @Override
  public List<MeshResource> wanted(MeshSpec mesh, List<ClusterSpec> clusters, String cluster,
      Optional<String> discoveryAddress) {
    IstioInstall install = mesh.istio().orElseThrow();
    List<MeshResource> wanted = new ArrayList<>();
    wanted.add(MeshResource.of(istio(mesh, clusters, cluster, discoveryAddress)));
    wanted.add(tag(MeshControlPlane.STABLE_TAG, revisionName(mesh, install.version())));
    wanted.add(tag(MeshControlPlane.CANARY_TAG, revisionName(mesh, install.canaryVersion().orElse(install.version()))));
    if (mesh.mode() == MeshMode.HOSTED && mesh.configClusters().contains(cluster)) {
      wanted.add(exposeIstiod());
      wanted.add(istiodRoutes(mesh));
    }
    return wanted;
  }

  @Override
  public Optional<String> discoveryAddress(MeshSpec mesh, ClusterConnection controlPlane,
      List<ClusterConnection> members) {
    IstioInstall install = mesh.istio().orElseThrow();
    if (install.discoveryAddress().isPresent()) {
      return install.discoveryAddress();
    }
    for (MeshResource service : controlPlane.list(IstioConnectivity.SERVICE, null, EAST_WEST_SELECTOR)) {
      Optional<String> address = IstioConnectivity.externalAddress(service);
      if (address.isPresent()) {
        return address;
      }
    }
    for (ClusterConnection member : members) {
      Optional<String> address = remotePilotAddress(mesh, member);
      if (address.isPresent()) {
        return address;
      }
    }
    return Optional.empty();
  }

  /** The address of istiod the remote install the SDK wrote on a member names; empty when it has none. */
  static Optional<String> remotePilotAddress(MeshSpec mesh, ClusterConnection member) {
    return member.get(ISTIO, null, mesh.name())
        .filter(istio -> COMPONENT.equals(istio.labels().get(MembershipWiring.COMPONENT_LABEL)))
        .map(istio -> istio.content().path("spec").path("values").path("global").path("remotePilotAddress").asText(""))
        .filter(a -> !a.isEmpty());
  }

  /** The {@code Istio} resource of one cluster: the mesh's istiod, or a member's remote profile. */
  private ObjectNode istio(MeshSpec mesh, List<ClusterSpec> clusters, String cluster,
      Optional<String> discoveryAddress) {
    IstioInstall install = mesh.istio().orElseThrow();
    boolean remote = mesh.mode() == MeshMode.HOSTED && !mesh.configClusters().contains(cluster);
    Optional<String> network = clusters.stream().filter(c -> c.name().equals(cluster)).findFirst()
        .flatMap(ClusterSpec::network);
    ObjectNode object = object("Istio", mesh.name());
    ObjectNode spec = object.putObject("spec");
    spec.put("version", "v" + install.canaryVersion().orElse(install.version()));
    spec.put("namespace", NAMESPACE);
    if (remote) {
      spec.put("profile", "remote");
    } else {
      install.profile().ifPresent(p -> spec.put("profile", p));
    }
    spec.putObject("updateStrategy").put("type", "RevisionBased")
        .put("inactiveRevisionDeletionGracePeriodSeconds", GRACE_PERIOD_SECONDS);
    ObjectNode values = remote ? JsonNodeFactory.instance.objectNode() : install.values().deepCopy();
    ObjectNode global = values.withObjectProperty("global");
    global.put("meshID", mesh.name());
    global.withObjectProperty("multiCluster").put("clusterName", cluster);
    network.ifPresent(n -> global.put("network", n));
    if (remote) {
      values.withObjectProperty("istiodRemote").put("injectionPath",
          "/inject/cluster/" + cluster + "/net/" + network.orElse(""));
      discoveryAddress.ifPresent(a -> global.put("remotePilotAddress", a));
    } else {
      ObjectNode env = values.withObjectProperty("pilot").withObjectProperty("env");
      if (mesh.mode() == MeshMode.HOSTED) {
        env.put("EXTERNAL_ISTIOD", "true");
      }
      // istiod then takes up an intermediate the mesh's trust rotates in cacerts without a restart
      if (!env.has(AUTO_RELOAD_CA)) {
        env.put(AUTO_RELOAD_CA, "true");
      }
    }
    spec.set("values", values);
    return object;
  }

  /** Opens istiod's ports on the east-west gateway, passing TLS through to istiod untouched. */
  private static MeshResource exposeIstiod() {
    ObjectNode object = object(IstioResourceTypes.GATEWAY.apiVersion(), "Gateway", EXPOSE_ISTIOD);
    object.withObjectProperty("metadata").put("namespace", NAMESPACE);
    ObjectNode spec = object.putObject("spec");
    EAST_WEST_SELECTOR.forEach(spec.putObject("selector")::put);
    ArrayNode servers = spec.putArray("servers");
    passThrough(servers, "tls-istiod", DISCOVERY_PORT);
    passThrough(servers, "tls-istiodwebhook", WEBHOOK_PORT);
    return MeshResource.of(object);
  }

  private static void passThrough(ArrayNode servers, String name, int port) {
    ObjectNode server = servers.addObject();
    server.putObject("port").put("name", name).put("number", port).put("protocol", "TLS");
    server.putObject("tls").put("mode", "PASSTHROUGH");
    server.putArray("hosts").add("*");
  }

  /**
   * Routes connections coming through the east-west gateway to istiod: each revision's by the
   * server name its clients ask for, anything else to the stable revision.
   */
  private MeshResource istiodRoutes(MeshSpec mesh) {
    IstioInstall install = mesh.istio().orElseThrow();
    ObjectNode object = object(IstioResourceTypes.VIRTUAL_SERVICE.apiVersion(), "VirtualService", EXPOSE_ISTIOD_ROUTES);
    object.withObjectProperty("metadata").put("namespace", NAMESPACE);
    ObjectNode spec = object.putObject("spec");
    spec.putArray("hosts").add("*");
    spec.putArray("gateways").add(EXPOSE_ISTIOD);
    ArrayNode routes = spec.putArray("tls");
    Set<String> revisions = new TreeSet<>();
    revisions.add(revisionName(mesh, install.version()));
    install.canaryVersion().ifPresent(v -> revisions.add(revisionName(mesh, v)));
    install.previousVersion().ifPresent(v -> revisions.add(revisionName(mesh, v)));
    for (String revision : revisions) {
      String service = "istiod-" + revision + "." + NAMESPACE + ".svc";
      istiodRoute(routes, service, DISCOVERY_PORT, service, DISCOVERY_PORT);
      istiodRoute(routes, service, WEBHOOK_PORT, service, WEBHOOK_SERVICE_PORT);
    }
    String stable = "istiod-" + revisionName(mesh, install.version()) + "." + NAMESPACE + ".svc";
    istiodRoute(routes, "*", DISCOVERY_PORT, stable, DISCOVERY_PORT);
    istiodRoute(routes, "*", WEBHOOK_PORT, stable, WEBHOOK_SERVICE_PORT);
    return MeshResource.of(object);
  }

  private static void istiodRoute(ArrayNode routes, String serverName, int port, String service, int servicePort) {
    ObjectNode route = routes.addObject();
    route.putArray("match").addObject().put("port", port).putArray("sniHosts").add(serverName);
    route.putArray("route").addObject().putObject("destination").put("host", service + ".cluster.local")
        .putObject("port").put("number", servicePort);
  }

  private static MeshResource tag(String tag, String revision) {
    ObjectNode object = object("IstioRevisionTag", tag);
    object.putObject("spec").putObject("targetRef").put("kind", "IstioRevision").put("name", revision);
    return MeshResource.of(object);
  }

  private static ObjectNode object(String kind, String name) {
    return object(API_VERSION, kind, name);
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode object = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    ObjectNode metadata = object.putObject("metadata").put("name", name);
    metadata.putObject("labels").put(MembershipWiring.COMPONENT_LABEL, COMPONENT);
    return object;
  }

  @Override
  public String revisionName(MeshSpec mesh, String version) {
    return mesh.name() + "-v" + version.replace('.', '-');
  }

  @Override
  public ResourceType revisionType() {
    return REVISION;
  }

  @Override
  public boolean ownsRevision(MeshSpec mesh, MeshResource revision) {
    for (JsonNode owner : revision.content().path("metadata").path("ownerReferences")) {
      if ("Istio".equals(owner.path("kind").asText()) && mesh.name().equals(owner.path("name").asText())
          && owner.path("apiVersion").asText().startsWith("sailoperator.io/")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ControlPlaneStatus status(MeshSpec mesh, String cluster, List<MeshResource> live) {
    IstioInstall install = mesh.istio().orElseThrow();
    Optional<MeshResource> istio = live.stream()
        .filter(o -> o.kind().equals("Istio") && o.name().equals(mesh.name())).findFirst();
    List<MeshResource> tags = live.stream().filter(o -> o.kind().equals("IstioRevisionTag"))
        .collect(Collectors.toList());
    List<ControlPlaneRevision> revisions = live.stream()
        .filter(o -> o.kind().equals("IstioRevision") && (ownsRevision(mesh, o) || o.name().startsWith(mesh.name() + "-v")))
        .sorted(Comparator.comparing(MeshResource::name))
        .map(r -> revision(r, tags))
        .collect(Collectors.toList());
    List<ControlPlaneCondition> conditions = istio.map(i -> conditions(i.content())).orElse(List.of());
    Set<String> wanted = new TreeSet<>(List.of(revisionName(mesh, install.version())));
    install.canaryVersion().ifPresent(c -> wanted.add(revisionName(mesh, c)));
    boolean revisionsReady = wanted.stream().allMatch(name -> revisions.stream()
        .anyMatch(r -> r.name().equals(name) && r.ready()));
    boolean ready = istio.isPresent() && holds(conditions, "Ready") && revisionsReady;
    return ControlPlaneStatus.builder()
        .mesh(mesh.name())
        .cluster(cluster)
        .installed(istio.isPresent())
        .ready(ready)
        .version(install.version())
        .canaryVersion(install.canaryVersion())
        .activeRevision(istio.map(i -> i.content().path("status").path("activeRevisionName").asText(""))
            .filter(s -> !s.isEmpty()))
        .revisions(revisions)
        .conditions(conditions)
        .build();
  }

  private static ControlPlaneRevision revision(MeshResource revision, List<MeshResource> tags) {
    List<ControlPlaneCondition> conditions = conditions(revision.content());
    String version = revision.content().path("spec").path("version").asText("");
    return ControlPlaneRevision.builder()
        .name(revision.name())
        .version(Optional.of(version.startsWith("v") ? version.substring(1) : version).filter(v -> !v.isEmpty()))
        .ready(holds(conditions, "Ready"))
        .inUse(holds(conditions, "InUse"))
        .tags(tags.stream()
            .filter(t -> revision.name().equals(t.content().path("spec").path("targetRef").path("name").asText())
                || revision.name().equals(t.content().path("status").path("istioRevision").asText()))
            .map(MeshResource::name).sorted().distinct().collect(Collectors.toList()))
        .conditions(conditions)
        .build();
  }

  private static List<ControlPlaneCondition> conditions(JsonNode object) {
    List<ControlPlaneCondition> conditions = new ArrayList<>();
    for (JsonNode condition : object.path("status").path("conditions")) {
      conditions.add(ControlPlaneCondition.of(condition.path("type").asText(), condition.path("status").asText(),
          text(condition, "reason"), text(condition, "message")));
    }
    return conditions;
  }

  private static String text(JsonNode node, String field) {
    String value = node.path(field).asText("");
    return value.isEmpty() ? null : value;
  }

  private static boolean holds(List<ControlPlaneCondition> conditions, String type) {
    return conditions.stream().anyMatch(c -> c.type().equals(type) && c.holds());
  }

  @Override
  public Optional<String> proxyRevision(MeshResource pod) {
    String status = pod.annotations().get(SIDECAR_STATUS);
    if (status != null) {
      try {
        String revision = JSON.readTree(status).path("revision").asText("");
        if (!revision.isEmpty()) {
          return Optional.of(revision);
        }
      } catch (IOException e) {
        // not JSON: fall back to the label the injector also sets
      }
    }
    boolean proxy = false;
    for (JsonNode container : pod.content().path("spec").path("containers")) {
      proxy |= "istio-proxy".equals(container.path("name").asText());
    }
    for (JsonNode container : pod.content().path("spec").path("initContainers")) {
      proxy |= "istio-proxy".equals(container.path("name").asText());
    }
    return proxy ? Optional.ofNullable(pod.labels().get("istio.io/rev")) : Optional.empty();
  }
}
