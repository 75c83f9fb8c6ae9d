package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Writes by create and replace, one request each, against canned API server answers")
class ReplaceWritesTest {
  static final String PATH = ServerSideApplyTest.PATH;
  static final String COLLECTION = ServerSideApplyTest.COLLECTION;

  private KubernetesMockServer server;
  private ClusterConnection connection;

  @BeforeEach
  void connect(@TempDir Path dir) {
    server = MockClusters.expectations();
    connection = KubernetesClusterConnector.builder().defaults(o -> o.writeStrategy(WriteStrategy.UPDATE)).build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
  }

  @AfterEach
  void close() {
    connection.close();
    MockClusters.destroy(server);
  }

  private static MeshResource reviews(String host) {
    MeshResource wanted = KubernetesConnectionCrudTest.virtualService("bookinfo", "reviews",
        Map.of("app.kubernetes.io/managed-by", "mesh-sdk"));
    var content = wanted.content();
    ((com.fasterxml.jackson.databind.node.ArrayNode) content.with("spec").withArray("hosts")).removeAll().add(host);
    return MeshResource.of(content);
  }

  /** The object as a plan read it: the wanted one, a label another controller added, and a version. */
  private static MeshResource live(String resourceVersion) {
    var content = reviews("old").content();
    content.with("metadata").with("labels").put("team", "payments");
    content.with("metadata").put("uid", "uid-1");
    return MeshResource.of(content).withResourceVersion(resourceVersion);
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
  }

  private RecordedRequest onlyRequest() {
    List<RecordedRequest> requests = MockClusters.drain(server);
    assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath()).hasSize(1);
    return requests.get(0);
  }

  private static ApplyOptions update(MeshResource live) {
    return ApplyOptions.builder().expectedResourceVersion(live.resourceVersion()).expectedUid("uid-1")
        .lastRead(live).build();
  }

  @Test
  @DisplayName("creates with one POST, without reading first")
  void createIsOnePost() {
    server.expect().post().withPath(COLLECTION)
        .andReturn(201, reviews("reviews").withResourceVersion("3").toJson()).once();

    MeshResource created = connection.apply(VIRTUAL_SERVICE, reviews("reviews"),
        ApplyOptions.builder().createOnly(true).build());

    assertThat(created.resourceVersion()).contains("3");
    RecordedRequest request = onlyRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(MeshResource.parse(request.getUtf8Body()).resourceVersion()).isEmpty();
  }

  @Test
  @DisplayName("reports a create the server refuses because the object exists as ALREADY_EXISTS")
  void createOfExistingObject() {
    server.expect().post().withPath(COLLECTION).andReturn(409, status(409,
        "AlreadyExists", "virtualservices.networking.istio.io \\\"reviews\\\" already exists")).once();

    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews("reviews"),
        ApplyOptions.builder().createOnly(true).build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(onlyRequest().getMethod()).isEqualTo("POST");
  }

  @Test
  @DisplayName("replaces the object the plan read with one PUT naming its version, keeping what others added")
  void updateIsOnePut() {
    server.expect().put().withPath(PATH)
        .andReturn(200, reviews("reviews").withResourceVersion("8").toJson()).once();

    MeshResource stored = connection.apply(VIRTUAL_SERVICE, reviews("reviews"), update(live("7")));

    assertThat(stored.resourceVersion()).contains("8");
    RecordedRequest request = onlyRequest();
    assertThat(request.getMethod()).isEqualTo("PUT");
    MeshResource sent = MeshResource.parse(request.getUtf8Body());
    assertThat(sent.resourceVersion()).contains("7");
    assertThat(sent.labels()).containsEntry("team", "payments").containsEntry("app.kubernetes.io/managed-by", "mesh-sdk");
    assertThat(sent.content().at("/spec/hosts/0").asText()).isEqualTo("reviews");
  }

  @Test
  @DisplayName("reports a replace refused because the object changed, or vanished, since the plan as a stale plan")
  void updateOfChangedObject() {
    server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict",
        "Operation cannot be fulfilled on virtualservices.networking.istio.io \\\"reviews\\\": the object has been"
            + " modified; please apply your changes to the latest version and try again")).once();
    server.expect().put().withPath(PATH).andReturn(404, status(404, "NotFound",
        "virtualservices.networking.istio.io \\\"reviews\\\" not found")).once();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews("reviews"), update(live("7"))))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(onlyRequest().getMethod()).isEqualTo("PUT");
    }
  }
}
