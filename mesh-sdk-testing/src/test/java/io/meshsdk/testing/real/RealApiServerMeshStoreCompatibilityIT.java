package io.meshsdk.testing.real;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.istio.kubernetes.KubernetesMeshStore;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.testing.MeshStoreCompatibilityKit;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The Kubernetes store on a real kube-apiserver, replicas with a client each; each test gets a
 * namespace of its own on the Global Service Cluster.
 */
@DisplayName("The Kubernetes store on a real API server, replicas with a client each")
class RealApiServerMeshStoreCompatibilityIT extends MeshStoreCompatibilityKit {
  private static final String GSC = "gsc";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static RealApiServers servers;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private String namespace;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().istioCrds(false).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  @Override
  protected MeshStore newStore() {
    namespace = "store-" + NAMESPACES.incrementAndGet();
    servers.createNamespace(GSC, namespace);
    return replicaOf(null);
  }

  @Override
  protected MeshStore replicaOf(MeshStore store) {
    KubernetesClient client = RealApiServers.clientFor(readKubeconfig());
    clients.add(client);
    return new KubernetesMeshStore(client, namespace);
  }

  private static String readKubeconfig() {
    try {
      return Files.readString(servers.kubeconfig(GSC));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void closeClients() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
  }
}
