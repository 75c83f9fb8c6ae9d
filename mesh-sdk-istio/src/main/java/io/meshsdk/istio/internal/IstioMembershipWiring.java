package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.istio.api.api.networking.v1alpha3.PortBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.networking.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.MembershipContext;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a member cluster into a hosted Istio mesh the way {@code istioctl create-remote-secret}
 * and Istio's multi-network guide do, with least privilege:
 *
 * <ul>
 *   <li>on the member, a service account for the mesh's istiod, a ClusterRole that only reads
 *       what endpoint discovery needs, its binding and a token Secret; the {@code istio-system}
 *       namespace labelled with the member's network;
 *   <li>on the control plane, an Istio remote secret ({@code istio/multiCluster: "true"}) holding
 *       a kubeconfig for that service account;
 *   <li>when the mesh spans several networks, the east-west gateway (port 15443,
 *       AUTO_PASSTHROUGH) on the control plane, and per network an east-west gateway instance
 *       that serves it (see {@link EastWestInstances}).
 * </ul>
 *
 * Everything written carries the mesh's ownership labels, the membership component label (the
 * mesh owns these objects, not a policy) and, for per-member objects, the member's name, so
 * leaving removes exactly that. A namespace is never deleted: leaving takes back only the labels
 * join put on it. Credentials read from the member go into the remote secret only: they are never
 * logged, returned or kept.
 */
final class IstioMembershipWiring implements MembershipWiring {
  private static final Logger LOG = LoggerFactory.getLogger(IstioMembershipWiring.class);

  static final String ISTIO_SYSTEM = "istio-system";
  static final String MEMBER_LABEL = "mesh.meshsdk.io/member";
  static final String TOKEN_GENERATION = "mesh.meshsdk.io/token-generation";
  static final String NETWORK_LABEL = "topology.istio.io/network";
  static final String NETWORK_SET_BY_SDK = "mesh.meshsdk.io/network-label";
  static final String MULTI_CLUSTER_LABEL = "istio/multiCluster";
  static final String CLUSTER_ANNOTATION = "networking.istio.io/cluster";
  static final String EAST_WEST_GATEWAY = "cross-network-gateway";

  static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  static final ResourceType SERVICE_ACCOUNT = ResourceType.namespaced("v1", "ServiceAccount", "serviceaccounts");
  static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");
  static final ResourceType CLUSTER_ROLE =
      ResourceType.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles");
  static final ResourceType CLUSTER_ROLE_BINDING =
      ResourceType.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings");
  static final ResourceType GATEWAY = ResourceType.namespaced("networking.istio.io/v1", "Gateway", "gateways");

  private static final Duration TOKEN_WAIT = Duration.ofSeconds(30);
  private static final Duration NAMESPACE_WAIT = Duration.ofSeconds(60);

  @Override
  public void join(MembershipContext context) {
    ClusterSpec member = context.member();
    ClusterConnection memberConnection = context.connection(member.name());
    requireLive(memberConnection);
    labelNetwork(context, memberConnection);
    String reader = readerName(context);
    apply(context, memberConnection, SERVICE_ACCOUNT, new ServiceAccountBuilder()
        .withMetadata(meta(context, ISTIO_SYSTEM, reader)).build());
    apply(context, memberConnection, CLUSTER_ROLE, new ClusterRoleBuilder()
        .withMetadata(meta(context, null, reader))
        .withRules(
            new PolicyRuleBuilder().withApiGroups("")
                .withResources("pods", "services", "endpoints", "namespaces", "nodes")
                .withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("discovery.k8s.io")
                .withResources("endpointslices").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("authentication.k8s.io")
                .withResources("tokenreviews").withVerbs("create").build(),
            new PolicyRuleBuilder().withApiGroups("authorization.k8s.io")
                .withResources("subjectaccessreviews").withVerbs("create").build())
        .build());
    apply(context, memberConnection, CLUSTER_ROLE_BINDING, new ClusterRoleBindingBuilder()
        .withMetadata(meta(context, null, reader))
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", reader)
        .addNewSubject().withKind("ServiceAccount").withName(reader).withNamespace(ISTIO_SYSTEM).endSubject()
        .build());
    List<MeshResource> tokens = tokenSecrets(context, memberConnection);
    MeshResource token = tokens.isEmpty() ? createToken(context, memberConnection, 1) : tokens.get(tokens.size() - 1);
    writeRemoteSecrets(context, memberConnection, token);
    reconcileEastWestGateway(context);
    EastWestInstances.reconcile(context, null);
    LOG.debug("wired member {} into mesh {}", member.name(), context.mesh().name());
  }

