package io.meshsdk.istio.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Mock API servers standing for clusters, and kubeconfig files that reach them. */
final class MockClusters {
  /** A token that must never show up in a log line, a message or a toString(). */
  static final String PLANTED_TOKEN = "planted-Tok3n-9f8e7d6c5b4a";

  private MockClusters() {}

  /** A server that stores what it is sent, as an API server would (no server-side apply). */
  /**
   * Stops mock API servers. fabric8's mock web server 7.5 may throw {@code
   * RejectedExecutionException} from its shutdown once it has closed its own event loop
   * (fabric8io/kubernetes-client#7747, fixed in a later release): by then the server is stopped, so
   * that is no failure of the test.
   */
  static void destroy(KubernetesMockServer... servers) {
    for (KubernetesMockServer server : servers) {
      try {
        server.destroy();
      } catch (RejectedExecutionException e) {
        // stopped: only the wait for the stop found its event loop gone
      }
    }
  }

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
   * The CRUD dispatcher plus the two things of an API server the SDK relies on: {@code /version}
   * answers with a version (the plain dispatcher answers it with an empty list), and, as the
   * token controller does, a service-account token Secret gets its token when it is created.
   */
  private static final class VersionedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger tokens = new AtomicInteger();

    VersionedCrudDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if ("/version".equals(request.getPath())) {
        return new MockResponse().setResponseCode(200)
            .setBody("{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.2\"}");
      }
      if ("POST".equals(request.getMethod()) && request.getPath().endsWith("/secrets")) {
        try {
          JsonNode secret = JSON.readTree(request.getBody().getBytes());
          if ("kubernetes.io/service-account-token".equals(secret.path("type").asText())
              && !secret.path("data").has("token")) {
            ((ObjectNode) secret).withObjectProperty("data").put("token", Base64.getEncoder().encodeToString(
                ("issued-sa-token-" + tokens.incrementAndGet()).getBytes(StandardCharsets.UTF_8)));
            return super.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, request.getPath(),
                request.getHeaders(), new Buffer(JSON.writeValueAsBytes(secret))));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
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
