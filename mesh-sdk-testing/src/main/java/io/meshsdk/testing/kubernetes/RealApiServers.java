package io.meshsdk.testing.kubernetes;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Kubernetes API servers for tests, without Docker: one {@code etcd} and one {@code
 * kube-apiserver} process per cluster on 127.0.0.1, each API server keeping its objects under its
 * own key prefix of the shared etcd. Every server has RBAC on, a service-account signing key,
 * Istio's CRDs installed and established, and an {@code istio-system} namespace; a test reaches it
 * through the {@link ClusterSpec} and connector given here, as it would reach a production
 * cluster. With {@link Builder#controllers(boolean)} each cluster also runs a trimmed {@code
 * kube-controller-manager} (service-account tokens, default service accounts, namespace deletion,
 * garbage collection), for tests that need what those controllers do.
 *
 * <pre>{@code
 * static RealApiServers servers;
 *
 * @BeforeAll
 * static void start() {
 *   servers = RealApiServers.builder().controllers(true).build(); // skips without the binaries
 * }
 *
 * @AfterAll
 * static void stop() {
 *   servers.close();
 * }
 *
 * @Test
 * void appliesForReal() {
 *   try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
 *     meshes.clusters().register(servers.clusterSpec("mcpc-1"));   // starts the API server
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The binaries are built from Go modules by {@code tools/real-cluster/build.sh} in the mesh-sdk
 * repository and cached by version under {@code ~/.cache/mesh-sdk/real-cluster/<hash>}; the
 * system property {@value #HOME_PROPERTY} (or the environment variable {@code
 * MESHSDK_REAL_CLUSTER_HOME}) names another folder with the same layout ({@code bin/etcd}, {@code
 * bin/kube-apiserver}, {@code bin/kube-controller-manager}, {@code bin/istioctl}, and Istio's reference
 * data in {@code istio/}: {@code crd-all.gen.yaml}, {@code analysis-messages.yaml}, {@code
 * samples/bookinfo.yaml}, all from the same {@code istio.io/istio} module). Where they are
 * missing, {@link #builder()}'s {@code build()} skips the calling test with the command that builds
 * them; with the environment variable {@code CI=true} it fails instead, so that a CI run cannot go
 * green without the real tier. API servers start on first use of a cluster name, in a few
 * seconds each: start the servers once per test class and give tests their own namespaces and
 * mesh names.
 *
 * @since 0.2.0
 */
public final class RealApiServers implements AutoCloseable {
  /** The system property naming the folder of the binaries and CRDs. */
  public static final String HOME_PROPERTY = "meshsdk.realcluster.home";

  private static final String ADMIN_TOKEN_USER = "mesh-sdk-test-admin";
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String MANAGER = "mesh-sdk";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long CRD_ESTABLISHED_SECONDS = 60;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Path home;
  private final Path directory;
  private final boolean controllers;
  private final boolean istioCrds;
  private final boolean sailCrds;
  private final String adminToken = UUID.randomUUID().toString();
  private final Process etcd;
  private final int etcdPort;
  private final Path signingKey;
  private final Path verificationKey;
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final Thread shutdownHook;
  private final String prefix;
  private boolean closed;

  private RealApiServers(Builder builder, Path home) {
    this.home = home;
    this.controllers = builder.controllers;
    this.istioCrds = builder.istioCrds;
    this.sailCrds = builder.sailCrds;
    this.prefix = "/mesh-sdk-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
    try {
      this.directory = Files.createTempDirectory("mesh-sdk-real-api-servers");
      KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
      this.signingKey = Files.writeString(directory.resolve("sa.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      this.verificationKey = Files.writeString(directory.resolve("sa.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
      Files.writeString(directory.resolve("tokens.csv"), adminToken + "," + ADMIN_TOKEN_USER + ",1,\"system:masters\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for the real API servers", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK cannot generate RSA keys", e);
    }
    this.shutdownHook = new Thread(this::destroyProcesses, "mesh-sdk-real-api-servers-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.etcdPort = freePort();
    int peerPort = freePort();
    String client = "http://127.0.0.1:" + etcdPort;
    String peer = "http://127.0.0.1:" + peerPort;
    this.etcd = launch("etcd", List.of(bin("etcd").toString(),
        "--name=mesh-sdk",
        "--data-dir=" + directory.resolve("etcd"),
        "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=mesh-sdk=" + peer,
        "--unsafe-no-fsync=true",
        "--log-level=warn"));
    try {
      awaitEtcd(client);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts building a set of servers.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The folder holding the binaries and CRDs, if they are built: the folder named by {@value
   * #HOME_PROPERTY} or {@code MESHSDK_REAL_CLUSTER_HOME}, or else the one {@code
   * tools/real-cluster/build.sh --print} of the enclosing mesh-sdk checkout names for its current
   * versions.
   *
   * @return the folder, when every binary is there
   */
  public static Optional<Path> home() {
    Path home = configuredHome();
    return home != null && complete(home) ? Optional.of(home) : Optional.empty();
  }

  /**
   * What a developer runs to build the binaries.
   *
   * @return a sentence naming the command
   */
  public static String howToBuild() {
    Path tools = toolsDirectory();
    String script = tools == null ? "tools/real-cluster/build.sh (in the mesh-sdk repository)"
        : tools.resolve("build.sh").toString();
    return "run " + script + " (needs Go; builds etcd, kube-apiserver, kube-controller-manager and istioctl"
        + " from Go modules into ~/.cache/mesh-sdk), or set -D" + HOME_PROPERTY + " to a folder holding them";
  }

  private static Path configuredHome() {
    String configured = System.getProperty(HOME_PROPERTY, System.getenv("MESHSDK_REAL_CLUSTER_HOME"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path tools = toolsDirectory();
    if (tools == null) {
      return null;
    }
    // the script knows which folder holds the versions it pins
    try {
      Process print = new ProcessBuilder("bash", tools.resolve("build.sh").toString(), "--print")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String folder = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return print.waitFor() == 0 && !folder.isEmpty() ? Path.of(folder) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Path toolsDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path tools = dir.resolve("tools").resolve("real-cluster");
      if (Files.isRegularFile(tools.resolve("build.sh"))) {
        return tools;
      }
    }
    return null;
  }

  private static boolean complete(Path home) {
    for (String binary : List.of("etcd", "kube-apiserver", "kube-controller-manager", "istioctl")) {
      if (!Files.isExecutable(home.resolve("bin").resolve(binary))) {
        return false;
      }
    }
    return Files.isRegularFile(home.resolve("istio").resolve("crd-all.gen.yaml"));
  }

  /**
   * Skips the calling test (a JUnit assumption) when the binaries are missing, saying how to build
   * them; under {@code CI=true} fails it instead.
   *
   * @return the folder of the binaries
   */
  public static Path requireBinaries() {
    Optional<Path> home = home();
    if (home.isPresent()) {
      return home.get();
    }
    String reason = "the real API server binaries were not found"
        + Optional.ofNullable(configuredHome()).map(h -> " in " + h).orElse("") + "; " + howToBuild();
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
    throw new IllegalStateException(reason); // not reached: abort throws
  }

  /**
   * The {@code istioctl} built with the servers, to ask Istio itself about objects.
   *
   * @return the executable
   */
  public Path istioctl() {
    return bin("istioctl");
  }

  /**
   * The folder of Istio's reference data built with the servers: {@code crd-all.gen.yaml}, {@code
   * analysis-messages.yaml} and {@code samples/bookinfo.yaml} of the same Istio version as {@link
   * #istioctl()}.
   *
   * @return the folder
   */
  public Path istioData() {
    return home.resolve("istio");
  }

  /**
   * How to register a cluster: its name and an administrator kubeconfig for its API server, which
   * is started on first use.
   *
   * @param cluster the cluster's name
   * @return the specification
   */
  public ClusterSpec clusterSpec(String cluster) {
    return clusterSpec(ClusterSpec.builder().name(cluster).build());
  }

  /**
   * A cluster's specification with credentials that reach its API server; the rest, such as
   * network and region, is kept.
   *
   * @param cluster the cluster as declared
   * @return the specification to register
   */
  public ClusterSpec clusterSpec(ClusterSpec cluster) {
    return ClusterSpec.builder().from(cluster).kubeconfig(kubeconfig(cluster.name()), cluster.name()).build();
  }

  /**
   * The administrator kubeconfig of a cluster, starting its API server on first use.
   *
   * @param cluster the cluster's name
   * @return the file
   */
  public Path kubeconfig(String cluster) {
    return server(cluster).kubeconfig;
  }

  /**
   * The URL of a cluster's API server, starting it on first use.
   *
   * @param cluster the cluster's name
   * @return for example {@code https://127.0.0.1:41234}
   */
  public String url(String cluster) {
    return server(cluster).url;
  }

  /**
   * A Kubernetes connector with the default options: server-side apply, as against production
   * clusters.
   *
   * @return a new connector
   */
  public KubernetesClusterConnector connector() {
    return KubernetesClusterConnector.builder().build();
  }

  /**
   * An administrator client of a cluster, to look at or change its objects behind the SDK's back.
   * Shared by the callers and closed with the servers.
   *
   * @param cluster the cluster's name
   * @return the client
   */
  public KubernetesClient client(String cluster) {
    return server(cluster).client;
  }

  /**
   * A client of a cluster with the given kubeconfig, such as one the SDK wrote into a remote
   * secret; the caller closes it.
   *
   * @param kubeconfig the kubeconfig's content
   * @return a new client
   */
  public static KubernetesClient clientFor(String kubeconfig) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /**
   * The clusters whose API servers are running.
   *
   * @return the names
   */
  public synchronized Set<String> clusters() {
    return Set.copyOf(servers.keySet());
  }

  /**
   * Creates a namespace on a cluster.
   *
   * @param cluster the cluster
   * @param namespace the namespace's name
   */
  public void createNamespace(String cluster, String namespace) {
    createNamespace(client(cluster), namespace);
  }

  /**
   * Deletes, on every running cluster, every object the SDK manages (labelled {@code
   * app.kubernetes.io/managed-by=mesh-sdk}) and every object in the given namespaces, of every
   * kind the server lists, and waits until they are gone, so that the next test on the same
   * servers finds none of them. Faster than new API servers or namespace deletion; the namespaces
   * themselves and other objects are kept.
   *
   * @param namespaces namespaces to empty, such as those a test made
   */
  public synchronized void deleteObjects(Collection<String> namespaces) {
    for (Server server : servers.values()) {
      KubernetesClient client = server.client;
      // every version of each group, the preferred first: a kind may be served in an older
      // version only (EnvoyFilter is networking.istio.io/v1alpha3 where the group prefers v1)
      List<String> groupVersions = new ArrayList<>(List.of("v1"));
      for (APIGroup group : client.getApiGroups().getGroups()) {
        groupVersions.add(group.getPreferredVersion().getGroupVersion());
        group.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion()));
      }
      Map<String, ResourceDefinitionContext> kinds = new LinkedHashMap<>();
      for (String groupVersion : new LinkedHashSet<>(groupVersions)) {
        APIResourceList list = client.getApiResources(groupVersion);
        if (list != null) {
          deletable(list).forEach(k -> kinds.putIfAbsent(k.getGroup() + "/" + k.getPlural(), k));
        }
      }
      for (ResourceDefinitionContext kind : kinds.values()) {
        var managed = kind.isNamespaceScoped()
            ? client.genericKubernetesResources(kind).inAnyNamespace().withLabel(MANAGED_BY, MANAGER)
            : client.genericKubernetesResources(kind).withLabel(MANAGED_BY, MANAGER);
        if (!managed.list().getItems().isEmpty()) {
          managed.withTimeout(CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS).delete();
        }
        if (kind.isNamespaceScoped()) {
          for (String namespace : namespaces) {
            var all = client.genericKubernetesResources(kind).inNamespace(namespace);
            if (!all.list().getItems().isEmpty()) {
              all.withTimeout(CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS).delete();
            }
          }
        }
      }
    }
  }

  private static List<ResourceDefinitionContext> deletable(APIResourceList list) {
    List<ResourceDefinitionContext> kinds = new ArrayList<>();
    String groupVersion = list.getGroupVersion();
    int slash = groupVersion.indexOf('/');
    for (APIResource resource : list.getResources()) {
      if (resource.getName().contains("/") || !resource.getVerbs().contains("list")
          || !resource.getVerbs().contains("delete") || resource.getKind().equals("Namespace")) {
        continue;
      }
      kinds.add(new ResourceDefinitionContext.Builder()
          .withGroup(slash < 0 ? "" : groupVersion.substring(0, slash))
          .withVersion(slash < 0 ? groupVersion : groupVersion.substring(slash + 1))
          .withKind(resource.getKind())
          .withPlural(resource.getName())
          .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
          .build());
    }
    return kinds;
  }

  /**
   * The resident memory of a cluster's API server process, read from {@code /proc}, where the
   * platform has it.
   *
   * @param cluster the cluster's name
   * @return bytes, or -1 where unknown
   */
  public long apiServerMemory(String cluster) {
    Path status = Path.of("/proc", Long.toString(server(cluster).apiServer.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private synchronized Server server(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    if (closed) {
      throw new IllegalStateException("the real API servers are shut down");
    }
    Server server = servers.get(cluster);
    if (server == null) {
      server = start(cluster);
      servers.put(cluster, server);
    }
    return server;
  }

  private Server start(String cluster) {
    if (!cluster.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new IllegalArgumentException("cluster must be a DNS label, but was " + cluster);
    }
    Path dir = directory.resolve(cluster);
    int port = freePort();
    String url = "https://127.0.0.1:" + port;
    List<String> command = new ArrayList<>(List.of(bin("kube-apiserver").toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--etcd-prefix=" + prefix + "/" + cluster,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + dir.resolve("certs"),
        "--service-cluster-ip-range=10.96.0.0/16",
        "--authorization-mode=RBAC",
        "--token-auth-file=" + directory.resolve("tokens.csv"),
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + verificationKey,
        "--service-account-signing-key-file=" + signingKey,
        "--api-audiences=https://kubernetes.default.svc.cluster.local",
        "--endpoint-reconciler-type=none",
        "--profiling=false",
        "--v=0"));
    if (!controllers) {
      // pods need their namespace's default service account, which only the controllers create
      command.add("--disable-admission-plugins=ServiceAccount");
    }
    Process apiServer = launch("kube-apiserver-" + cluster, command);
    Server server = new Server(cluster, url, apiServer);
    try {
      Path ca = dir.resolve("certs").resolve("apiserver.crt");
      awaitFile(apiServer, ca, "kube-apiserver-" + cluster);
      server.kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfig(cluster, url, ca, adminToken));
      awaitReady(apiServer, url, ca, "kube-apiserver-" + cluster);
      server.client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig))).build();
      if (istioCrds) {
        installCrds(server.client, istioData().resolve("crd-all.gen.yaml"));
      }
      if (sailCrds) {
        for (Path crd : SailData.crds()) {
          installCrds(server.client, crd);
        }
      }
      createNamespace(server.client, "istio-system");
      if (controllers) {
        server.controllerManager = launch("kube-controller-manager-" + cluster, List.of(
            bin("kube-controller-manager").toString(),
            "--kubeconfig=" + server.kubeconfig,
            "--controllers=serviceaccount-token,serviceaccount,namespace,garbagecollector",
            "--service-account-private-key-file=" + signingKey,
            "--root-ca-file=" + ca,
            "--use-service-account-credentials=false",
            "--leader-elect=false",
            "--secure-port=0",
            "--v=0"));
      }
      return server;
    } catch (IOException e) {
      server.destroy();
      throw new UncheckedIOException("cannot set up the API server of cluster " + cluster, e);
    } catch (RuntimeException e) {
      server.destroy();
      throw e;
    }
  }

  private static String kubeconfig(String cluster, String url, Path ca, String token) throws IOException {
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: " + cluster + "\n"
        + "  cluster:\n"
        + "    server: " + url + "\n"
        + "    certificate-authority-data: " + caData + "\n"
        + "users:\n"
        + "- name: " + cluster + "-admin\n"
        + "  user:\n"
        + "    token: " + token + "\n"
        + "contexts:\n"
        + "- name: " + cluster + "\n"
        + "  context:\n"
        + "    cluster: " + cluster + "\n"
        + "    user: " + cluster + "-admin\n"
        + "current-context: " + cluster + "\n";
  }

  private static void installCrds(KubernetesClient client, Path crds) throws IOException {
    List<HasMetadata> loaded;
    try (InputStream in = Files.newInputStream(crds)) {
      loaded = client.load(in).items();
    }
    for (HasMetadata crd : loaded) {
      client.resource(crd).create();
    }
    for (HasMetadata crd : loaded) {
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
              .anyMatch(condition -> "Established".equals(condition.getType())
                  && "True".equals(condition.getStatus())), CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
    // an established kind still answers 429 "storage is (re)initializing" until its watch cache
    // is filled; a test's first request must not meet that
    for (HasMetadata crd : loaded) {
      CustomResourceDefinition definition = (CustomResourceDefinition) crd;
      awaitStorage(client, new ResourceDefinitionContext.Builder()
          .withGroup(definition.getSpec().getGroup())
          .withVersion(definition.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getStorage()))
              .findFirst().orElseThrow().getName())
          .withKind(definition.getSpec().getNames().getKind())
          .withPlural(definition.getSpec().getNames().getPlural())
          .withNamespaced("Namespaced".equals(definition.getSpec().getScope()))
          .build());
    }
  }

  private static void awaitStorage(KubernetesClient client, ResourceDefinitionContext kind) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CRD_ESTABLISHED_SECONDS);
    while (true) {
      try {
        client.genericKubernetesResources(kind).inAnyNamespace().list();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 429 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the storage of " + kind.getPlural(), e);
      }
    }
  }

  private static void createNamespace(KubernetesClient client, String name) {
    try {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private Path bin(String name) {
    return home.resolve("bin").resolve(name);
  }

  private Process launch(String name, List<String> command) {
    Path log = directory.resolve(name + ".log");
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  private void awaitEtcd(String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      requireAlive(etcd, "etcd");
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"true\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd", e);
      }
      pause(deadline, "etcd");
    }
  }

  private void awaitFile(Process process, Path file, String name) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.isRegularFile(file)) {
      requireAlive(process, name);
      pause(deadline, name);
    }
  }

  private void awaitReady(Process process, String url, Path ca, String name) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Config config = new ConfigBuilder()
        .withMasterUrl(url)
        .withCaCertFile(ca.toString())
        .withOauthToken(adminToken)
        .withRequestTimeout(2000)
        .withConnectionTimeout(1000)
        .build();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(config).build()) {
      while (true) {
        requireAlive(process, name);
        try {
          if ("ok".equals(probe.raw(url + "/readyz"))) {
            return;
          }
        } catch (KubernetesClientException e) {
          // starting
        }
        pause(deadline, name);
      }
    }
  }

  private void requireAlive(Process process, String name) {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with status " + process.exitValue() + ":\n" + logTail(name));
    }
  }

  private void pause(long deadline, String name) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT.toSeconds() + " s:\n"
          + logTail(name));
    }
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  private String logTail(String name) {
    try {
      List<String> lines = Files.readAllLines(directory.resolve(name + ".log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private synchronized void destroyProcesses() {
    servers.values().forEach(Server::destroy);
    if (etcd != null) {
      etcd.destroy();
      try {
        if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
          etcd.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        etcd.destroyForcibly();
      }
    }
  }

  /** Stops every process and deletes the servers' files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    destroyProcesses();
    servers.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the real API servers' files in " + directory, e);
    }
  }

  @Override
  public synchronized String toString() {
    return "RealApiServers" + servers.keySet();
  }

  /** One cluster: its API server and, optionally, its controller manager. */
  private static final class Server {
    final String cluster;
    final String url;
    final Process apiServer;
    Process controllerManager;
    Path kubeconfig;
    KubernetesClient client;

    Server(String cluster, String url, Process apiServer) {
      this.cluster = cluster;
      this.url = url;
      this.apiServer = apiServer;
    }

    void destroy() {
      if (client != null) {
        client.close();
      }
      for (Process process : new Process[] {controllerManager, apiServer}) {
        if (process == null) {
          continue;
        }
        process.destroy();
        try {
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }

    @Override
    public String toString() {
      return "Server[" + cluster + " at " + url + "]";
    }
  }

  /**
   * Options for a set of real API servers.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private boolean controllers;
    private boolean istioCrds = true;
    private boolean sailCrds;

    private Builder() {}

    /**
     * Whether each cluster also runs a {@code kube-controller-manager} with the controllers that
     * issue service-account tokens, create default service accounts, finish namespace deletions
     * and collect garbage. Off by default: most tests need none of it, and it costs a process per
     * cluster. Turn it on for joins (the remote secret's token comes from the token controller) and
     * for tests that delete namespaces.
     *
     * @param controllers whether to run the controllers
     * @return this builder
     */
    public Builder controllers(boolean controllers) {
      this.controllers = controllers;
      return this;
    }

    /**
     * Whether to install Istio's CRDs on each cluster; on by default.
     *
     * @param istioCrds whether to install them
     * @return this builder
     */
    public Builder istioCrds(boolean istioCrds) {
      this.istioCrds = istioCrds;
      return this;
    }

    /**
     * Whether to install the Sail operator's CRDs ({@code sailoperator.io/v1}: {@code Istio},
     * {@code IstioRevision}, {@code IstioRevisionTag}, {@code IstioCNI}, {@code ZTunnel}) on each
     * cluster, so that the control-plane resources the SDK writes are judged by their schemas and
     * CEL rules. Off by default. The CRDs are read from the folder {@link SailData#dir()} names;
     * where it is absent, {@code build()} skips the calling test saying what to provide, and
     * fails it under {@code CI=true}.
     *
     * @param sailCrds whether to install them
     * @return this builder
     * @since 0.2.0
     */
    public Builder sailCrds(boolean sailCrds) {
      this.sailCrds = sailCrds;
      return this;
    }

    /**
     * Starts etcd; each cluster's API server starts when the cluster is first asked for. Skips
     * the calling test when the binaries are missing (fails it under {@code CI=true}).
     *
     * @return the servers
     */
    public RealApiServers build() {
      Path home = requireBinaries();
      if (sailCrds) {
        SailData.requirePresent();
      }
      return new RealApiServers(this, home);
    }
  }
}
