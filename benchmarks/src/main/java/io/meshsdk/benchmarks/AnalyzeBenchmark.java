package io.meshsdk.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the Istio backend's analyzers take over a mesh of N objects, to show the time grows in
 * proportion to N: a control-plane cluster holds a DestinationRule and a VirtualService per
 * service, a member cluster the service's Service, Deployment and two pods, in 50 namespaces. Every
 * invocation analyzes a fresh context, so nothing indexed by an earlier one is reused. Run it as
 * benchmarks/README.md says, and compare the time per object across the three sizes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalyzeBenchmark {

  static final String CONTROL_PLANE = "mcpc-1";
  static final String MEMBER = "bj-1";
  static final int OBJECTS_PER_SERVICE = 6;

  /** The objects of a mesh of N objects, read once. */
  @State(Scope.Benchmark)
  public static class MeshObjects {
    @Param({"2500", "5000", "10000"})
    public int objects;

    List<Analyzer> analyzers;
    Map<ResourceType, List<ClusterResource>> byType;

    @Setup
    public void build() {
      analyzers = new IstioBackendProvider().create().analyzers();
      List<ClusterResource> all = new ArrayList<>();
      for (int ns = 0; ns < 50; ns++) {
        ObjectNode namespace = MeshResource.skeleton("v1", "Namespace", null, "ns-" + ns);
        namespace.with("metadata").with("labels").put("istio-injection", "enabled");
        all.add(ClusterResource.of(MEMBER, MeshResource.of(namespace)));
      }
      for (int i = 0; i < objects / OBJECTS_PER_SERVICE; i++) {
        String ns = "ns-" + (i % 50);
        String name = "svc-" + i;
        all.add(ClusterResource.of(MEMBER, service(ns, name)));
        all.add(ClusterResource.of(MEMBER, deployment(ns, name)));
        all.add(ClusterResource.of(MEMBER, pod(ns, name, "v1")));
        all.add(ClusterResource.of(MEMBER, pod(ns, name, "v2")));
        all.add(ClusterResource.of(CONTROL_PLANE, destinationRule(ns, name)));
        all.add(ClusterResource.of(CONTROL_PLANE, virtualService(ns, name)));
      }
      byType = new HashMap<>();
      for (Analyzer analyzer : analyzers) {
        for (ResourceType type : analyzer.inputs()) {
          byType.computeIfAbsent(type, t -> all.stream()
              .filter(r -> r.resource().kind().equals(t.kind()) && r.resource().apiVersion().startsWith(t.group()))
              .collect(Collectors.toList()));
        }
      }
    }
  }

  /** Every analyzer over a fresh context of the mesh's objects. */
  @Benchmark
  public int analyze(MeshObjects mesh) {
    AnalysisContext context = new Context(mesh.byType);
    int findings = 0;
    for (Analyzer analyzer : mesh.analyzers) {
      List<Finding> out = analyzer.analyze(context);
      findings += out.size();
    }
    return findings;
  }

  private static MeshResource service(String ns, String name) {
    ObjectNode o = MeshResource.skeleton("v1", "Service", ns, name);
    ObjectNode spec = o.putObject("spec");
    spec.putObject("selector").put("app", name);
    spec.putArray("ports").addObject().put("name", "http").put("port", 8080);
    return MeshResource.of(o);
  }

  private static MeshResource deployment(String ns, String name) {
    ObjectNode o = MeshResource.skeleton("apps/v1", "Deployment", ns, name);
    ObjectNode spec = o.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    template.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", "app:1");
    return MeshResource.of(o);
  }

  private static MeshResource pod(String ns, String name, String version) {
    ObjectNode o = MeshResource.skeleton("v1", "Pod", ns, name + "-" + version);
    o.with("metadata").putObject("labels").put("app", name).put("version", version);
    ArrayNode containers = o.putObject("spec").putArray("containers");
    containers.addObject().put("name", "app").put("image", "app:1");
    containers.addObject().put("name", "istio-proxy").put("image", "proxyv2:1");
    return MeshResource.of(o);
  }

  private static MeshResource destinationRule(String ns, String name) {
    ObjectNode o = MeshResource.skeleton("networking.istio.io/v1", "DestinationRule", ns, name);
    ObjectNode spec = o.putObject("spec").put("host", name);
    ArrayNode subsets = spec.putArray("subsets");
    subsets.addObject().put("name", "v1").putObject("labels").put("version", "v1");
    subsets.addObject().put("name", "v2").putObject("labels").put("version", "v2");
    return MeshResource.of(o);
  }

  private static MeshResource virtualService(String ns, String name) {
    ObjectNode o = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", ns, name);
    ObjectNode spec = o.putObject("spec");
    spec.putArray("hosts").add(name);
    ArrayNode route = spec.putArray("http").addObject().putArray("route");
    route.addObject().put("weight", 90).putObject("destination").put("host", name).put("subset", "v1");
    route.addObject().put("weight", 10).putObject("destination").put("host", name).put("subset", "v2");
    return MeshResource.of(o);
  }

  /** A hosted mesh's two clusters: the control plane's and a member's. */
  private static final class Context implements AnalysisContext {
    private final Map<ResourceType, List<ClusterResource>> byType;
    private final Map<Class<?>, Object> shared = new HashMap<>();

    Context(Map<ResourceType, List<ClusterResource>> byType) {
      this.byType = byType;
    }

    @Override
    public Optional<MeshSpec> mesh() {
      return Optional.empty();
    }

    @Override
    public List<String> clusters() {
      return List.of(CONTROL_PLANE, MEMBER);
    }

    @Override
    public boolean isConfigCluster(String cluster) {
      return cluster.equals(CONTROL_PLANE);
    }

    @Override
    public boolean isDataPlaneCluster(String cluster) {
      return cluster.equals(MEMBER);
    }

    @Override
    public boolean complete(ResourceType type) {
      return true;
    }

    @Override
    public List<ClusterResource> objects(ResourceType type) {
      return byType.getOrDefault(type, List.of());
    }

    @Override
    public List<MeshResource> objects(String cluster, ResourceType type) {
      return objects(type).stream().filter(r -> r.cluster().equals(cluster)).map(ClusterResource::resource)
          .collect(Collectors.toList());
    }

    @Override
    public <T> T shared(Class<T> key, Function<AnalysisContext, T> compute) {
      return key.cast(shared.computeIfAbsent(key, k -> compute.apply(this)));
    }
  }
}
