package io.meshsdk.testing.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.istio.kubernetes.KubernetesMeshStore;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.testing.MeshStoreCompatibilityKit;
import io.meshsdk.testing.kubernetes.MockApiServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Replicas with a client each on one mock API server in CRUD mode, which refuses stale replaces with 409. */
@DisplayName("The Kubernetes store on a mock API server, replicas with a client each")
class KubernetesMeshStoreCompatibilityTest extends MeshStoreCompatibilityKit {
  private static final String NAMESPACE = "mesh-system";

  private MockApiServers servers;
  private KubernetesMockServer server;
  private final List<KubernetesClient> clients = new ArrayList<>();

  @Override
  protected MeshStore newStore() {
    servers = new MockApiServers();
    server = servers.server("gsc");
    MeshStore first = replicaOf(null);
    clients.get(0).namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
        .build()).create();
    return first;
  }

  @Override
  protected MeshStore replicaOf(MeshStore store) {
    KubernetesClient client = server.createClient();
    clients.add(client);
    return new KubernetesMeshStore(client, NAMESPACE);
  }

  @Test
  @DisplayName("runs on a mock API server that itself refuses a stale replace, so the race tests prove something")
  void mockServerEnforcesResourceVersion() {
    KubernetesClient client = clients.get(0);
    ConfigMap created = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("probe").endMetadata().addToData("k", "1").build()).create();
    client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder(created).addToData("k", "2").build()).update();

    assertThatThrownBy(() -> client.configMaps().inNamespace(NAMESPACE)
        .resource(new ConfigMapBuilder(created).addToData("k", "3").build()).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @AfterEach
  void stopServer() {
    clients.forEach(KubernetesClient::close);
    servers.close();
  }
}
