package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The console back end example")
class ConsoleExampleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY_90_10 =
      "{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 90, \"v2\": 10}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private ConsoleExample.Console replicaA;
  private ConsoleExample.Console replicaB;

  @BeforeEach
  void start() {
    InMemoryMeshStore store = new InMemoryMeshStore();
    ConsoleExample.prepare(clusters, store);
    // two replicas of the back end on the same store and clusters
    replicaA = ConsoleExample.run(0, clusters, store);
    replicaB = ConsoleExample.run(0, clusters, store);
  }

  @AfterEach
  void stop() {
    replicaA.close();
    replicaB.close();
  }

  @Test
  @DisplayName("previews a canary on one replica, confirms it on another, then previews nothing to do")
  void previewAndConfirm() throws Exception {
    long writesBefore = clusters.writes();
    Response preview = post(replicaA, "meshes/prod/canary/preview", CANARY_90_10);

    assertThat(preview.status).isEqualTo(200);
    assertThat(preview.body.path("unchanged").asBoolean()).isFalse();
    assertThat(preview.body.path("plan").path("kind").asText()).isEqualTo("Plan");
    assertThat(preview.body.path("plan").path("summary").path("create").asInt()).isPositive();
    assertThat(preview.body.path("rendered").asText()).contains("reviews");
    assertThat(clusters.writes()).as("a preview writes nothing").isEqualTo(writesBefore);

    Response confirmed = post(replicaB, "meshes/prod/plans/confirm", JSON.writeValueAsString(preview.body.get("plan")));

    assertThat(confirmed.status).isEqualTo(200);
    assertThat(confirmed.body.path("mesh").asText()).isEqualTo("prod");
    assertThat(clusters.cluster("mcpc-1").find("VirtualService", "bookinfo", "reviews")).isPresent();

    Response again = post(replicaA, "meshes/prod/canary/preview", CANARY_90_10);
    assertThat(again.body.path("unchanged").asBoolean()).isTrue();
    assertThat(again.body.path("plan").path("summary").path("create").asInt()).isZero();
    assertThat(again.body.path("plan").path("summary").path("update").asInt()).isZero();
  }

  @Test
  @DisplayName("refuses with 409 and the error's message code a plan whose objects moved since the preview")
  void stalePlan() throws Exception {
    post(replicaA, "meshes/prod/plans/confirm",
        plan(post(replicaA, "meshes/prod/canary/preview", CANARY_90_10)));
    String fiftyFifty = plan(post(replicaA, "meshes/prod/canary/preview",
        "{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 50, \"v2\": 50}}"));
    // someone else changes the weights between that preview and its confirmation
    Response other = post(replicaA, "meshes/prod/plans/confirm", plan(post(replicaA, "meshes/prod/canary/preview",
        "{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 70, \"v2\": 30}}")));
    assertThat(other.status).isEqualTo(200);

    Response stale = post(replicaB, "meshes/prod/plans/confirm", fiftyFifty);

    assertThat(stale.status).isEqualTo(409);
    assertThat(stale.body.path("code").asText()).isEqualTo("STALE_PLAN");
    assertThat(stale.body.path("messageCode").asText()).isEqualTo("apply.failed");
    assertThat(stale.body.path("result").path("clusters").toString()).contains("STALE_PLAN");
    Response preview = post(replicaA, "meshes/prod/canary/preview",
        "{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 70, \"v2\": 30}}");
    assertThat(preview.body.path("unchanged").asBoolean()).as("the 70/30 weights stay").isTrue();
  }

  @Test
  @DisplayName("answers a bad canary with 400 naming the field, and writes nothing")
  void badInput() throws Exception {
    long writesBefore = clusters.writes();

    Response bad = post(replicaA, "meshes/prod/canary/preview",
        "{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 90, \"v2\": 30}}");
    Response noWeights = post(replicaA, "meshes/prod/canary/preview", "{\"service\": \"reviews\"}");

    assertThat(bad.status).isEqualTo(400);
    assertThat(bad.body.path("violations").toString()).contains("weight");
    assertThat(noWeights.status).isEqualTo(400);
    assertThat(noWeights.body.path("violations").get(0).path("field").asText()).isEqualTo("weights");
    assertThat(clusters.writes()).isEqualTo(writesBefore);
  }

  @Test
  @DisplayName("shows the progress events of the last apply")
  void events() throws Exception {
    post(replicaB, "meshes/prod/plans/confirm", plan(post(replicaA, "meshes/prod/canary/preview", CANARY_90_10)));

    Response events = get(replicaB, "meshes/prod/events");

    assertThat(events.status).isEqualTo(200);
    List<String> types = new ArrayList<>();
    events.body.path("events").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types.get(0)).isEqualTo("applyStarted");
    assertThat(types.get(types.size() - 1)).isEqualTo("applyFinished");
    assertThat(types).contains("objectApplied", "clusterApplied");
    JsonNode object = events.body.path("events").get(1);
    assertThat(object.path("cluster").asText()).isEqualTo("mcpc-1");
    assertThat(object.path("status").asText()).isEqualTo("APPLIED");
    assertThat(events.body.path("events").get(types.size() - 1).path("successful").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("lists the services and workloads of a cluster")
  void inventory() throws Exception {
    Response inventory = get(replicaA, "meshes/prod/inventory?cluster=bj-1");

    assertThat(inventory.status).isEqualTo(200);
    List<String> services = new ArrayList<>();
    inventory.body.path("services").forEach(s -> services.add(s.path("name").asText()));
    List<String> workloads = new ArrayList<>();
    inventory.body.path("workloads").forEach(w -> workloads.add(w.path("name").asText()));
    assertThat(services).contains("reviews", "productpage", "ratings", "details");
    assertThat(workloads).contains("reviews-v1", "reviews-v2", "reviews-v3", "productpage-v1");
    assertThat(inventory.body.path("workloads").get(0).path("cluster").asText()).isEqualTo("bj-1");
  }

  @Test
  @DisplayName("draws the topology as Cytoscape.js elements")
  void topology() throws Exception {
    Response topology = get(replicaA, "meshes/prod/topology");

    assertThat(topology.status).isEqualTo(200);
    JsonNode elements = topology.body.path("elements");
    assertThat(elements.path("nodes").size()).isPositive();
    assertThat(elements.path("edges").size()).isPositive();
    assertThat(elements.toString()).contains("reviews-v3", "ratings-v1");
  }

  @Test
  @DisplayName("answers 404 for a mesh that does not exist")
  void unknownMesh() throws Exception {
    assertThat(get(replicaA, "meshes/staging/events").status).isEqualTo(404);
  }

  private static String plan(Response preview) throws IOException {
    assertThat(preview.status).isEqualTo(200);
    return JSON.writeValueAsString(preview.body.get("plan"));
  }

  private Response post(ConsoleExample.Console console, String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(console.uri().resolve(path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private Response get(ConsoleExample.Console console, String path) throws Exception {
    return send(HttpRequest.newBuilder(console.uri().resolve(path)).GET().build());
  }

  private Response send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), JSON.readTree(response.body()));
  }

  private static final class Response {
    final int status;
    final JsonNode body;

    Response(int status, JsonNode body) {
      this.status = status;
      this.body = body;
    }
  }
}
