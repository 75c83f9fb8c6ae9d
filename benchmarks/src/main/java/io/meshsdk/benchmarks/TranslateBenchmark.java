package io.meshsdk.benchmarks;

import io.meshsdk.policy.Policy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.TranslationContext;
import java.util.List;
import java.util.ServiceLoader;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What N service policies cost before any cluster is involved:
 *
 * <ul>
 *   <li>{@link #build}: {@code PolicyBuilder...build()} for each policy, which validates it;
 *   <li>{@link #translate}: the Istio backend's translation of the built policies into their
 *       DestinationRule and VirtualService;
 *   <li>{@link #buildAndTranslate}: both, as {@code mesh.policies().plan(...)} pays them.
 * </ul>
 *
 * <p>The backend is the one {@code MeshManager} finds on the classpath ({@link ServiceLoader} of
 * {@link MeshBackendProvider}), called through the SPI with the context of a mesh named {@code
 * bench}. The policies are those of {@link PlanBenchmark}: subsets v1 and v2, a 90/10 route.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslateBenchmark {

  /** The Istio backend and N policies built once. */
  @State(Scope.Benchmark)
  public static class Policies {
    @Param({"10000"})
    public int policies;

    MeshBackend backend;
    TranslationContext context;
    List<TrafficPolicy> built;

    @Setup(Level.Trial)
    public void setUp() {
      backend = backend();
      context = TranslationContext.of("bench");
      built = PlanBenchmark.policies(policies);
      long objects = translateAll(backend, context, built);
      if (objects != 2L * policies) {
        throw new IllegalStateException("expected " + 2L * policies + " objects from " + policies
            + " policies, but the backend translated them into " + objects);
      }
    }
  }

  /** The only backend on the classpath, found as {@code MeshManager} finds it. */
  static MeshBackend backend() {
    List<MeshBackendProvider> providers = ServiceLoader.load(MeshBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    if (providers.size() != 1) {
      throw new IllegalStateException("expected one mesh backend on the classpath, found " + providers.size());
    }
    return providers.get(0).create();
  }

  static long translateAll(MeshBackend backend, TranslationContext context, List<? extends Policy> policies) {
    long objects = 0;
    for (Policy policy : policies) {
      List<MeshResource> resources = backend.translate(policy, context);
      objects += resources.size();
    }
    return objects;
  }

  /**
   * Builds and validates N policies.
   *
   * @param state the size
   * @return the policies
   */
  @Benchmark
  public List<TrafficPolicy> build(Policies state) {
    return PlanBenchmark.policies(state.policies);
  }

  /**
   * Translates N built policies.
   *
   * @param state the policies and the backend
   * @return the number of objects
   */
  @Benchmark
  public long translate(Policies state) {
    return translateAll(state.backend, state.context, state.built);
  }

  /**
   * Builds, validates and translates N policies.
   *
   * @param state the size and the backend
   * @return the number of objects
   */
  @Benchmark
  public long buildAndTranslate(Policies state) {
    return translateAll(state.backend, state.context, PlanBenchmark.policies(state.policies));
  }
}