  @Override
  public void leave(MembershipContext context) {
    ClusterSpec member = context.member();
    for (String config : context.mesh().configClusters()) {
      deleteOwned(context, context.connection(config), SECRET, ISTIO_SYSTEM, remoteSecretName(member));
    }
    ClusterConnection memberConnection = context.connection(member.name());
    for (MeshResource token : tokenSecrets(context, memberConnection)) {
      deleteOwned(context, memberConnection, SECRET, ISTIO_SYSTEM, token.name());
    }
    String reader = readerName(context);
    deleteOwned(context, memberConnection, CLUSTER_ROLE_BINDING, null, reader);
    deleteOwned(context, memberConnection, CLUSTER_ROLE, null, reader);
    deleteOwned(context, memberConnection, SERVICE_ACCOUNT, ISTIO_SYSTEM, reader);
    EastWestInstances.reconcile(context, member);
    unlabelNetwork(context, memberConnection);
    reconcileEastWestGateway(context);
    LOG.debug("unwired member {} from mesh {}", member.name(), context.mesh().name());
  }

  @Override
  public void rotateCredentials(MembershipContext context) {
    ClusterConnection memberConnection = context.connection(context.member().name());
    requireLive(memberConnection);
    List<MeshResource> old = tokenSecrets(context, memberConnection);
    int next = old.stream().mapToInt(IstioMembershipWiring::generation).max().orElse(0) + 1;
    MeshResource token = createToken(context, memberConnection, next);
    writeRemoteSecrets(context, memberConnection, token);
    // only after every control plane reads with the new token is the old one revoked
    for (MeshResource previous : old) {
      deleteOwned(context, memberConnection, SECRET, ISTIO_SYSTEM, previous.name());
    }
  }

  /** The remote secret needs a token the member's API server issues; manifests in a directory get none. */
  private static void requireLive(ClusterConnection connection) {
    if (!connection.live()) {
      throw new UnsupportedCapabilityException("cannot wire member " + connection.cluster() + ": the control plane"
          + " needs a token that the member's API server issues, and this connection only stores manifests."
          + " Join members through a connector that reaches the member's API server.");
    }
  }

  private static String readerName(MembershipContext context) {
    return "istio-reader-" + context.mesh().name();
  }

  private static String remoteSecretName(ClusterSpec member) {
    return "istio-remote-secret-" + member.name();
  }

  private static Map<String, String> labels(MembershipContext context) {
    Map<String, String> labels = meshLabels(context.ownershipLabels());
    labels.put(MEMBER_LABEL, context.member().name());
    return labels;
  }

  /** The labels of a mesh-wide wiring object: the mesh owns it, not a policy and not one member. */
  private static Map<String, String> meshLabels(Map<String, String> ownership) {
    Map<String, String> labels = new HashMap<>(ownership);
    labels.put(COMPONENT_LABEL, COMPONENT);
    return labels;
  }

