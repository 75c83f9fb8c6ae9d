package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.SecretData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KubernetesMeshStore keeps secret values in Secrets, apart from the records")
@EnableKubernetesMockClient(crud = true)
class KubernetesStoreSecretsTest {
  private static final String KEY = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";

  KubernetesClient client;

  @Test
  @DisplayName("the root's key goes into a Secret; the mesh's ConfigMap holds only where it is")
  void secrets() {
    KubernetesMeshStore store = new KubernetesMeshStore(client, "mesh-system");
    store.createCluster(ClusterSpec.builder().name("cp").build());
    store.createMesh(MeshSpec.hosted("prod").controlPlane("cp").trustRoot("meshes/prod/root-ca").build());
    store.putSecret("meshes/prod/root-ca", SecretData.of(Map.of("root-key.pem", KEY.getBytes(StandardCharsets.UTF_8))));

    assertThat(store.secret("meshes/prod/root-ca")).hasValueSatisfying(d ->
        assertThat(new String(d.get("root-key.pem").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(KEY));
    Secret secret = client.secrets().inNamespace("mesh-system").withName("mesh-sdk-secret-meshes.prod.root-ca").get();
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk");
    for (ConfigMap record : client.configMaps().inNamespace("mesh-system").list().getItems()) {
      assertThat(record.getData().toString()).doesNotContain("PRIVATE KEY", "c2VjcmV0");
    }
    assertThat(store.secret("meshes/other/root-ca")).isEmpty();

    store.putSecret("meshes/prod/root-ca", SecretData.of(Map.of("root-key.pem", new byte[] {1})));
    assertThat(store.secret("meshes/prod/root-ca").orElseThrow().get("root-key.pem").orElseThrow()).containsExactly(1);
    store.deleteSecret("meshes/prod/root-ca");
    assertThat(store.secret("meshes/prod/root-ca")).isEmpty();
  }
}
