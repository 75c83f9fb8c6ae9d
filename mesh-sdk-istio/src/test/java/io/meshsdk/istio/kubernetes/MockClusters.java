package io.meshsdk.istio.kubernetes;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Mock API servers standing for clusters, and kubeconfig files that reach them. */
final class MockClusters {
  /** A token that must never show up in a log line, a message or a toString(). */
  static final String PLANTED_TOKEN = "planted-Tok3n-9f8e7d6c5b4a";

  private MockClusters() {}

  /** A server that stores what it is sent, as an API server would (no server-side apply). */
  static KubernetesMockServer crud() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), new VersionedCrudDispatcher(), false,
        new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.2").build());
    server.init();
    for (ResourceType type : IstioResourceTypes.ALL) {
      server.expectCustomResource(crd(type));
    }
    return server;
  }

  /**
   * The CRUD dispatcher answers {@code /version} with an empty list, as it would any unknown
   * path; an API server answers with its version.
   */
  private static final class VersionedCrudDispatcher extends KubernetesCrudDispatcher {
    VersionedCrudDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if ("/version".equals(request.getPath())) {
        return new MockResponse().setResponseCode(200)
            .setBody("{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.2\"}");
      }
      return super.dispatch(request);
    }
  }

  /** A server that answers only what a test expects. */
  static KubernetesMockServer expectations() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    return server;
  }

  static CustomResourceDefinitionContext crd(ResourceType type) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(type.apiVersion().substring(type.apiVersion().indexOf('/') + 1))
        .withKind(type.kind())
        .withPlural(type.plural())
        .withScope("Namespaced")
        .build();
  }

  /** Writes a kubeconfig with the planted token for a server and registers it under a name. */
  static ClusterSpec cluster(String name, KubernetesMockServer server, Path dir) {
    return ClusterSpec.builder().name(name).kubeconfig(kubeconfig(name, server, dir), name).build();
  }

  static String kubeconfigText(String name, KubernetesMockServer server) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: " + name + "\n"
        + "  cluster:\n"
        + "    server: " + server.url("/").replaceAll("/$", "") + "\n"
        + "users:\n"
        + "- name: " + name + "-admin\n"
        + "  user:\n"
        + "    token: " + PLANTED_TOKEN + "\n"
        + "contexts:\n"
        + "- name: " + name + "\n"
        + "  context:\n"
        + "    cluster: " + name + "\n"
        + "    user: " + name + "-admin\n"
        + "current-context: " + name + "\n";
  }

  static Path kubeconfig(String name, KubernetesMockServer server, Path dir) {
    try {
      Path file = dir.resolve(name + ".kubeconfig");
      Files.writeString(file, kubeconfigText(name, server));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Does what a real API server's token controller does for the reader account that joining a
   * hosted mesh creates: the mock server has no controllers, so the token Secret is put in place,
   * filled, before the member joins.
   */
  static void issueReaderToken(KubernetesMockServer server, String mesh, String member) {
    try (KubernetesClient client = server.createClient()) {
      client.secrets().inNamespace("istio-system").resource(new SecretBuilder()
          .withNewMetadata()
          .withName("istio-reader-" + mesh + "-token-1")
          .withNamespace("istio-system")
          .withLabels(Map.of("app.kubernetes.io/managed-by", "mesh-sdk", "mesh.meshsdk.io/mesh", mesh,
              "mesh.meshsdk.io/member", member))
          .withAnnotations(Map.of("kubernetes.io/service-account.name", "istio-reader-" + mesh,
              "mesh.meshsdk.io/token-generation", "1"))
          .endMetadata()
          .withType("kubernetes.io/service-account-token")
          .withData(Map.of("token", Base64.getEncoder().encodeToString(
              ("issued-for-" + member).getBytes(StandardCharsets.UTF_8))))
          .build()).create();
    }
  }

  /** Every request the server received so far, oldest first. */
  static List<RecordedRequest> drain(KubernetesMockServer server) {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return requests;
  }

  /** The requests that could change state. */
  static List<RecordedRequest> writes(List<RecordedRequest> requests) {
    List<RecordedRequest> writes = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (!r.getMethod().equals("GET")) {
        writes.add(r);
      }
    }
    return writes;
  }
}
