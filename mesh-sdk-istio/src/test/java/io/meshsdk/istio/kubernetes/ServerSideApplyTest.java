package io.meshsdk.istio.kubernetes;

import static io.meshsdk.istio.IstioResourceTypes.VIRTUAL_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.istio.internal.kubernetes.KubernetesConnection;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Server-side apply, against canned API server answers")
class ServerSideApplyTest {
  static final String PATH = "/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews";
  static final String COLLECTION = "/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices";

  private KubernetesMockServer server;
  private ClusterConnection connection;

  @BeforeEach
  void connect(@TempDir Path dir) {
    server = MockClusters.expectations();
    connection = KubernetesClusterConnector.builder().build()
        .connect(MockClusters.cluster("mcpc-1", server, dir));
  }

  @AfterEach
  void close() {
    connection.close();
    MockClusters.destroy(server);
  }

  private static MeshResource reviews() {
    return KubernetesConnectionCrudTest.virtualService("bookinfo", "reviews", Map.of("app.kubernetes.io/managed-by", "mesh-sdk"));
  }

  private static String stored(String resourceVersion) {
    return reviews().withResourceVersion(resourceVersion).toJson();
  }

  private static String status(int code, String reason, String message, String details) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\"" + (details == null ? "" : ",\"details\":" + details)
        + ",\"code\":" + code + "}";
  }

  private RecordedRequest onlyRequest() {
    List<RecordedRequest> requests = MockClusters.drain(server);
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  @DisplayName("sends one PATCH as apply-patch+yaml with fieldManager=mesh-sdk and no force")
  void requestShape() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(200, stored("7")).once();

    MeshResource result = connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build());

    assertThat(result.resourceVersion()).contains("7");
    RecordedRequest request = onlyRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(request.getPath()).doesNotContain("force").doesNotContain("dryRun");
    assertThat(MeshResource.parse(request.getUtf8Body())).isEqualTo(reviews());
  }

  @Test
  @DisplayName("adds force=true only when the write is forced")
  void force() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk&force=true").andReturn(200, stored("8")).once();

    connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().force(true).build());

    assertThat(onlyRequest().getPath()).contains("fieldManager=mesh-sdk").contains("force=true");
  }

  @Test
  @DisplayName("asks for dryRun=All for a server-side dry run")
  void dryRun() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk&dryRun=All").andReturn(200, stored("8")).once();

    connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().dryRun(true).build());

    assertThat(onlyRequest().getPath()).contains("dryRun=All").contains("fieldManager=mesh-sdk");
  }

  @Test
  @DisplayName("puts the expected resource version into the applied object as a precondition")
  void expectedVersion() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(200, stored("9")).once();

    connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().expectedResourceVersion("8").build());

    assertThat(MeshResource.parse(onlyRequest().getUtf8Body()).resourceVersion()).contains("8");
  }

  @Test
  @DisplayName("reports a field owned by another manager as a conflict naming that manager")
  void managerConflict() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(409, status(409, "Conflict",
        "Apply failed with 1 conflict: conflict with \\\"kubectl-edit\\\" using networking.istio.io/v1: .spec.hosts",
        "{\"causes\":[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"kubectl-edit\\\" using networking.istio.io/v1\",\"field\":\".spec.hosts\"}]}"))
        .once();

    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("\"kubectl-edit\"").contains(".spec.hosts")
              .contains("VirtualService bookinfo/reviews").contains("mcpc-1");
        });
  }

  @Test
  @DisplayName("reports 'the object has been modified' as a stale plan")
  void modified() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(409, status(409, "Conflict",
        "Operation cannot be fulfilled on virtualservices.networking.istio.io \\\"reviews\\\": the object has been modified;"
            + " please apply your changes to the latest version and try again", null)).once();

    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(),
        ApplyOptions.builder().expectedResourceVersion("3").build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
  }

  @Test
  @DisplayName("reports 429 as retryable RATE_LIMITED with the server's Retry-After")
  void throttled() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReply(429,
        r -> status(429, "TooManyRequests", "too many requests, please try again later", "{\"retryAfterSeconds\":7}"))
        .withHeader("Retry-After", "7").once();

    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build()))
        .isInstanceOfSatisfying(MeshBackendException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(e.retryable()).isTrue();
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
  }

  @Test
  @DisplayName("reports 500 and 503 as retryable backend errors, and 422 as a lasting one")
  void serverErrors() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(500,
        status(500, "InternalError", "etcdserver: leader changed", null)).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(503,
        status(503, "ServiceUnavailable", "the server is currently unable to handle the request", null)).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(422,
        status(422, "Invalid", "VirtualService.networking.istio.io \\\"reviews\\\" is invalid: spec.hosts: Required value", null)).once();

    for (int expected : new int[] {500, 503}) {
      assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build()))
          .isInstanceOfSatisfying(MeshBackendException.class, e -> {
            assertThat(e.status()).isEqualTo(expected);
            assertThat(e.retryable()).as("HTTP %s is transient", expected).isTrue();
          });
    }
    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().build()))
        .isInstanceOfSatisfying(MeshBackendException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("spec.hosts: Required value");
        });
    assertThat(((KubernetesConnection) connection).writeStrategy()).isEqualTo(WriteStrategy.SERVER_SIDE_APPLY);
  }

  @Test
  @DisplayName("reports a 500 that could not decode the object, and a 400, as lasting INVALID_INPUT naming the field")
  void invalidObjectAnsweredWith500() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(500, status(500, "InternalError",
        "failed to create typed patch object (bookinfo/reviews; networking.istio.io/v1, Kind=VirtualService):"
            + " .spec.http[0].timeout: expected string, got &value.valueUnstructured{Value:5}", null)).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(500, status(500, "InternalError",
        "failed to create typed patch object (bookinfo/reviews; networking.istio.io/v1, Kind=VirtualService):"
            + " .spec.gateway: field not declared in schema", null)).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(400, status(400, "BadRequest",
        "the object could not be read", "{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"field\":\"spec.hosts[0]\"}]}"))
        .once();

    for (String field : new String[] {".spec.http[0].timeout", ".spec.gateway", "spec.hosts[0]"}) {
      assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().dryRun(false).build()))
          .isInstanceOfSatisfying(MeshBackendException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.retryable()).as("refused %s", field).isFalse();
            assertThat(e.getMessage()).contains(field).contains("rejected as invalid");
          });
    }
    assertThat(((KubernetesConnection) connection).writeStrategy()).isEqualTo(WriteStrategy.SERVER_SIDE_APPLY);
  }

  @Test
  @DisplayName("puts the expected uid into the applied object, and reports the refusal to create a vanished one as a stale plan")
  void expectedUid() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(200, stored("9")).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(409, status(409, "Conflict",
        "Operation cannot be fulfilled on virtualservices.networking.istio.io \\\"reviews\\\": uid mismatch: the provided"
            + " object specified uid 0d9c, and no existing object was found", null)).once();

    connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().expectedResourceVersion("8").expectedUid("0d9c").build());
    assertThat(MeshResource.parse(onlyRequest().getUtf8Body()).content().path("metadata").path("uid").asText())
        .isEqualTo("0d9c");
    assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(),
        ApplyOptions.builder().expectedResourceVersion("8").expectedUid("0d9c").build()))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
  }

  @Test
  @DisplayName("names mesh-sdk as the field manager of merge patches and first in the User-Agent")
  void mergePatchFieldManager() {
    server.expect().get().withPath(PATH).andReturn(200, stored("8")).always();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(200, stored("9")).once();

    connection.mergePatch(VIRTUAL_SERVICE, "bookinfo", "reviews",
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("x", 1));

    RecordedRequest request = MockClusters.drain(server).stream().filter(r -> r.getMethod().equals("PATCH"))
        .findFirst().orElseThrow();
    assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(request.getPath()).contains("fieldManager=mesh-sdk");
    assertThat(request.getHeader("User-Agent")).startsWith("mesh-sdk/");
  }

  @Test
  @DisplayName("creates with one apply naming a resource version no stored object has, without reading first")
  void createOnly() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(200, stored("5")).once();

    MeshResource created = connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().createOnly(true).build());

    assertThat(created.resourceVersion()).contains("5");
    RecordedRequest request = onlyRequest();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(MeshResource.parse(request.getUtf8Body()).resourceVersion()).contains(Long.toString(Long.MAX_VALUE));
  }

  @Test
  @DisplayName("reports a create refused by the version precondition, or by another manager's fields, as an object that already exists")
  void createOnlyRefused() {
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(409, status(409, "Conflict",
        "Operation cannot be fulfilled on virtualservices.networking.istio.io \\\"reviews\\\": the object has been"
            + " modified; please apply your changes to the latest version and try again", null)).once();
    server.expect().patch().withPath(PATH + "?fieldManager=mesh-sdk").andReturn(409, status(409, "Conflict",
        "Apply failed with 1 conflict: conflict with \\\"kubectl-create\\\" using networking.istio.io/v1: .spec.hosts",
        "{\"causes\":[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"kubectl-create\\\" using networking.istio.io/v1\",\"field\":\".spec.hosts\"}]}"))
        .once();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> connection.apply(VIRTUAL_SERVICE, reviews(), ApplyOptions.builder().createOnly(true).build()))
          .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
      assertThat(onlyRequest().getMethod()).isEqualTo("PATCH");
    }
  }

  @Test
  @DisplayName("reads a large list page by page with limit and continue")
  void paginates() {
    String item = "{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"VirtualService\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"bookinfo\",\"resourceVersion\":\"1\"}}";
    server.expect().get().withPath(COLLECTION + "?labelSelector=mesh%3Dprod&limit=500")
        .andReturn(200, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"continue\":\"page-2\"},\"items\":["
            + String.format(item, "b") + "]}").once();
    server.expect().get().withPath(COLLECTION + "?continue=page-2&labelSelector=mesh%3Dprod&limit=500")
        .andReturn(200, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{},\"items\":["
            + String.format(item, "a") + "]}").once();

    List<MeshResource> listed = connection.list(VIRTUAL_SERVICE, "bookinfo", Map.of("mesh", "prod"));

    assertThat(listed).extracting(MeshResource::name).containsExactly("a", "b");
    assertThat(MockClusters.drain(server)).extracting(RecordedRequest::getPath)
        .allSatisfy(p -> assertThat(p).contains("limit=500").contains("labelSelector=mesh%3Dprod"))
        .hasSize(2);
  }

  @Test
  @DisplayName("deletes with the expected resource version as a precondition, and maps its conflict to a stale plan")
  void deleteWithPrecondition() {
    server.expect().delete().withPath(PATH).andReturn(409, status(409, "Conflict",
        "Precondition failed: ResourceVersion in precondition: 3, ResourceVersion in object meta: 4: the object might have been modified", null)).once();

    assertThatThrownBy(() -> connection.delete(VIRTUAL_SERVICE, "bookinfo", "reviews", Optional.of("3")))
        .isInstanceOfSatisfying(MeshConflictException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
    assertThat(onlyRequest().getUtf8Body()).contains("\"preconditions\"").contains("\"resourceVersion\":\"3\"");
  }

  @Test
  @DisplayName("reports a cluster that does not answer as unreachable and retryable")
  void unreachable() {
    MockClusters.destroy(server);

    assertThatThrownBy(() -> connection.get(VIRTUAL_SERVICE, "bookinfo", "reviews"))
        .isInstanceOfSatisfying(MeshException.class, e -> {
          assertThat(e.code()).isIn(ErrorCode.CLUSTER_UNREACHABLE, ErrorCode.TIMEOUT);
          assertThat(e.retryable()).isTrue();
        });
  }
}
