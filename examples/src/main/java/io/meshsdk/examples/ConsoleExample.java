package io.meshsdk.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.demo.SyntheticTraffic.Workload;
import io.meshsdk.demo.SyntheticTraffic;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.ApplyStarted;
import io.meshsdk.event.ClusterApplied;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.event.WriteRetried;
import io.meshsdk.inventory.ServiceInfo;
import io.meshsdk.inventory.WorkloadInfo;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.topology.GraphKind;
import io.meshsdk.topology.TopologyQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The back end of a mesh console on the JDK's own HTTP server: a user previews a canary (the plan,
 * as JSON and as text), confirms it in a second request (possibly on another replica: the plan
 * travels as JSON, and applying it refuses whatever moved since, with HTTP 409), watches the
 * apply's progress events, and browses the inventory and the topology (Cytoscape.js JSON, from
 * synthetic Bookinfo traffic).
 *
 * <pre>
 * POST /meshes/{mesh}/canary/preview   {"service": "reviews", "namespace": "bookinfo", "weights": {"v1": 90, "v2": 10}}
 * POST /meshes/{mesh}/plans/confirm    the "plan" of a preview
 * GET  /meshes/{mesh}/events           the progress of this replica's last apply in the mesh
 * GET  /meshes/{mesh}/inventory[?cluster=bj-1]
 * GET  /meshes/{mesh}/topology[?namespace=bookinfo&amp;minutes=5&amp;graph=workload]
 * </pre>
 *
 * <p>It runs on the embedded in-memory clusters: a hosted mesh {@code prod} with its control
 * plane on {@code mcpc-1} and the member {@code bj-1}, where Bookinfo is deployed.
 */
public final class ConsoleExample {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleExample() {}

  /**
   * Starts the console's back end and prints its URL.
   *
   * @param args optional: the port, 0 (the default) for any free one
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Console console = run(port);
    System.out.println("Console back end at " + console.uri() + " (mesh prod); try:");
    System.out.println("  curl -X POST " + console.uri() + "meshes/prod/canary/preview -d "
        + "'{\"service\": \"reviews\", \"namespace\": \"bookinfo\", \"weights\": {\"v1\": 90, \"v2\": 10}}'");
    System.out.println("  curl " + console.uri() + "meshes/prod/topology");
    Runtime.getRuntime().addShutdownHook(new Thread(console::close));
  }

  /**
   * Starts the back end on new in-memory clusters with the mesh {@code prod} and Bookinfo.
   *
   * @param port the port on 127.0.0.1; 0 for any free one
   * @return the running back end; close it to stop it
   */
  public static Console run(int port) {
    InMemoryClusterConnector clusters = new InMemoryClusterConnector();
    InMemoryMeshStore store = new InMemoryMeshStore();
    prepare(clusters, store);
    return run(port, clusters, store);
  }

