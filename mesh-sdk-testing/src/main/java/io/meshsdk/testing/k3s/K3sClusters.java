package io.meshsdk.testing.k3s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real clusters for tests: one k3s container per cluster name, each with Istio's
 * CustomResourceDefinitions and the {@code istio-system} namespace installed, a fresh namespace
 * per test, and the {@link ClusterSpec} and connector that reach them.
 *
 * <pre>{@code
 * static K3sClusters k3s;
 *
 * @BeforeAll
 * static void startK3s() {
 *   k3s = K3sClusters.start(Path.of(System.getProperty("meshsdk.istio.data"), "crd-all.gen.yaml"), "k3s-1");
 * }
 *
 * @AfterAll
 * static void stopK3s() {
 *   k3s.close();
 * }
 *
 * @Test
 * void appliesForReal() {
 *   String namespace = k3s.newNamespace();
 *   try (MeshManager meshes = MeshManager.builder().connector(k3s.connector()).build()) {
 *     meshes.clusters().register(k3s.clusterSpec("k3s-1"));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Where Docker is not available, {@link #start(Path, String...)} skips the calling test or
 * class with the reason instead of failing it. Starting a k3s container takes tens of seconds:
 * start the clusters once per test class and give each test its own namespaces.
 *
 * @since 0.1.0
 */
public final class K3sClusters implements AutoCloseable {
  /** The k3s image the clusters run, a Kubernetes version Istio supports. */
  public static final String IMAGE = "rancher/k3s:v1.31.4-k3s1";

  private static final long NAMESPACE_DELETION_SECONDS = 120;
  private static final long CRD_ESTABLISHED_SECONDS = 60;

  private final Map<String, K3sContainer> containers;
  private final Map<String, KubernetesClient> clients;
  private final Map<String, Path> kubeconfigs;
  private final Path directory;
  private final List<String> namespaces = new ArrayList<>();
  private final AtomicInteger nextNamespace = new AtomicInteger();

  private K3sClusters(Map<String, K3sContainer> containers, Map<String, KubernetesClient> clients,
      Map<String, Path> kubeconfigs, Path directory) {
    this.containers = containers;
    this.clients = clients;
    this.kubeconfigs = kubeconfigs;
    this.directory = directory;
  }

  /**
   * Whether Docker is reachable, so that k3s can run.
   *
   * @return {@code true} when Testcontainers finds a Docker environment
   */
  public static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /**
   * Starts one k3s cluster per name and installs Istio's CRDs on each. Skips the calling test (a
   * JUnit assumption) where the CRD file is missing or Docker is not available, saying which.
   *
   * @param istioCrds Istio's {@code crd-all.gen.yaml}
   * @param clusters the clusters' names; at least one
   * @return the running clusters
   */
  public static K3sClusters start(Path istioCrds, String... clusters) {
    Objects.requireNonNull(istioCrds, "istioCrds");
    if (clusters.length == 0) {
      throw new IllegalArgumentException("name at least one cluster to start");
    }
    assumeTrue(Files.isRegularFile(istioCrds), "Istio's CRDs were not found at " + istioCrds
        + "; set -Dmeshsdk.istio.data to the folder holding crd-all.gen.yaml");
    assumeTrue(dockerAvailable(), "k3s runs in Docker, and no Docker environment was found");
    Map<String, K3sContainer> containers = new LinkedHashMap<>();
    Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    Map<String, Path> kubeconfigs = new LinkedHashMap<>();
    Path directory;
    try {
      directory = Files.createTempDirectory("mesh-sdk-k3s");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the k3s kubeconfigs", e);
    }
    K3sClusters started = new K3sClusters(containers, clients, kubeconfigs, directory);
    try {
      for (String cluster : clusters) {
        K3sContainer container = new K3sContainer(DockerImageName.parse(IMAGE));
        containers.put(cluster, container);
        container.start();
        String kubeconfig = container.getKubeConfigYaml();
        kubeconfigs.put(cluster, Files.writeString(directory.resolve(cluster + ".kubeconfig"), kubeconfig));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        clients.put(cluster, client);
        installIstioCrds(client, istioCrds);
        createNamespace(client, "istio-system");
      }
      return started;
    } catch (IOException e) {
      started.close();
      throw new UncheckedIOException("cannot set up k3s: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  private static void installIstioCrds(KubernetesClient client, Path crds) throws IOException {
    List<HasMetadata> loaded;
    try (InputStream in = Files.newInputStream(crds)) {
      loaded = client.load(in).items();
    }
    client.resourceList(loaded).serverSideApply();
    for (HasMetadata crd : loaded) {
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(condition -> "Established".equals(condition.getType())
                  && "True".equals(condition.getStatus())), CRD_ESTABLISHED_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static void createNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /**
   * The names of the clusters, in the order they were started.
   *
   * @return the names
   */
  public List<String> clusters() {
    return List.copyOf(containers.keySet());
  }

  /**
   * How to register a cluster: its name and a kubeconfig that reaches its k3s API server.
   *
   * @param cluster the cluster's name
   * @return the specification
   */
  public ClusterSpec clusterSpec(String cluster) {
    return ClusterSpec.builder().name(cluster).kubeconfig(kubeconfig(cluster)).build();
  }

  /**
   * The kubeconfig file of a cluster, with administrator credentials.
   *
   * @param cluster the cluster's name
   * @return the file
   */
  public Path kubeconfig(String cluster) {
    Path file = kubeconfigs.get(cluster);
    if (file == null) {
      throw new IllegalArgumentException("no k3s cluster named " + cluster + "; started: " + clusters());
    }
    return file;
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
   * An administrator client of a cluster, closed with the clusters.
   *
   * @param cluster the cluster's name
   * @return the client
   */
  public KubernetesClient client(String cluster) {
    kubeconfig(cluster);
    return clients.get(cluster);
  }

  /**
   * Creates a namespace with a new name on every cluster, for one test.
   *
   * @return its name
   */
  public synchronized String newNamespace() {
    String name = "test-" + nextNamespace.incrementAndGet();
    clients.values().forEach(client -> createNamespace(client, name));
    namespaces.add(name);
    return name;
  }

  /**
   * Deletes the namespaces made by {@link #newNamespace()} from every cluster and waits until they
   * are gone, so that the next test finds none of their objects.
   */
  public synchronized void deleteNamespaces() {
    for (KubernetesClient client : clients.values()) {
      for (String namespace : namespaces) {
        client.namespaces().withName(namespace).withTimeout(NAMESPACE_DELETION_SECONDS, TimeUnit.SECONDS).delete();
      }
    }
    namespaces.clear();
  }

  /** Closes the clients, stops the containers and deletes the kubeconfigs. */
  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
    containers.values().forEach(K3sContainer::stop);
    containers.clear();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the k3s kubeconfigs in " + directory, e);
    }
  }

  @Override
  public String toString() {
    return "K3sClusters" + containers.keySet();
  }
}
