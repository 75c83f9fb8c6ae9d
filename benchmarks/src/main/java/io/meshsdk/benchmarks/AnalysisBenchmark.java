package io.meshsdk.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshManager;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@code mesh.analyze()} takes over N objects on the embedded in-memory clusters of a
 * hosted mesh ({@code mcpc-1} and members {@code east}, {@code west}, {@code north}), with every
 * analyzer of the Istio backend found on the classpath.
 *
 * <p>Service {@code i} contributes five objects: a VirtualService and a DestinationRule (subsets
 * v1 and v2) on the control plane, and on member {@code i % 3} its Service and two pods (v1, and
 * every tenth service a v3 that no subset names). Services are spread over 20 namespaces, each with
 * a namespace-wide PeerAuthentication and an ALLOW AuthorizationPolicy, and every fiftieth service
 * has a second, foreign VirtualService for its host, so the checks have findings to report. N is
 * the JMH parameter {@code objects} (2,500, 5,000 and 10,000); reading the clusters is measured
 * with the analysis, as {@code analyze()} does both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBenchmark {
  static final List<String> MEMBERS = List.of("east", "west", "north");
  static final int NAMESPACES = 20;

  /** A manager whose mesh holds N objects across its four clusters. */
  @State(Scope.Benchmark)
  public static class Populated {
    @Param({"2500", "5000", "10000"})
    public int objects;

    MeshManager meshes;
    Mesh mesh;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryClusterConnector clusters = new InMemoryClusterConnector();
      meshes = MeshManager.builder().connector(clusters).build();
      meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      MEMBERS.forEach(m -> meshes.clusters().register(ClusterSpec.builder().name(m).build()));
      mesh = meshes.create(MeshSpec.hosted("bench").controlPlane("mcpc-1").members(MEMBERS).build());
      int planted = populate(clusters, objects);
      AnalysisReport report = mesh.analyze();
      if (report.objects() < planted || report.findings().isEmpty()) {
        throw new IllegalStateException("the mesh does not hold what the benchmark claims: " + report.objects()
            + " object(s) analyzed of " + planted + ", " + report.findings().size() + " finding(s)");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      meshes.close();
    }
  }

  /** Plants about N objects; returns how many. */
  static int populate(InMemoryClusterConnector clusters, int objects) {
    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    int count = 0;
    for (int n = 0; n < NAMESPACES; n++) {
      String ns = "ns-" + n;
      ObjectNode peer = MeshResource.skeleton("security.istio.io/v1", "PeerAuthentication", ns, "default");
      peer.putObject("spec").putObject("mtls").put("mode", "STRICT");
      mcpc.putOutOfBand(MeshResource.of(peer));
      ObjectNode allow = MeshResource.skeleton("security.istio.io/v1", "AuthorizationPolicy", ns, "allow-mesh");
      allow.putObject("spec").putArray("rules").addObject().putArray("from").addObject().putObject("source")
          .putArray("namespaces").add(ns);
      mcpc.putOutOfBand(MeshResource.of(allow));
      count += 2;
    }
    for (int i = 0; count + 5 <= objects; i++) {
      String ns = "ns-" + (i % NAMESPACES);
      String name = "svc-" + i;
      InMemoryCluster member = clusters.cluster(MEMBERS.get(i % MEMBERS.size()));
      ObjectNode vs = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", ns, name);
      ObjectNode vsSpec = vs.putObject("spec");
      vsSpec.putArray("hosts").add(name);
      ArrayNode route = vsSpec.putArray("http").addObject().putArray("route");
      route.addObject().put("weight", 90).putObject("destination").put("host", name).put("subset", "v1");
      route.addObject().put("weight", 10).putObject("destination").put("host", name).put("subset", "v2");
      mcpc.putOutOfBand(MeshResource.of(vs).withLabel("app.kubernetes.io/managed-by", "mesh-sdk")
          .withLabel("mesh.meshsdk.io/policy", name).withLabel("mesh.meshsdk.io/policy-kind", "TrafficPolicy"));
      ObjectNode dr = MeshResource.skeleton("networking.istio.io/v1", "DestinationRule", ns, name);
      ObjectNode drSpec = dr.putObject("spec").put("host", name);
      for (String version : List.of("v1", "v2")) {
        drSpec.withArray("subsets").addObject().put("name", version).putObject("labels").put("version", version);
      }
      mcpc.putOutOfBand(MeshResource.of(dr));
      ObjectNode service = MeshResource.skeleton("v1", "Service", ns, name);
      ObjectNode serviceSpec = service.putObject("spec");
      serviceSpec.putObject("selector").put("app", name);
      serviceSpec.putArray("ports").addObject().put("name", "http").put("port", 8080);
      member.putOutOfBand(MeshResource.of(service));
      for (String version : List.of("v1", i % 10 == 0 ? "v3" : "v2")) {
        ObjectNode pod = MeshResource.skeleton("v1", "Pod", ns, name + "-" + version);
        pod.with("metadata").putObject("labels").put("app", name).put("version", version);
        pod.putObject("status").put("phase", "Running");
        member.putOutOfBand(MeshResource.of(pod));
      }
      count += 5;
      if (i % 50 == 0 && count < objects) {
        ObjectNode foreign = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", ns, name + "-legacy");
        foreign.putObject("spec").putArray("hosts").add(name);
        mcpc.putOutOfBand(MeshResource.of(foreign));
        count++;
      }
    }
    return count;
  }

  /** The whole analysis of the mesh: one list per kind and cluster, then every analyzer. */
  @Benchmark
  public AnalysisReport analyze(Populated state) {
    return state.mesh.analyze();
  }
}
