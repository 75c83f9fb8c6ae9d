package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.istio.internal.kubernetes.KubernetesConnection;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Kubernetes connection to an API server without server-side apply")
class KubernetesConnectionCrudTest {
  private KubernetesMockServer server;
  private ClusterConnection connection;

  @BeforeEach
  void connect(@TempDir Path dir) {
    server = MockClusters.crud();
    connection = KubernetesClusterConnector.builder().build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
  }

  @AfterEach
  void close() {
    connection.close();
    MockClusters.destroy(server);
  }

  static MeshResource virtualService(String namespace, String name, Map<String, String> labels) {
    var content = MeshResource.skeleton(VIRTUAL_SERVICE.apiVersion(), VIRTUAL_SERVICE.kind(), namespace, name);
    labels.forEach((k, v) -> content.withObjectProperty("metadata").withObjectProperty("labels").put(k, v));
    content.putObject("spec").putArray("hosts").add(name);
    return MeshResource.of(content);
  }

  @Test
  @DisplayName("creates through the update strategy after the server refuses apply-patch, and keeps using it")
  void fallsBackToUpdate() {
    MeshResource stored = connection.apply(VIRTUAL_SERVICE, virtualService("bookinfo", "reviews", Map.of("a", "1")),
        ApplyOptions.builder().build());

    assertThat(stored.resourceVersion()).isPresent();
    assertThat(((KubernetesConnection) connection).writeStrategy()).isEqualTo(WriteStrategy.UPDATE);
    List<RecordedRequest> requests = MockClusters.drain(server);
    requests.forEach(r -> System.out.println(r.getMethod() + " " + r.getPath() + " " + r.getHeader("Content-Type")));
    assertThat(connection.get(VIRTUAL_SERVICE, "bookinfo", "reviews")).contains(stored);
  }

  @Test
  @DisplayName("lists by label selector in one namespace or all, ordered by namespace and name")
  void listsBySelector() {
    ApplyOptions create = ApplyOptions.builder().createOnly(true).build();
    connection.apply(VIRTUAL_SERVICE, virtualService("b", "z", Map.of("mesh", "prod")), create);
    connection.apply(VIRTUAL_SERVICE, virtualService("a", "y", Map.of("mesh", "prod")), create);
    connection.apply(VIRTUAL_SERVICE, virtualService("a", "x", Map.of("mesh", "dev")), create);

    assertThat(connection.list(VIRTUAL_SERVICE, null, Map.of("mesh", "prod")))
        .extracting(r -> r.namespace().orElseThrow() + "/" + r.name(), MeshResource::apiVersion, MeshResource::kind)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("a/y", "networking.istio.io/v1", "VirtualService"),
            org.assertj.core.api.Assertions.tuple("b/z", "networking.istio.io/v1", "VirtualService"));
    assertThat(connection.list(VIRTUAL_SERVICE, "a", Map.of())).extracting(MeshResource::name)
        .containsExactly("x", "y");
  }

  @Test
  @DisplayName("enforces createOnly, expected resource versions, and deletes with them")
  void preconditions() {
    MeshResource created = connection.apply(VIRTUAL_SERVICE, virtualService("bookinfo", "reviews", Map.of()),
        ApplyOptions.builder().createOnly(true).build());

    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, virtualService("bookinfo", "reviews", Map.of()),
        ApplyOptions.builder().createOnly(true).build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, virtualService("bookinfo", "reviews", Map.of("v", "2")),
        ApplyOptions.builder().expectedResourceVersion("no-such-version").build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));

    MeshResource updated = connection.apply(VIRTUAL_SERVICE, virtualService("bookinfo", "reviews", Map.of("v", "2")),
        ApplyOptions.builder().expectedResourceVersion(created.resourceVersion()).build());
    assertThat(updated.labels()).containsEntry("v", "2");
    assertThat(updated.resourceVersion()).isNotEqualTo(created.resourceVersion());

    assertThat(connection.delete(VIRTUAL_SERVICE, "bookinfo", "reviews", updated.resourceVersion())).isTrue();
    assertThat(connection.delete(VIRTUAL_SERVICE, "bookinfo", "reviews", Optional.empty())).isFalse();
    assertThat(connection.get(VIRTUAL_SERVICE, "bookinfo", "reviews")).isEmpty();
  }
}