  /**
   * Starts one replica of the back end on given clusters and store, which {@link #prepare} has
   * set up. Replicas on the same clusters and store serve the same meshes.
   *
   * @param port the port on 127.0.0.1; 0 for any free one
   * @param clusters the clusters
   * @param store the registry's store
   * @return the running back end; close it to stop it
   */
  public static Console run(int port, InMemoryClusterConnector clusters, MeshStore store) {
    ProgressEvents events = new ProgressEvents();
    MeshManager meshes = MeshManager.builder().connector(clusters).store(store)
        .telemetry(bookinfoTraffic().telemetrySource()).listener(events).build();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext("/meshes/", exchange -> handle(exchange, meshes, events));
      server.start();
      return new Console(server, meshes);
    } catch (IOException | RuntimeException e) {
      meshes.close();
      throw new IllegalStateException("could not start the console on port " + port, e);
    }
  }

  /**
   * Registers {@code mcpc-1} and {@code bj-1}, creates the hosted mesh {@code prod} on them and
   * deploys Bookinfo's services and workloads on {@code bj-1}, as a platform would have.
   *
   * @param clusters the clusters
   * @param store the registry's store
   */
  public static void prepare(InMemoryClusterConnector clusters, MeshStore store) {
    try (MeshManager meshes = MeshManager.builder().connector(clusters).store(store).build()) {
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").region("cn-north").build());
      meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-hub").region("cn-north").build());
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
      prod.join("bj-1");
    }
    bookinfo().forEach(clusters.cluster("bj-1")::putOutOfBand);
  }

  /** A running back end. */
  public static final class Console implements AutoCloseable {
    private final HttpServer server;
    private final MeshManager meshes;

    Console(HttpServer server, MeshManager meshes) {
      this.server = server;
      this.meshes = meshes;
    }

    /**
     * Where it listens.
     *
     * @return the base URI, ending in {@code /}
     */
    public URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Stops the server and closes the manager. */
    @Override
    public void close() {
      server.stop(0);
      meshes.close();
    }
  }

  private static void handle(HttpExchange exchange, MeshManager meshes, ProgressEvents events) throws IOException {
    try {
      String[] path = exchange.getRequestURI().getPath().substring("/meshes/".length()).split("/");
      String route = exchange.getRequestMethod() + " " + String.join("/", List.of(path).subList(1, path.length));
      Mesh mesh = meshes.find(path[0]).orElse(null);
      if (mesh == null) {
        send(exchange, 404, error("NOT_FOUND", "mesh.not-found", "no mesh " + path[0]));
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI());
      switch (route) {
        case "POST canary/preview":
          send(exchange, 200, preview(mesh, body(exchange)));
          break;
        case "POST plans/confirm":
          confirm(exchange, mesh);
          break;
        case "GET events":
          send(exchange, 200, events.of(mesh.name()));
          break;
        case "GET inventory":
          send(exchange, 200, inventory(mesh, query.get("cluster")));
          break;
        case "GET topology":
          send(exchange, 200, JSON.readTree(mesh.topology().read(TopologyQuery
              .lastMinutes(Integer.parseInt(query.getOrDefault("minutes", "5")))
              .namespace(query.getOrDefault("namespace", "bookinfo"))
              .as(GraphKind.valueOf(query.getOrDefault("graph", "workload").toUpperCase(Locale.ROOT))))
              .toCytoscapeJson()));
          break;
        default:
          send(exchange, 404, error("NOT_FOUND", "route.not-found", "no route " + route));
      }
    } catch (ValidationException e) {
      ObjectNode body = error(e.code().name(), e.messageCode(), e.getMessage());
      ArrayNode violations = body.putArray("violations");
      for (Violation v : e.violations()) {
        violations.addObject().put("field", v.field()).put("code", v.code()).put("message", v.message());
      }
      send(exchange, 400, body);
    } catch (MeshException e) {
      send(exchange, status(e.code()), error(e));
    } catch (IllegalArgumentException e) {
      send(exchange, 400, error("INVALID_INPUT", "request.invalid", String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      send(exchange, 500, error("INTERNAL", "internal", e.getClass().getSimpleName()));
    } finally {
      exchange.close();
    }
  }

  /** Plans the canary of the body; nothing is written. */
  private static ObjectNode preview(Mesh mesh, JsonNode body) throws IOException {
    String service = body.path("service").asText("");
    String namespace = body.path("namespace").asText("");
    JsonNode weights = body.path("weights");
    if (!weights.isObject() || weights.isEmpty()) {
      throw new ValidationException("canary", List.of(Violation.of("weights",
          "`weights` must map each version to its weight, such as {\"v1\": 90, \"v2\": 10}")));
    }
    TrafficPolicy.Builder policy = PolicyBuilder.forService(service).inNamespace(namespace);
    Map<String, Integer> split = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = weights.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> weight = it.next();
      if (!weight.getValue().canConvertToInt()) {
        throw new ValidationException("canary", List.of(Violation.of("weights." + weight.getKey(),
            "`weights." + weight.getKey() + "` must be a whole number, but was " + weight.getValue())));
      }
      policy.subset(weight.getKey(), Map.of("version", weight.getKey()));
      split.put(weight.getKey(), weight.getValue().asInt());
    }
    TrafficPolicy canary = policy.route(r -> split.forEach(r::toSubset)).build();
    Plan plan = mesh.policies().plan(canary);
    ObjectNode preview = JSON.createObjectNode();
    preview.set("plan", JSON.readTree(plan.toJson()));
    preview.put("rendered", plan.render());
    preview.put("hash", plan.hash());
    preview.put("unchanged", plan.changes().stream().allMatch(c -> c.action() == io.meshsdk.plan.ChangeAction.UNCHANGED));
    return preview;
  }

  /** Applies a previewed plan; anything that moved since the preview answers 409. */
  private static void confirm(HttpExchange exchange, Mesh mesh) throws IOException {
    String plan = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    ApplyResult result = mesh.policies().restore(plan).apply();
    try {
      result.orThrow();
      send(exchange, 200, JSON.readTree(result.toJson()));
    } catch (MeshException e) {
      ObjectNode body = error(e);
      body.set("result", JSON.readTree(result.toJson()));
      send(exchange, status(e.code()), body);
    }
  }

  private static ObjectNode inventory(Mesh mesh, String cluster) {
    List<ServiceInfo> services = cluster == null ? mesh.inventory().services() : mesh.inventory().services(cluster);
    List<WorkloadInfo> workloads = cluster == null ? mesh.inventory().workloads() : mesh.inventory().workloads(cluster);
    ObjectNode inventory = JSON.createObjectNode();
    ArrayNode serviceList = inventory.putArray("services");
    for (ServiceInfo s : services) {
      ObjectNode item = serviceList.addObject().put("cluster", s.cluster()).put("namespace", s.namespace())
          .put("name", s.name()).put("host", s.host());
      s.selector().forEach(item.putObject("selector")::put);
      s.ports().forEach(item.putArray("ports")::add);
    }
    ArrayNode workloadList = inventory.putArray("workloads");
    for (WorkloadInfo w : workloads) {
      ObjectNode item = workloadList.addObject().put("cluster", w.cluster()).put("kind", w.ref().kind().name())
          .put("namespace", w.ref().namespace()).put("name", w.ref().name()).put("replicas", w.replicas())
          .put("injectionWanted", w.injectionWanted());
      w.labels().forEach(item.putObject("labels")::put);
      w.pendingRestart().ifPresent(r -> item.put("pendingRestart", r.name()));
      ArrayNode pods = item.putArray("pods");
      w.pods().forEach(p -> {
        ObjectNode pod = pods.addObject().put("name", p.pod()).put("injected", p.injected());
        p.revision().ifPresent(r -> pod.put("revision", r));
      });
    }
    return inventory;
  }

  /**
   * Keeps, per mesh, the progress events of the last apply this replica made, for a page to show;
   * a real console would push them over server-sent events or a websocket as they come.
   */
  static final class ProgressEvents implements MeshListener {
    private final Map<String, List<ObjectNode>> byMesh = new ConcurrentHashMap<>();

    @Override
    public void applyStarted(ApplyStarted event) {
      List<ObjectNode> events = new CopyOnWriteArrayList<>();
      events.add(event("applyStarted", event.at(), e -> {
        e.put("planHash", event.planHash()).put("writes", event.writes());
        event.clusters().forEach(e.putArray("clusters")::add);
      }));
      byMesh.put(event.mesh(), events);
    }

    @Override
    public void objectApplied(ObjectApplied event) {
      add(event.mesh(), event("objectApplied", event.at(), e -> {
        e.put("cluster", event.cluster()).put("kind", event.outcome().ref().kind())
            .put("name", event.outcome().ref().name()).put("action", event.outcome().action().name())
            .put("status", event.outcome().status().name()).put("attempts", event.outcome().attempts());
        event.outcome().ref().namespace().ifPresent(n -> e.put("namespace", n));
        event.outcome().errorCode().ifPresent(c -> e.put("errorCode", c.name()));
        event.outcome().error().ifPresent(m -> e.put("error", m));
      }));
    }

    @Override
    public void writeRetried(WriteRetried event) {
      add(event.mesh(), event("writeRetried", event.at(), e -> e.put("cluster", event.cluster())
          .put("kind", event.ref().kind()).put("name", event.ref().name()).put("attempt", event.attempt())
          .put("errorCode", event.errorCode().name())));
    }

    @Override
    public void clusterApplied(ClusterApplied event) {
      add(event.mesh(), event("clusterApplied", event.at(), e -> e.put("cluster", event.result().cluster())
          .put("successful", event.result().successful()).put("writes", event.result().writes())));
    }

    @Override
    public void applyFinished(ApplyFinished event) {
      add(event.mesh(), event("applyFinished", event.at(), e -> e.put("planHash", event.planHash())
          .put("successful", event.result().successful()).put("cancelled", event.cancelled())
          .put("writes", event.result().writes())));
    }

    ObjectNode of(String mesh) {
      ObjectNode body = JSON.createObjectNode();
      body.put("mesh", mesh);
      body.putArray("events").addAll(byMesh.getOrDefault(mesh, List.of()));
      return body;
    }

    private void add(String mesh, ObjectNode event) {
      byMesh.computeIfAbsent(mesh, m -> new CopyOnWriteArrayList<>()).add(event);
    }

    private static ObjectNode event(String type, Instant at, Consumer<ObjectNode> details) {
      ObjectNode event = JSON.createObjectNode().put("type", type).put("at", at.toString());
      details.accept(event);
      return event;
    }
  }

  private static int status(ErrorCode code) {
    switch (code) {
      case INVALID_INPUT:
      case INVALID_POLICY:
        return 400;
      case FORBIDDEN:
        return 403;
      case NOT_FOUND:
        return 404;
      case CONFLICT:
      case STALE_PLAN:
      case ALREADY_EXISTS:
        return 409;
      case PLACEMENT_REJECTED:
      case UNSUPPORTED_CAPABILITY:
        return 422;
      case CLUSTER_UNREACHABLE:
      case RATE_LIMITED:
      case TIMEOUT:
        return 503;
      default:
        return 500;
    }
  }

  /** The error as a page translates it: the code, the message code with its arguments, and English. */
  private static ObjectNode error(MeshException e) {
    ObjectNode body = error(e.code().name(), e.messageCode(), e.getMessage());
    ObjectNode arguments = body.putObject("arguments");
    e.arguments().forEach((k, v) -> arguments.put(k, String.valueOf(v)));
    return body;
  }

  private static ObjectNode error(String code, String messageCode, String message) {
    return JSON.createObjectNode().put("code", code).put("messageCode", messageCode).put("message", message);
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode body = JSON.readTree(in);
      if (body == null || !body.isObject()) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Bookinfo's calls on bj-1, as Istio's proxies would report them. */
  static SyntheticTraffic bookinfoTraffic() {
    Workload productpage = workload("productpage", "v1");
    Workload details = workload("details", "v1");
    Workload reviewsV1 = workload("reviews", "v1");
    Workload reviewsV2 = workload("reviews", "v2");
    Workload reviewsV3 = workload("reviews", "v3");
    Workload ratings = workload("ratings", "v1");
    return SyntheticTraffic.builder()
        .call(Workload.unknown(), productpage, c -> c.http(20).latency(5, 20, 40))
        .call(productpage, details, c -> c.http(20).errors(0.04, 503).latency(3, 10, 20))
        .call(productpage, reviewsV1, c -> c.http(8).latency(10, 30, 60))
        .call(productpage, reviewsV2, c -> c.http(8).latency(15, 50, 120))
        .call(productpage, reviewsV3, c -> c.http(4).errors(0.2, 500).latency(20, 80, 250))
        .call(reviewsV2, ratings, c -> c.http(8).latency(2, 5, 10))
        .call(reviewsV3, ratings, c -> c.http(4).latency(2, 5, 10))
        .build();
  }

  private static Workload workload(String app, String version) {
    return Workload.of("bj-1", "bookinfo", app + "-" + version).app(app).version(version).service(app);
  }

  /** Bookinfo as a platform deployed it on bj-1: a Service per app, a Deployment and a pod per version. */
  static List<MeshResource> bookinfo() {
    List<MeshResource> objects = new ArrayList<>();
    objects.add(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "bookinfo")));
    Map<String, List<String>> versions = new LinkedHashMap<>();
    versions.put("productpage", List.of("v1"));
    versions.put("details", List.of("v1"));
    versions.put("reviews", List.of("v1", "v2", "v3"));
    versions.put("ratings", List.of("v1"));
    versions.forEach((app, list) -> {
      ObjectNode service = MeshResource.skeleton("v1", "Service", "bookinfo", app);
      ObjectNode spec = service.putObject("spec");
      spec.putObject("selector").put("app", app);
      spec.putArray("ports").addObject().put("name", "http").put("port", 9080);
      objects.add(MeshResource.of(service));
      for (String version : list) {
        String name = app + "-" + version;
        String image = "docker.io/istio/examples-bookinfo-" + name + ":1.20.2";
        ObjectNode deployment = MeshResource.skeleton("apps/v1", "Deployment", "bookinfo", name);
        ObjectNode deploymentSpec = deployment.putObject("spec");
        deploymentSpec.put("replicas", 1);
        deploymentSpec.putObject("selector").putObject("matchLabels").put("app", app).put("version", version);
        ObjectNode template = deploymentSpec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", app).put("version", version);
        template.putObject("spec").putArray("containers").addObject().put("name", app).put("image", image);
        objects.add(MeshResource.of(deployment));
        ObjectNode pod = MeshResource.skeleton("v1", "Pod", "bookinfo", name + "-7d9f");
        ((ObjectNode) pod.get("metadata")).putObject("labels").put("app", app).put("version", version);
        pod.putObject("spec").putArray("containers").addObject().put("name", app).put("image", image);
        objects.add(MeshResource.of(pod));
      }
    });
    return objects;
  }
}
