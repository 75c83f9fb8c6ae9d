package io.meshsdk.istio.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.spi.MeshStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** Each replica with its own client of one mock API server in CRUD mode. */
@DisplayName("Two replicas racing on one Kubernetes store")
@EnableKubernetesMockClient(crud = true)
class KubernetesStoreReplicaRaceTest extends ReplicaRaceTest {
  private static final String NAMESPACE = "mesh-system";

  KubernetesMockServer server;
  KubernetesClient client;
  private final List<KubernetesClient> replicas = new ArrayList<>();

  @Override
  protected MeshStore replica() {
    if (replicas.isEmpty()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    KubernetesClient replica = server.createClient();
    replicas.add(replica);
    return new KubernetesMeshStore(replica, NAMESPACE);
  }

  @AfterEach
  void closeReplicas() {
    replicas.forEach(KubernetesClient::close);
  }
}
