package io.meshsdk.testing.kubernetes;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.istio.kubernetes.WriteStrategy;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Clusters made of fabric8 mock API servers in CRUD mode: one server per cluster, started on first
 * use, storing what it is sent and answering reads, label-selected lists and deletes over real
 * HTTP as an API server would. Istio's kinds are served. What a test needs from each cluster is
 * here: the {@link ClusterSpec} to register (a kubeconfig that reaches the server), a client to
 * look at the server's objects, and the requests it received.
 *
 * <pre>{@code
 * try (MockApiServers servers = new MockApiServers();
 *      MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
 *   meshes.clusters().register(servers.clusterSpec("mcpc-1"));
 *   Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
 *   prod.policies().apply(canary);
 *   servers.client("mcpc-1").genericKubernetesResources("networking.istio.io/v1", "VirtualService")
 *       .inNamespace("bookinfo").withName("reviews").get();
 * }
 * }</pre>
 *
 * <p>A mock server has no controllers: nothing issues service-account tokens, so before a member
 * joins a hosted mesh call {@link #issueReaderToken(String, String)}, as a real API server's
 * token controller would have done. Nor does it serve server-side apply; the connector it returns
 * writes by read, compare and replace. Where it departs from a real API server: it ignores the
 * resource version a DELETE names, and a JSON merge patch that sets a field to {@code null} stores
 * the null instead of removing the field; the connector's own client-side checks still apply. Not thread-safe for starting servers; the servers
 * themselves take concurrent requests.
 *
 * @since 0.1.0
 */
public final class MockApiServers implements AutoCloseable {
  private static final String TOKEN = "mock-api-server-token";

  private final Map<String, KubernetesMockServer> servers = new LinkedHashMap<>();
  private final Map<String, KubernetesClient> clients = new HashMap<>();
  private final Path kubeconfigs;
  private boolean closed;

  /** Prepares clusters; no server runs until a cluster is first asked for. */
  public MockApiServers() {
    try {
      this.kubeconfigs = Files.createTempDirectory("mesh-sdk-mock-api-servers");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the mock servers' kubeconfigs", e);
    }
  }

  /**
   * The server standing for a cluster, started on first use.
   *
   * @param cluster the cluster's name
   * @return the running server
   */
  public synchronized KubernetesMockServer server(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    if (closed) {
      throw new IllegalStateException("the mock API servers are shut down");
    }
    return servers.computeIfAbsent(cluster, c -> start());
  }

  /**
   * The clusters whose servers were started, in the order they were.
   *
   * @return the clusters' names
   */
  public synchronized Set<String> clusters() {
    return Set.copyOf(servers.keySet());
  }

  /**
   * How to register a cluster: its name and a kubeconfig that reaches its server.
   *
   * @param cluster the cluster's name
   * @return the specification
   */
  public ClusterSpec clusterSpec(String cluster) {
    return clusterSpec(ClusterSpec.builder().name(cluster).build());
  }

  /**
   * A cluster's specification with credentials that reach its server; the rest, such as network
   * and region, is kept.
   *
   * @param cluster the cluster as declared
   * @return the specification to register
   */
  public ClusterSpec clusterSpec(ClusterSpec cluster) {
    KubernetesMockServer server = server(cluster.name());
    Path file = kubeconfigs.resolve(cluster.name() + ".kubeconfig");
    try {
      Files.writeString(file, kubeconfig(cluster.name(), server));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig of cluster " + cluster.name(), e);
    }
    return ClusterSpec.builder().from(cluster).kubeconfig(file, cluster.name()).build();
  }

  /**
   * A Kubernetes connector to the servers. It writes by read, compare and replace, since the mock
   * servers do not serve server-side apply.
   *
   * @return a new connector
   */
  public KubernetesClusterConnector connector() {
    return KubernetesClusterConnector.builder()
        .defaults(o -> o.writeStrategy(WriteStrategy.UPDATE))
        .build();
  }

  /**
   * A client of a cluster's server, to look at or change its objects behind the SDK's back. Shared
   * by the callers and closed with the servers.
   *
   * @param cluster the cluster's name
   * @return the client
   */
  public synchronized KubernetesClient client(String cluster) {
    KubernetesMockServer server = server(cluster);
    return clients.computeIfAbsent(cluster, c -> server.createClient());
  }

  /**
   * Takes the requests a cluster's server received since the last call, oldest first. Requests
   * made by {@link #client(String)} count too.
   *
   * @param cluster the cluster's name
   * @return the requests
   */
  public List<RecordedRequest> takeRequests(String cluster) {
    KubernetesMockServer server = server(cluster);
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the requests of cluster " + cluster, e);
    }
    return requests;
  }

  /**
   * Takes the requests that could change state (every method but GET) a cluster's server received
   * since requests were last taken.
   *
   * @param cluster the cluster's name
   * @return the writes, oldest first
   */
  public List<RecordedRequest> takeWrites(String cluster) {
    List<RecordedRequest> writes = new ArrayList<>();
    for (RecordedRequest request : takeRequests(cluster)) {
      if (!"GET".equals(request.getMethod())) {
        writes.add(request);
      }
    }
    return writes;
  }

  /**
   * Does for a member what a real API server's token controller does when the member joins a
   * hosted mesh: puts the filled token Secret of the mesh's reader account in place, where the
   * join waits for it.
   *
   * @param mesh the mesh's name
   * @param member the joining cluster's name
   */
  public void issueReaderToken(String mesh, String member) {
    String account = "istio-reader-" + mesh;
    client(member).secrets().inNamespace("istio-system").resource(new SecretBuilder()
        .withNewMetadata()
        .withName(account + "-token-1")
        .withNamespace("istio-system")
        .withLabels(Map.of("app.kubernetes.io/managed-by", "mesh-sdk", "mesh.meshsdk.io/mesh", mesh,
            "mesh.meshsdk.io/member", member))
        .withAnnotations(Map.of("kubernetes.io/service-account.name", account,
            "mesh.meshsdk.io/token-generation", "1"))
        .endMetadata()
        .withType("kubernetes.io/service-account-token")
        .withData(Map.of("token", Base64.getEncoder().encodeToString(
            ("mock-token-for-" + member).getBytes(StandardCharsets.UTF_8))))
        .build()).createOr(existing -> existing.update());
  }

  /** Shuts every server down and deletes the kubeconfigs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
    servers.values().forEach(MockApiServers::destroy);
    servers.clear();
    try (Stream<Path> files = Files.walk(kubeconfigs)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the mock servers' kubeconfigs in " + kubeconfigs, e);
    }
  }

  @Override
  public synchronized String toString() {
    return "MockApiServers" + servers.keySet();
  }

  /**
   * Stops a server. fabric8's mock web server 7.5 may throw {@code RejectedExecutionException}
   * from its shutdown once it has closed its own event loop (fabric8io/kubernetes-client#7747,
   * fixed in a later release): by then the server is stopped, so closing goes on.
   */
  private static void destroy(KubernetesMockServer server) {
    try {
      server.destroy();
    } catch (RejectedExecutionException e) {
      // stopped: only the wait for the stop found its event loop gone
    }
  }

  private static KubernetesMockServer start() {
    // expectations answer what the server itself registers (its version); everything else is CRUD
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false,
        new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.2").build());
    server.init();
    for (ResourceType type : IstioResourceTypes.ALL) {
      server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
          .withGroup(type.group())
          .withVersion(type.apiVersion().substring(type.apiVersion().indexOf('/') + 1))
          .withKind(type.kind())
          .withPlural(type.plural())
          .withScope("Namespaced")
          .build());
    }
    return server;
  }

  private static String kubeconfig(String name, KubernetesMockServer server) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: " + name + "\n"
        + "  cluster:\n"
        + "    server: " + server.url("/").replaceAll("/$", "") + "\n"
        + "users:\n"
        + "- name: " + name + "-admin\n"
        + "  user:\n"
        + "    token: " + TOKEN + "\n"
        + "contexts:\n"
        + "- name: " + name + "\n"
        + "  context:\n"
        + "    cluster: " + name + "\n"
        + "    user: " + name + "-admin\n"
        + "current-context: " + name + "\n";
  }
}
