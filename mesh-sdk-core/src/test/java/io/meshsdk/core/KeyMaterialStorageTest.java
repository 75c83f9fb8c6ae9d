package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.SecretData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Where key material may and may not be kept")
class KeyMaterialStorageTest {
  private static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");
  private static final String KEY = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";

  @TempDir
  Path dir;

  private MeshStore store(String kind) {
    return kind.equals("directory") ? new DirectoryMeshStore(dir.resolve("store")) : new InMemoryMeshStore();
  }

  @ParameterizedTest(name = "the {0} store")
  @ValueSource(strings = {"in-memory", "directory"})
  @DisplayName("keeps secret values apart from the mesh records, which refer to them by location")
  void storeSecrets(String kind) throws IOException {
    MeshStore store = store(kind);
    store.createCluster(ClusterSpec.builder().name("cp").build());
    store.createMesh(MeshSpec.hosted("prod").controlPlane("cp").trustRoot("meshes/prod/root-ca").build());
    store.putSecret("meshes/prod/root-ca", SecretData.of(Map.of("root-key.pem", KEY.getBytes(StandardCharsets.UTF_8))));

    assertThat(store.secret("meshes/prod/root-ca")).hasValueSatisfying(d -> assertThat(
        new String(d.get("root-key.pem").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(KEY));
    assertThat(store.mesh("prod").orElseThrow().value().trustRoot()).contains("meshes/prod/root-ca");
    assertThat(store.secret("meshes/other/root-ca")).isEmpty();
    if (kind.equals("directory")) {
      try (Stream<Path> files = Files.walk(dir.resolve("store").resolve("meshes"))) {
        String records = files.filter(Files::isRegularFile).map(f -> {
          try {
            return Files.readString(f);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }).collect(Collectors.joining());
        assertThat(records).contains("meshes/prod/root-ca").doesNotContain("PRIVATE KEY", "c2VjcmV0");
      }
      assertThatThrownBy(() -> store.putSecret("../escape", SecretData.of(Map.of())))
          .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
    store.deleteSecret("meshes/prod/root-ca");
    assertThat(store.secret("meshes/prod/root-ca")).isEmpty();
  }

  @Test
  @DisplayName("a GitOps directory refuses a Secret holding a private key, with a typed error, and writes nothing")
  void gitOpsRefusesKeys() throws IOException {
    Files.createDirectories(dir.resolve("gitops"));
    ClusterConnection connection = new DirectoryClusterConnector(dir.resolve("gitops"))
        .connect(ClusterSpec.builder().name("dev-1").build());
    ObjectNode secret = MeshResource.skeleton("v1", "Secret", "istio-system", "cacerts");
    secret.putObject("data").put("ca-cert.pem", "Y2VydA==").put("ca-key.pem", "c2VjcmV0LWtleQ==");

    assertThatThrownBy(() -> connection.apply(SECRET, MeshResource.of(secret), ApplyOptions.builder().build()))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("ca-key.pem").hasMessageNotContaining("c2VjcmV0LWtleQ==");
    try (Stream<Path> files = Files.walk(dir.resolve("gitops"))) {
      assertThat(files.filter(Files::isRegularFile).collect(Collectors.toList())).isEmpty();
    }

    ObjectNode config = MeshResource.skeleton("v1", "Secret", "istio-system", "settings");
    config.putObject("data").put("endpoint", "aHR0cHM6Ly9leGFtcGxl");
    assertThat(connection.apply(SECRET, MeshResource.of(config), ApplyOptions.builder().build()).name())
        .isEqualTo("settings");
  }
}
