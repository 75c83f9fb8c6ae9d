package io.meshsdk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.istio.kubernetes.WriteStrategy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.testing.kubernetes.MockApiServers;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies N services (one DestinationRule and one VirtualService each) with the SDK and with the
 * loop a platform developer writes without it (fabric8, one object at a time), interleaved in one
 * run, to a fabric8 mock API server and, where its binaries are built, to a real kube-apiserver;
 * then re-applies them unchanged, then with 1 % changed. For each it counts the wall time, the API
 * requests by verb and the bytes sent, and prints tables with the ratios SDK / naive. It then
 * measures the retained heap of a large mesh state on the embedded in-memory clusters and the
 * threads each Kubernetes connection costs. See benchmarks/README.md for the command.
 *
 * <p>The order on each server is SDK, naive, SDK, naive..., each in its own fresh namespace (on the
 * mock, also on a fresh server: the CRUD mock slows down as it stores more objects): one round of
 * the SDK with its default options against the first naive variant (on the real server only, where
 * it runs: the real server announces Priority and Fairness, so the SDK lifts its client-side limit;
 * the mock does not, so there the default limit would bound the round), then {@code
 * bench.rounds} rounds of the SDK with its client-side limit lifted against the naive variants in
 * turn (on the real server: server-side apply, then createOr(update)). The re-applies go through
 * the same order again, on the same namespaces.
 *
 * <p>System properties: {@code bench.services} (1000), {@code bench.rounds} (2), {@code
 * bench.defaultLimits} (true: the round of the SDK with its default options), {@code bench.real} (true: the real API server where built),
 * {@code bench.writesPerCluster} (8, the SDK's default: objects the SDK writes to the cluster at once),
 * {@code bench.memoryServices} (50000), {@code bench.connections} (20).
 */
public final class ApplyComparison {
  static final String CLUSTER = "bench";
  static final String GROUP = "networking.istio.io";
  static final ResourceDefinitionContext DESTINATION_RULES = context("DestinationRule", "destinationrules");
  static final ResourceDefinitionContext VIRTUAL_SERVICES = context("VirtualService", "virtualservices");
  static final ObjectMapper JSON = new ObjectMapper();
  /** The mock servers log every request at INFO through java.util.logging; held so that the level sticks. */
  static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private ApplyComparison() {}

  /** One service of the benchmark: its name, namespace, and the weight of subset v1 (v2 gets the rest). */
  record Service(String name, String namespace, int v1Weight) {
    TrafficPolicy policy() {
      return PolicyBuilder.forService(name)
          .inNamespace(namespace)
          .subset("v1", Map.of("version", "v1"))
          .subset("v2", Map.of("version", "v2"))
          .route(r -> r.toSubset("v1", v1Weight).toSubset("v2", 100 - v1Weight))
          .build();
    }

    String host() {
      return name + "." + namespace + ".svc.cluster.local";
    }

    /** The DestinationRule as a developer writes it by hand with fabric8's generic resources. */
    GenericKubernetesResource destinationRule() {
      GenericKubernetesResource rule = skeleton("DestinationRule");
      rule.setAdditionalProperty("spec", Map.of("host", host(), "subsets", List.of(
          Map.of("name", "v1", "labels", Map.of("version", "v1")),
          Map.of("name", "v2", "labels", Map.of("version", "v2")))));
      return rule;
    }

    /** The VirtualService as a developer writes it by hand. */
    GenericKubernetesResource virtualService() {
      GenericKubernetesResource service = skeleton("VirtualService");
      service.setAdditionalProperty("spec", Map.of("hosts", List.of(host()), "http", List.of(Map.of("route", List.of(
          Map.of("destination", Map.of("host", host(), "subset", "v1"), "weight", v1Weight),
          Map.of("destination", Map.of("host", host(), "subset", "v2"), "weight", 100 - v1Weight))))));
      return service;
    }

    private GenericKubernetesResource skeleton(String kind) {
      GenericKubernetesResource resource = new GenericKubernetesResource();
      resource.setApiVersion(GROUP + "/v1");
      resource.setKind(kind);
      resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
      return resource;
    }
  }

  static List<Service> services(int n, String namespace) {
    List<Service> services = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      services.add(new Service("svc-" + i, namespace, 90));
    }
    return services;
  }

  /** The same services with every hundredth one routing 80/20. */
  static List<Service> onePercentChanged(List<Service> services) {
    List<Service> changed = new ArrayList<>(services);
    for (int i = 0; i < changed.size(); i += 100) {
      Service s = changed.get(i);
      changed.set(i, new Service(s.name(), s.namespace(), 80));
    }
    return changed;
  }

  // ---------------------------------------------------------------- what is counted

  /** Requests by verb (LIST, GET, CREATE, UPDATE, PATCH, APPLY, DELETE; OTHER for non-Istio paths) and body bytes. */
  record Counts(Map<String, Long> requests, long bodyBytes) {
    Counts minus(Counts before) {
      Map<String, Long> delta = new TreeMap<>();
      requests.forEach((verb, n) -> {
        long d = n - before.requests.getOrDefault(verb, 0L);
        if (d != 0) {
          delta.put(verb, d);
        }
      });
      return new Counts(delta, bodyBytes - before.bodyBytes);
    }

    long istioRequests() {
      return requests.entrySet().stream().filter(e -> !e.getKey().equals("OTHER")).mapToLong(Map.Entry::getValue).sum();
    }

    long writes() {
      return requests.entrySet().stream()
          .filter(e -> List.of("CREATE", "UPDATE", "PATCH", "APPLY", "DELETE").contains(e.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }

    String byVerb() {
      StringBuilder s = new StringBuilder();
      requests.forEach((verb, n) -> s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(verb));
      return s.toString();
    }
  }

  /** An API server the services are applied to, behind a counting proxy. */
  interface Target extends AutoCloseable {
    String name();

    /** The cluster to register with the SDK: the proxied kubeconfig. */
    ClusterSpec clusterSpec();

    /** A client through the proxy, as the naive loop builds it. */
    KubernetesClient naiveClient();

    KubernetesClusterConnector connector(boolean defaultLimits);

    boolean serverSideApply();

    void createNamespace(String namespace);

    /** Cumulative counts of the requests the server received. */
    Counts counts();

    CountingProxy proxy();

    @Override
    void close();
  }

  static final class MockTarget implements Target {
    final MockApiServers servers = new MockApiServers();
    final CountingProxy proxy;
    final Path kubeconfig;
    final Map<String, Long> requests = new TreeMap<>();
    long bodyBytes;

    MockTarget() throws IOException {
      KubernetesMockServer server = servers.server(CLUSTER);
      URI uri = URI.create(server.url("/"));
      proxy = new CountingProxy(uri.getHost(), uri.getPort());
      String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: "
          + proxy.url("http") + "\nusers:\n- name: admin\n  user:\n    token: mock-token\ncontexts:\n"
          + "- name: bench\n  context:\n    cluster: bench\n    user: admin\ncurrent-context: bench\n";
      kubeconfig = Files.createTempFile("bench-mock", ".kubeconfig");
      Files.writeString(kubeconfig, text);
    }

    @Override
    public String name() {
      return "mock API server (fabric8, CRUD)";
    }

    @Override
    public ClusterSpec clusterSpec() {
      return ClusterSpec.builder().name(CLUSTER).kubeconfig(kubeconfig, CLUSTER).build();
    }

    @Override
    public KubernetesClient naiveClient() {
      return new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
    }

    @Override
    public KubernetesClusterConnector connector(boolean defaultLimits) {
      // the mock server does not serve server-side apply
      return KubernetesClusterConnector.builder().defaults(o -> {
        o.writeStrategy(WriteStrategy.UPDATE);
        if (!defaultLimits) {
          o.qps(10_000).burst(100_000);
        }
      }).build();
    }

    @Override
    public boolean serverSideApply() {
      return false;
    }

    @Override
    public void createNamespace(String namespace) {
      // the mock server stores namespaced objects without their namespace
    }

    @Override
    public synchronized Counts counts() {
      for (RecordedRequest request : servers.takeRequests(CLUSTER)) {
        String path = request.getPath();
        String verb;
        if (!path.startsWith("/apis/" + GROUP + "/")) {
          verb = "OTHER";
        } else {
          String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
          boolean collection = plain.endsWith("/destinationrules") || plain.endsWith("/virtualservices");
          String contentType = String.valueOf(request.getHeader("Content-Type"));
          verb = switch (request.getMethod()) {
            case "GET" -> collection ? "LIST" : "GET";
            case "POST" -> "CREATE";
            case "PUT" -> "UPDATE";
            case "PATCH" -> contentType.contains("apply-patch") ? "APPLY" : "PATCH";
            default -> request.getMethod();
          };
        }
        requests.merge(verb, 1L, Long::sum);
        bodyBytes += bodySize(request);
      }
      return new Counts(new TreeMap<>(requests), bodyBytes);
    }

    /** The body's length, or its Content-Length where the server already consumed the body. */
    static long bodySize(RecordedRequest request) {
      long size = request.getBody() == null ? 0 : request.getBody().getBytes().length;
      String length = request.getHeader("Content-Length");
      return Math.max(size, length == null ? 0 : Long.parseLong(length.trim()));
    }

    @Override
    public CountingProxy proxy() {
      return proxy;
    }

    @Override
    public void close() {
      proxy.close();
      servers.close();
    }
  }

  static final class RealTarget implements Target {
    static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{(.*)}\\s+(\\S+)$");
    static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    final RealApiServers servers;
    final CountingProxy proxy;
    final Path kubeconfig;

    RealTarget(RealApiServers servers) throws IOException {
      this.servers = servers;
      URI uri = URI.create(servers.url(CLUSTER));
      proxy = new CountingProxy(uri.getHost(), uri.getPort());
      kubeconfig = Files.createTempFile("bench-real", ".kubeconfig");
      Files.writeString(kubeconfig, Files.readString(servers.kubeconfig(CLUSTER))
          .replace(servers.url(CLUSTER), proxy.url("https")));
    }

    @Override
    public String name() {
      return "real kube-apiserver";
    }

    @Override
    public ClusterSpec clusterSpec() {
      return ClusterSpec.builder().name(CLUSTER).kubeconfig(kubeconfig, CLUSTER).build();
    }

    @Override
    public KubernetesClient naiveClient() {
      return new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
    }

    @Override
    public KubernetesClusterConnector connector(boolean defaultLimits) {
      return defaultLimits ? KubernetesClusterConnector.builder().build()
          : KubernetesClusterConnector.builder().defaults(o -> o.qps(10_000).burst(100_000)).build();
    }

    @Override
    public boolean serverSideApply() {
      return true;
    }

    @Override
    public void createNamespace(String namespace) {
      servers.createNamespace(CLUSTER, namespace);
    }

    /**
     * From the API server's own metrics: {@code apiserver_request_total} of the Istio group by verb
     * (OTHER: every other resource request, which includes the API server's own loopback requests),
     * and {@code apiserver_request_body_size_bytes_sum} of DestinationRules and VirtualServices.
     */
    @Override
    public Counts counts() {
      String metrics = servers.client(CLUSTER).raw("/metrics");
      Map<String, Long> requests = new TreeMap<>();
      double body = 0;
      for (String line : metrics.split("\n")) {
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
        double value = Double.parseDouble(sample.group(3));
        String resource = labels.getOrDefault("resource", "");
        if (sample.group(1).equals("apiserver_request_total")) {
          if (resource.isEmpty() || resource.equals("leases")) {
            continue; // /metrics, /readyz and the like; the API server's lease renewals
          }
          String verb = !GROUP.equals(labels.get("group")) ? "OTHER" : switch (labels.get("verb")) {
            case "POST" -> "CREATE";
            case "PUT" -> "UPDATE";
            default -> labels.get("verb");
          };
          requests.merge(verb, (long) value, Long::sum);
        } else if (sample.group(1).equals("apiserver_request_body_size_bytes_sum")
            && (resource.startsWith("destinationrules") || resource.startsWith("virtualservices"))) {
          body += value;
        }
      }
      return new Counts(requests, (long) body);
    }

    @Override
    public CountingProxy proxy() {
      return proxy;
    }

    @Override
    public void close() {
      proxy.close();
    }
  }

  static Config config(Path kubeconfig) {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- the two sides

  enum Variant {
    SDK_DEFAULT("SDK, default options (50 req/s, burst 300; lifted under Priority and Fairness)", true),
    SDK_UNLIMITED("SDK, client-side limit lifted", true),
    NAIVE_CREATE_OR("naive loop, createOr(update)", false),
    NAIVE_SSA("naive loop, server-side apply", false);

    final String label;
    final boolean sdk;

    Variant(String label, boolean sdk) {
      this.label = label;
      this.sdk = sdk;
    }
  }

  /** One variant applying to one namespace, through all the phases. */
  interface Side extends AutoCloseable {
    /** Applies the services and returns the number of objects written, as the side knows it. */
    long apply(List<Service> services);

    /** How long the last apply spent planning, in milliseconds; -1 for a side that does not plan. */
    default long planMillis() {
      return -1;
    }

    @Override
    void close();
  }

  static final class SdkSide implements Side {
    final MeshManager manager;
    final Mesh mesh;
    long planMillis;

    @Override
    public long planMillis() {
      return planMillis;
    }

    SdkSide(Target target, boolean defaultLimits, String meshName) {
      manager = MeshManager.builder().connector(target.connector(defaultLimits))
          .writesPerCluster(Integer.getInteger("bench.writesPerCluster", 8)).build();
      manager.clusters().register(target.clusterSpec());
      mesh = manager.create(MeshSpec.hosted(meshName).controlPlane(CLUSTER).build());
    }

    @Override
    public long apply(List<Service> services) {
      List<TrafficPolicy> policies = new ArrayList<>(services.size());
      for (Service s : services) {
        policies.add(s.policy());
      }
      long t0 = System.nanoTime();
      Plan plan = mesh.policies().plan(policies);
      planMillis = (System.nanoTime() - t0) / 1_000_000;
      ApplyResult result = plan.apply();
      if (!result.successful()) {
        throw new IllegalStateException("the SDK's apply failed: " + result.failures());
      }
      return result.writes();
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  static final class NaiveSide implements Side {
    final KubernetesClient client;
    final boolean serverSideApply;

    NaiveSide(Target target, boolean serverSideApply) {
      this.client = target.naiveClient();
      this.serverSideApply = serverSideApply;
    }

    @Override
    public long apply(List<Service> services) {
      for (Service s : services) {
        write(DESTINATION_RULES, s.destinationRule());
        write(VIRTUAL_SERVICES, s.virtualService());
      }
      return 2L * services.size();
    }

    private void write(ResourceDefinitionContext type, GenericKubernetesResource object) {
      var resource = client.genericKubernetesResources(type).inNamespace(object.getMetadata().getNamespace())
          .resource(object);
      if (serverSideApply) {
        resource.fieldManager("platform").forceConflicts().serverSideApply();
      } else {
        resource.createOr(NonDeletingOperation::update);
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }

  static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  // ---------------------------------------------------------------- the run

  /** One measured apply. */
  record Result(String target, String phase, Variant variant, int round, long millis, Counts counts,
      long wireSent, long wireReceived, long objects, long written, String load) {

    /** Requests to the Istio kinds other than lists, per object the side wrote; NaN when it wrote none. */
    double requestsPerWrite() {
      long lists = counts.requests().getOrDefault("LIST", 0L);
      return written == 0 ? Double.NaN : (double) (counts.istioRequests() - lists) / written;
    }
  }

  static final List<Result> RESULTS = new ArrayList<>();
  static final List<String> PHASES = List.of("first apply", "re-apply unchanged", "re-apply 1 % changed");

  public static void main(String[] args) throws Exception {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    int services = Integer.getInteger("bench.services", 1000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    boolean defaultLimits = Boolean.parseBoolean(System.getProperty("bench.defaultLimits", "true"));
    boolean real = Boolean.parseBoolean(System.getProperty("bench.real", "true"));
    int memoryServices = Integer.getInteger("bench.memoryServices", 50_000);
    int connections = Integer.getInteger("bench.connections", 20);
    long start = System.nanoTime();
    System.out.printf("mesh-sdk apply comparison: %d services (%d objects), %d cores, Java %s, max heap %d MB, load %s%n",
        services, 2 * services, Runtime.getRuntime().availableProcessors(), Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20, load());
    checkSameObjects();

    boolean realBuilt = real && RealApiServers.home().isPresent();
    // the round at the default client-side limit is bound by that limit, whichever the server: it
    // runs on the real server where there is one
    compare(() -> {
      try {
        return new MockTarget();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, services, rounds, defaultLimits && !realBuilt);
    if (!real) {
      System.out.println("real API server: skipped (-Dbench.real=false)");
    } else if (!realBuilt) {
      System.out.println("real API server: SKIPPED, its binaries are not built; " + RealApiServers.howToBuild());
    } else {
      try (RealApiServers servers = RealApiServers.builder().build()) {
        startWithRetry(servers);
        RealTarget target = new RealTarget(servers);
        compare(() -> target, services, rounds, defaultLimits);
      }
    }
    printTables();
    if (memoryServices > 0) {
      RetainedHeap.measure(memoryServices);
    }
    if (connections > 0) {
      threadsPerConnection(connections);
    }
    System.out.printf("%ntotal %.0f s, load %s%n", (System.nanoTime() - start) / 1e9, load());
    System.exit(0); // fabric8 and the mock servers leave non-daemon threads behind
  }

  /** The naive loop writes the same specs as the SDK's translation, so that the bytes compare. */
  static void checkSameObjects() {
    MeshBackend backend = TranslateBenchmark.backend();
    Service s = new Service("svc-0", "bench", 90);
    List<MeshResource> translated = backend.translate(s.policy(), TranslationContext.of("bench"));
    Map<String, GenericKubernetesResource> naive = Map.of("DestinationRule", s.destinationRule(),
        "VirtualService", s.virtualService());
    for (MeshResource resource : translated) {
      JsonNode sdkSpec = resource.content().get("spec");
      JsonNode naiveSpec = JSON.valueToTree(naive.get(resource.kind()).getAdditionalProperties().get("spec"));
      if (!sdkSpec.equals(naiveSpec)) {
        throw new IllegalStateException("the naive loop's " + resource.kind() + " differs from the SDK's: "
            + naiveSpec + " against " + sdkSpec);
      }
    }
  }

  static void startWithRetry(RealApiServers servers) {
    for (int attempt = 1; ; attempt++) {
      try {
        servers.url(CLUSTER);
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("the real API server did not start (" + e.getMessage() + "), again");
      }
    }
  }

  /**
   * Runs the schedule on targets from {@code targets}: the mock gives each side a server of its
   * own (a CRUD mock answers more slowly the more objects it stores, so that a shared one would
   * favour whoever runs first), the real server is shared.
   */
  static void compare(Supplier<Target> targets, int services, int rounds, boolean defaultLimits) {
    List<Target> opened = new ArrayList<>();
    Supplier<Target> open = () -> {
      Target t = targets.get();
      if (!opened.contains(t)) {
        opened.add(t);
      }
      return t;
    };
    Target first = open.get();
    System.out.printf("%n== %s ==%n", first.name());
    List<Variant> schedule = new ArrayList<>();
    List<Variant> naive = first.serverSideApply() ? List.of(Variant.NAIVE_SSA, Variant.NAIVE_CREATE_OR)
        : List.of(Variant.NAIVE_CREATE_OR);
    if (defaultLimits) {
      schedule.add(Variant.SDK_DEFAULT);
      schedule.add(naive.get(0));
    }
    for (int r = 0; r < rounds; r++) {
      schedule.add(Variant.SDK_UNLIMITED);
      schedule.add(naive.get(r % naive.size()));
    }
    Map<Integer, Side> sides = new LinkedHashMap<>();
    Map<Integer, Target> targetOf = new LinkedHashMap<>();
    Map<Integer, List<Service>> applied = new LinkedHashMap<>();
    Map<Variant, Integer> roundOf = new LinkedHashMap<>();
    try {
      // a short warm-up of both sides' code paths, not counted
      try (Side sdk = side(first, Variant.SDK_UNLIMITED, "warmup-sdk");
           Side loop = side(first, naive.get(0), "warmup-naive")) {
        sdk.apply(services(50, "warmup-sdk"));
        loop.apply(services(50, "warmup-naive"));
      }
      for (int i = 0; i < schedule.size(); i++) {
        Variant v = schedule.get(i);
        String namespace = (v.sdk ? "sdk-" : "naive-") + i;
        Target target = open.get();
        targetOf.put(i, target);
        sides.put(i, side(target, v, namespace));
        applied.put(i, services(services, namespace));
      }
      for (String phase : PHASES) {
        roundOf.clear();
        for (int i = 0; i < schedule.size(); i++) {
          Variant v = schedule.get(i);
          int round = roundOf.merge(v, 1, Integer::sum);
          List<Service> list = phase.contains("1 %") ? onePercentChanged(applied.get(i)) : applied.get(i);
          measure(targetOf.get(i), phase, v, round, sides.get(i), list);
        }
      }
    } finally {
      sides.values().forEach(Side::close);
      opened.forEach(Target::close);
    }
  }

  static Side side(Target target, Variant variant, String namespace) {
    target.createNamespace(namespace);
    return switch (variant) {
      case SDK_DEFAULT -> new SdkSide(target, true, "m-" + namespace);
      case SDK_UNLIMITED -> new SdkSide(target, false, "m-" + namespace);
      case NAIVE_CREATE_OR -> new NaiveSide(target, false);
      case NAIVE_SSA -> new NaiveSide(target, true);
    };
  }

  static void measure(Target target, String phase, Variant variant, int round, Side side, List<Service> services) {
    Counts before = target.counts();
    long sent = target.proxy().sent();
    long received = target.proxy().received();
    long t0 = System.nanoTime();
    long written = side.apply(services);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    Counts counts = target.counts().minus(before);
    Result result = new Result(target.name(), phase, variant, round, millis, counts,
        target.proxy().sent() - sent, target.proxy().received() - received, 2L * services.size(), written, load());
    RESULTS.add(result);
    System.out.printf("%-20s %-44s #%d %8d ms%s  %6d requests (%s) for %d written  sent %,d B (bodies %,d B)  load %s%n",
        phase, variant.label, round, millis, side.planMillis() < 0 ? "" : " (plan " + side.planMillis() + " ms)",
        counts.istioRequests(), counts.byVerb(), written, result.wireSent(), counts.bodyBytes(), result.load());
  }

  // ---------------------------------------------------------------- the tables

  static void printTables() {
    System.out.println("\n## Apply: mean of the rounds\n");
    System.out.println("| server | phase | variant | rounds | wall time | Istio requests (by verb) | objects written | requests per object written, lists apart | other requests | bytes sent (wire) | request bodies | bytes sent per object applied |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    Map<String, List<Result>> groups = new LinkedHashMap<>();
    for (Result r : RESULTS) {
      groups.computeIfAbsent(r.target() + "|" + r.phase() + "|" + r.variant(), k -> new ArrayList<>()).add(r);
    }
    for (List<Result> g : groups.values()) {
      Result first = g.get(0);
      System.out.printf("| %s | %s | %s | %d | %s | %s (%s) | %s | %s | %s | %s | %s | %s |%n", first.target(), first.phase(),
          first.variant().label, g.size(), ms(mean(g, Result::millis)),
          count(mean(g, r -> r.counts().istioRequests())), first.counts().byVerb(),
          count(mean(g, Result::written)), perWrite(g),
          count(mean(g, r -> r.counts().requests().getOrDefault("OTHER", 0L))),
          bytes(mean(g, Result::wireSent)), bytes(mean(g, r -> r.counts().bodyBytes())),
          bytes(mean(g, Result::wireSent) / first.objects()));
    }
    System.out.println("\n## Ratios SDK / naive (below 1: the SDK is cheaper)\n");
    System.out.println("| server | phase | SDK | naive | time | SDK faster by | requests | bytes sent | writes SDK / naive |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String target : RESULTS.stream().map(Result::target).distinct().toList()) {
      for (String phase : PHASES) {
        for (Variant sdk : List.of(Variant.SDK_DEFAULT, Variant.SDK_UNLIMITED)) {
          for (Variant naive : List.of(Variant.NAIVE_CREATE_OR, Variant.NAIVE_SSA)) {
            List<Result> s = select(target, phase, sdk);
            List<Result> n = select(target, phase, naive);
            if (s.isEmpty() || n.isEmpty()) {
              continue;
            }
            double sdkRequests = mean(s, r -> r.counts().istioRequests());
            double naiveRequests = mean(n, r -> r.counts().istioRequests());
            System.out.printf("| %s | %s | %s | %s | %s (%s / %s) | %s | %s (%s / %s) | %s (%s / %s) | %s / %s |%n", target,
                phase, sdk.label, naive.label, ratio(mean(s, Result::millis), mean(n, Result::millis)),
                ms(mean(s, Result::millis)), ms(mean(n, Result::millis)),
                String.format(Locale.ROOT, "%.1f×", mean(n, Result::millis) / mean(s, Result::millis)),
                ratio(sdkRequests, naiveRequests), count(sdkRequests), count(naiveRequests),
                ratio(mean(s, Result::wireSent), mean(n, Result::wireSent)),
                bytes(mean(s, Result::wireSent)), bytes(mean(n, Result::wireSent)),
                count(mean(s, r -> r.counts().writes())), count(mean(n, r -> r.counts().writes())));
          }
        }
      }
    }
  }

  /** The mean requests per object written, lists apart, or a dash when nothing was written. */
  static String perWrite(List<Result> results) {
    double perWrite = results.stream().mapToDouble(Result::requestsPerWrite).filter(d -> !Double.isNaN(d))
        .average().orElse(Double.NaN);
    return Double.isNaN(perWrite) ? "–" : String.format(Locale.ROOT, "%.2f", perWrite);
  }

  static List<Result> select(String target, String phase, Variant variant) {
    return RESULTS.stream().filter(r -> r.target().equals(target) && r.phase().equals(phase) && r.variant() == variant)
        .toList();
  }

  static double mean(List<Result> results, Function<Result, Long> value) {
    return results.stream().mapToLong(value::apply).average().orElse(Double.NaN);
  }

  static String ratio(double sdk, double naive) {
    double r = sdk / naive;
    return r >= 0.1 ? String.format(Locale.ROOT, "%.2f", r)
        : String.format(Locale.ROOT, "%.4f (1/%.0f)", r, naive / sdk);
  }

  static String ms(double millis) {
    return millis >= 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000)
        : String.format(Locale.ROOT, "%.0f ms", millis);
  }

  static String count(double n) {
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  static String bytes(double b) {
    if (b >= 1 << 20) {
      return String.format(Locale.ROOT, "%.2f MB", b / (1 << 20));
    }
    return b >= 1024 ? String.format(Locale.ROOT, "%.2f KB", b / 1024) : String.format(Locale.ROOT, "%.0f B", b);
  }

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  // ---------------------------------------------------------------- threads per connection

  /** Threads before and after opening connections to mock servers whose own threads already run. */
  static void threadsPerConnection(int n) throws IOException {
    System.out.printf("%n## Threads of %d Kubernetes connections%n%n", n);
    try (MockApiServers servers = new MockApiServers()) {
      List<ClusterSpec> specs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "c-" + i;
        specs.add(servers.clusterSpec(name));
        URI uri = URI.create(servers.server(name).url("/"));
        rawGet(uri.getHost(), uri.getPort()); // the server's own threads start here, not below
      }
      KubernetesClusterConnector connector = KubernetesClusterConnector.builder().build();
      int before = ManagementFactory.getThreadMXBean().getThreadCount();
      Map<String, Long> namesBefore = threadNames();
      List<ClusterConnection> opened = new ArrayList<>();
      for (ClusterSpec spec : specs) {
        ClusterConnection connection = connector.connect(spec);
        connection.serverVersion();
        opened.add(connection);
      }
      int after = ManagementFactory.getThreadMXBean().getThreadCount();
      Map<String, Long> namesAfter = threadNames();
      opened.forEach(ClusterConnection::close);
      Map<String, Long> added = new TreeMap<>();
      namesAfter.forEach((k, v) -> {
        long d = v - namesBefore.getOrDefault(k, 0L);
        if (d != 0) {
          added.put(k, d);
        }
      });
      System.out.printf("threads: %d before, %d with %d connections open (one request each): %.1f per connection%n",
          before, after, n, (after - before) / (double) n);
      System.out.println("new threads by name: " + added);
    }
  }

  static Map<String, Long> threadNames() {
    Map<String, Long> names = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.merge(t.getName().replaceAll("\\d+", "N"), 1L, Long::sum);
    }
    return names;
  }

  static void rawGet(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /version HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      in.readAllBytes();
    }
  }

  // ---------------------------------------------------------------- retained heap

  /** The heap a large mesh state holds in the embedded clusters. */
  static final class RetainedHeap {
    private RetainedHeap() {}

    static void measure(int n) {
      System.out.printf("%n## Retained heap of %,d services (%,d objects) in the embedded clusters%n%n", n, 2 * n);
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedAfterGc(memory);
      long t0 = System.nanoTime();
      MeshManager manager = MeshManager.builder().build();
      manager.clusters().register(ClusterSpec.builder().name(CLUSTER).build());
      Mesh mesh = manager.create(MeshSpec.hosted("retained").controlPlane(CLUSTER).build());
      int chunk = 5_000;
      for (int from = 0; from < n; from += chunk) {
        List<TrafficPolicy> policies = new ArrayList<>();
        for (int i = from; i < Math.min(n, from + chunk); i++) {
          policies.add(new Service("svc-" + i, "ns-" + (i / 1000), 90).policy());
        }
        // what the clusters keep is measured here; preflight analysis holds a transient copy of the
        // mesh while it runs (see docs/scale.md), which would only add noise to the measure
        ApplyResult result = mesh.policies().plan(policies).apply(ApplyMode.STANDARD, Preflight.SKIP);
        if (!result.successful()) {
          throw new IllegalStateException("applying to the embedded clusters failed: " + result.failures());
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long after = usedAfterGc(memory);
      long retained = after - before;
      long objects = 0;
      long json = 0;
      long annotations = 0;
      long largestAnnotation = 0;
      for (List<MeshResource> resources : mesh.policies().resources().values()) {
        for (MeshResource r : resources) {
          objects++;
          json += r.toJson().getBytes(StandardCharsets.UTF_8).length;
          long size = 0;
          for (Map.Entry<String, String> a : r.annotations().entrySet()) {
            if (a.getKey().startsWith("mesh.meshsdk.io/intent")) { // the intent and its hash
              size += a.getKey().length() + a.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
          }
          annotations += size;
          largestAnnotation = Math.max(largestAnnotation, size);
        }
      }
      System.out.printf("applied in %.1f s (%.0f µs per object), load %s%n", seconds, seconds * 1e6 / objects, load());
      System.out.printf("retained: %.1f MB for %,d objects = %,d B per object (%.1f x its compact JSON)%n",
          retained / 1048576.0, objects, retained / objects, retained / (double) json);
      System.out.printf("compact JSON: %,d B per object; intent annotations (mesh.meshsdk.io/intent and"
          + " intent-hash, keys and values): %,d B per object (largest %,d B), %.0f %% of the JSON%n",
          json / objects, annotations / objects, largestAnnotation, 100.0 * annotations / json);
      if (mesh.spec() == null) {
        throw new IllegalStateException(); // keeps the manager reachable until here
      }
      manager.close();
    }

    static long usedAfterGc(MemoryMXBean memory) {
      long used = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        System.gc();
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
      }
      return used;
    }
  }
}
