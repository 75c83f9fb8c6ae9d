package io.meshsdk.benchmarks;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.testing.MeshTest;
import io.meshsdk.testing.TestCluster;
import io.meshsdk.testing.TestMesh;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a test using the JUnit extension pays before its first line runs, with three clusters
 * and one hosted mesh whose two members join:
 *
 * <ul>
 *   <li>{@link #extensionSetup()}: the work {@code MeshExtension} does before each test (a new
 *       manager on new in-memory clusters, three clusters registered, the mesh created and its
 *       members joined one by one, each join writing remote secrets and network wiring), then
 *       closing it, as JUnit does after the test;
 *   <li>{@link #meshTestClass()}: a whole {@code @MeshTest} class with one test, discovered and run
 *       by the JUnit Platform, as a build tool runs it: the above plus JUnit's own cost.
 * </ul>
 *
 * Run it as benchmarks/README.md says.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeshExtensionBenchmark {

  /** The declaration measured by {@link #meshTestClass()}. */
  @MeshTest(
      clusters = {@TestCluster(name = "mcpc-1"), @TestCluster(name = "east", network = "net-east"),
          @TestCluster(name = "west", network = "net-west")},
      meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = {"east", "west"}))
  public static class ThreeClusterMeshTest {
    /**
     * The one test: checks that the mesh is there, so that a broken setup cannot be measured as
     * fast.
     *
     * @param prod the mesh the extension created
     */
    @org.junit.jupiter.api.Test
    public void meshIsReady(Mesh prod) {
      if (!prod.spec().members().equals(List.of("east", "west"))) {
        throw new AssertionError("the mesh's members are " + prod.spec().members());
      }
    }
  }

  /**
   * The extension's per-test setup and teardown.
   *
   * @return the mesh, so that nothing is optimised away
   */
  @Benchmark
  public Mesh extensionSetup() {
    InMemoryClusterConnector connector = new InMemoryClusterConnector();
    try (MeshManager manager = MeshManager.builder().connector(connector).build()) {
      manager.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      manager.clusters().register(ClusterSpec.builder().name("east").network("net-east").build());
      manager.clusters().register(ClusterSpec.builder().name("west").network("net-west").build());
      return manager.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("east").addMember("west")
          .build());
    }
  }

  /**
   * A {@code @MeshTest} class of one test, run by the JUnit Platform.
   *
   * @return the run's statistics
   */
  @Benchmark
  public Events meshTestClass() {
    Events tests = EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(ThreeClusterMeshTest.class))
        .execute()
        .testEvents();
    if (tests.succeeded().count() != 1) {
      throw new IllegalStateException("the @MeshTest class did not pass: " + tests.failed().count() + " failed, "
          + tests.aborted().count() + " aborted");
    }
    return tests;
  }
}