  private static ObjectMeta meta(MembershipContext context, String namespace, String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels(context)).build();
  }

  /** Creates or updates an object the SDK owns; an existing object it does not own is refused. */
  private static MeshResource apply(MembershipContext context, ClusterConnection connection, ResourceType type,
      HasMetadata object) {
    MeshResource wanted = IstioJson.toResource(object);
    Optional<MeshResource> live = connection.get(type, wanted.namespace().orElse(null), wanted.name());
    if (live.isPresent() && !owned(context, live.get())) {
      throw new MeshConflictException("cannot wire cluster " + connection.cluster() + ": " + wanted.ref()
          + " already exists and mesh-sdk does not own it");
    }
    return connection.apply(type, wanted, ApplyOptions.builder().build());
  }

  private static void deleteOwned(MembershipContext context, ClusterConnection connection, ResourceType type,
      String namespace, String name) {
    Optional<MeshResource> live = connection.get(type, namespace, name);
    if (live.isPresent() && owned(context, live.get())) {
      connection.delete(type, namespace, name, live.get().resourceVersion());
    }
  }

  private static boolean owned(MembershipContext context, MeshResource resource) {
    return resource.labels().entrySet().containsAll(context.ownershipLabels().entrySet());
  }

  /** Labels the member's istio-system with its network, creating the namespace when absent. */
  private static void labelNetwork(MembershipContext context, ClusterConnection connection) {
    Optional<String> network = context.member().network();
    Optional<MeshResource> namespace = istioSystemOnceSettled(context, connection);
    if (namespace.isEmpty()) {
      ObjectMeta meta = meta(context, null, ISTIO_SYSTEM);
      network.ifPresent(n -> meta.getLabels().put(NETWORK_LABEL, n));
      apply(context, connection, NAMESPACE, new NamespaceBuilder().withMetadata(meta).build());
    } else if (network.isPresent() && !owned(context, namespace.get())
        && !network.get().equals(namespace.get().labels().get(NETWORK_LABEL))) {
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      ObjectNode metadata = patch.putObject("metadata");
      metadata.putObject("labels").put(NETWORK_LABEL, network.get());
      metadata.putObject("annotations").put(NETWORK_SET_BY_SDK, context.mesh().name());
      connection.mergePatch(NAMESPACE, null, ISTIO_SYSTEM, patch);
    }
  }

  /**
   * The member's istio-system namespace, or empty; when a deletion of it is under way, what is
   * left once that deletion has finished. A namespace being deleted refuses new objects (HTTP
   * 403) until its contents are gone and it disappears, which the namespace controller does
   * shortly after the delete call returned; joining waits for that, for at most {@link
   * #NAMESPACE_WAIT}.
   */
  private static Optional<MeshResource> istioSystemOnceSettled(MembershipContext context, ClusterConnection connection) {
    Instant deadline = context.clock().instant().plus(NAMESPACE_WAIT);
    long pause = 50;
    while (true) {
      Optional<MeshResource> namespace = connection.get(NAMESPACE, null, ISTIO_SYSTEM);
      if (namespace.isEmpty() || !terminating(namespace.get())) {
        return namespace;
      }
      if (context.clock().instant().isAfter(deadline)) {
        throw new MeshException(ErrorCode.TIMEOUT, "namespace " + ISTIO_SYSTEM + " on cluster " + connection.cluster()
            + " was still being deleted after " + NAMESPACE_WAIT.toSeconds() + "s, and accepts no new objects until"
            + " it is gone; join again once it is (kubectl get namespace " + ISTIO_SYSTEM + " shows what holds it)");
      }
      LOG.debug("namespace {} on cluster {} is being deleted; waiting for it to be gone", ISTIO_SYSTEM,
          connection.cluster());
      try {
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting for namespace " + ISTIO_SYSTEM
            + " on cluster " + connection.cluster() + " to be deleted", e);
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  private static boolean terminating(MeshResource namespace) {
    return namespace.content().path("metadata").hasNonNull("deletionTimestamp")
        || "Terminating".equals(namespace.content().path("status").path("phase").asText());
  }

  /**
   * Takes back the labels join put on the member's istio-system. The namespace itself stays, even
   * when join created it: deleting a namespace deletes everything in it, including what others put
   * there since.
   */
  private static void unlabelNetwork(MembershipContext context, ClusterConnection connection) {
    Optional<MeshResource> namespace = connection.get(NAMESPACE, null, ISTIO_SYSTEM);
    if (namespace.isEmpty()) {
      return;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = patch.putObject("metadata");
    if (owned(context, namespace.get())) {
      ObjectNode labels = metadata.putObject("labels");
      for (String label : labels(context).keySet()) {
        labels.putNull(label);
      }
      labels.putNull(NETWORK_LABEL);
      connection.mergePatch(NAMESPACE, null, ISTIO_SYSTEM, patch);
    } else if (context.mesh().name().equals(namespace.get().annotations().get(NETWORK_SET_BY_SDK))) {
      metadata.putObject("labels").putNull(NETWORK_LABEL);
      metadata.putObject("annotations").putNull(NETWORK_SET_BY_SDK);
      connection.mergePatch(NAMESPACE, null, ISTIO_SYSTEM, patch);
    }
  }

  private static List<MeshResource> tokenSecrets(MembershipContext context, ClusterConnection connection) {
    Map<String, String> selector = labels(context);
    return connection.list(SECRET, ISTIO_SYSTEM, selector).stream()
        .filter(s -> s.annotations().containsKey(TOKEN_GENERATION))
        .sorted((a, b) -> Integer.compare(generation(a), generation(b)))
        .collect(Collectors.toList());
  }

  private static int generation(MeshResource secret) {
    try {
      return Integer.parseInt(secret.annotations().getOrDefault(TOKEN_GENERATION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static MeshResource createToken(MembershipContext context, ClusterConnection connection, int generation) {
    String name = readerName(context) + "-token-" + generation;
    ObjectMeta meta = meta(context, ISTIO_SYSTEM, name);
    meta.setAnnotations(Map.of("kubernetes.io/service-account.name", readerName(context),
        TOKEN_GENERATION, Integer.toString(generation)));
    apply(context, connection, SECRET, new SecretBuilder().withMetadata(meta)
        .withType("kubernetes.io/service-account-token").build());
    return awaitToken(context, connection, name);
  }

  /** The API server's token controller fills the Secret in shortly after it is created. */
  private static MeshResource awaitToken(MembershipContext context, ClusterConnection connection, String name) {
    Instant deadline = context.clock().instant().plus(TOKEN_WAIT);
    long pause = 50;
    while (true) {
      Optional<MeshResource> secret = connection.get(SECRET, ISTIO_SYSTEM, name);
      if (secret.isPresent() && secret.get().field("data").map(d -> d.hasNonNull("token")).orElse(false)) {
        return secret.get();
      }
      if (context.clock().instant().isAfter(deadline)) {
        throw new MeshException(ErrorCode.TIMEOUT, "cluster " + connection.cluster() + " did not issue a token for "
            + "service account " + ISTIO_SYSTEM + "/" + readerName(context) + " within " + TOKEN_WAIT.toSeconds() + "s");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting for a service-account token", e);
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  private static void writeRemoteSecrets(MembershipContext context, ClusterConnection memberConnection,
      MeshResource tokenSecret) {
    ClusterSpec member = context.member();
    ClusterEndpoint endpoint = memberConnection.endpoint().orElseThrow(() -> new UnsupportedCapabilityException(
        "the connector of cluster " + member.name() + " cannot tell its API server's address, which the"
            + " control plane needs to reach it"));
    String token = new String(Base64.getDecoder().decode(
        tokenSecret.field("data").orElseThrow().path("token").asText()), StandardCharsets.UTF_8);
    String kubeconfig = kubeconfig(member.name(), endpoint, token);
    for (String config : context.mesh().configClusters()) {
      ObjectMeta meta = meta(context, ISTIO_SYSTEM, remoteSecretName(member));
      meta.getLabels().put(MULTI_CLUSTER_LABEL, "true");
      meta.setAnnotations(Map.of(CLUSTER_ANNOTATION, member.name()));
      apply(context, context.connection(config), SECRET, new SecretBuilder().withMetadata(meta)
          .withType("Opaque")
          .withData(Map.of(member.name(), Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))))
          .build());
    }
  }

  /** A kubeconfig in the form Istio's remote secrets carry: one cluster, one user, one context. */
  static String kubeconfig(String cluster, ClusterEndpoint endpoint, String token) {
    StringBuilder out = new StringBuilder()
        .append("apiVersion: v1\nkind: Config\nclusters:\n- name: ").append(cluster)
        .append("\n  cluster:\n    server: ").append(endpoint.server()).append('\n');
    endpoint.certificateAuthorityData().ifPresent(ca -> out.append("    certificate-authority-data: ").append(ca).append('\n'));
    return out.append("users:\n- name: ").append(cluster)
        .append("\n  user:\n    token: ").append(token)
        .append("\ncontexts:\n- name: ").append(cluster)
        .append("\n  context:\n    cluster: ").append(cluster).append("\n    user: ").append(cluster)
        .append("\ncurrent-context: ").append(cluster).append('\n')
        .toString();
  }

  @Override
  public Optional<MemberConnectivity> connectivity(MembershipContext context) {
    return Optional.of(new IstioConnectivity().report(context));
  }

  /** Reads each remote secret, east-west gateway and the discovery address once for all members. */
  @Override
  public List<MemberConnectivity> connectivity(List<MembershipContext> members) {
    IstioConnectivity shared = new IstioConnectivity();
    return members.stream().map(shared::report).collect(Collectors.toList());
  }

  /** The east-west gateway exists on the control plane exactly while the mesh spans several networks. */
  private static void reconcileEastWestGateway(MembershipContext context) {
    boolean needed = multiNetwork(context.clusters());
    for (String config : context.mesh().configClusters()) {
      ClusterConnection connection = context.connection(config);
      if (needed) {
        applyGateway(context, connection);
      } else {
        deleteOwned(context, connection, GATEWAY, ISTIO_SYSTEM, EAST_WEST_GATEWAY);
      }
    }
  }

  private static boolean multiNetwork(List<ClusterSpec> clusters) {
    Set<String> networks = clusters.stream()
        .map(c -> c.network().orElse(""))
        .collect(Collectors.toCollection(TreeSet::new));
    return networks.size() > 1;
  }

  /**
   * On a config cluster, the east-west gateway while the mesh spans several networks. Remote
   * secrets are not returned: they hold credentials, and are not of a kind drift reads.
   */
  @Override
  public Optional<List<MeshResource>> wanted(MeshSpec mesh, List<ClusterSpec> clusters, String cluster) {
    if (!mesh.configClusters().contains(cluster) || !multiNetwork(clusters)) {
      return Optional.of(List.of());
    }
    return Optional.of(List.of(eastWestGateway(Map.of(COMPONENT_LABEL, COMPONENT))));
  }

  /** The gateway that takes cross-network traffic for the mesh's services (Istio's multi-network guide). */
  private static MeshResource eastWestGateway(Map<String, String> labels) {
    ObjectMeta meta = new ObjectMetaBuilder().withName(EAST_WEST_GATEWAY).withNamespace(ISTIO_SYSTEM)
        .withLabels(labels).build();
    HasMetadata gateway = new GatewayBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withSelector(Map.of("istio", "eastwestgateway"))
        .withServers(new ServerBuilder()
            .withPort(new PortBuilder().withNumber(15443L).withName("tls").withProtocol("TLS").build())
            .withTls(new ServerTLSSettingsBuilder().withMode(ServerTLSSettingsTLSmode.AUTO_PASSTHROUGH).build())
            .withHosts("*.local")
            .build())
        .endSpec()
        .build();
    return IstioJson.toResource(gateway);
  }

  private static void applyGateway(MembershipContext context, ClusterConnection connection) {
    MeshResource wanted = eastWestGateway(meshLabels(context.ownershipLabels()));
    Optional<MeshResource> live = connection.get(GATEWAY, ISTIO_SYSTEM, EAST_WEST_GATEWAY);
    if (live.isPresent() && !owned(context, live.get())) {
      LOG.debug("cluster {} already has an east-west gateway that mesh-sdk does not own; leaving it", connection.cluster());
      return;
    }
    connection.apply(GATEWAY, wanted, ApplyOptions.builder().build());
  }
}
