package io.meshsdk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of a class a fresh {@link io.meshsdk.MeshManager} on embedded in-memory
 * clusters, with the clusters and meshes declared here already registered and created. Test
 * methods (and {@code @BeforeEach} methods) receive the manager, the {@link
 * io.meshsdk.core.InMemoryClusterConnector} to inspect what was written, and meshes by name:
 *
 * <pre>{@code
 * @MeshTest(meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = {"bj-1", "sh-1"}))
 * class CanaryServiceTest {
 *   @Test
 *   void shiftsTraffic(Mesh prod, InMemoryClusterConnector clusters) {
 *     new CanaryService(prod).shift("reviews", 10);
 *     MeshAssertions.assertThat(clusters.cluster("mcpc-1"))
 *         .hasObject("VirtualService", "bookinfo/reviews");
 *   }
 * }
 * }</pre>
 *
 * <p>To run the clusters on fabric8 mock API servers over real HTTP instead, one server per
 * cluster, set {@link #clusterKind()} and take a {@link io.meshsdk.testing.kubernetes.MockApiServers}
 * parameter:
 *
 * <pre>{@code
 * @MeshTest(clusterKind = ClusterKind.MOCK_API_SERVER,
 *     meshes = @TestMesh(name = "prod", controlPlane = "mcpc-1", members = "bj-1"))
 * class CanaryOverHttpTest {
 *   @Test
 *   void writesTwoObjects(Mesh prod, MockApiServers servers) {
 *     new CanaryService(prod).shift("reviews", 10);
 *     assertThat(servers.takeWrites("mcpc-1")).hasSize(2);
 *   }
 * }
 * }</pre>
 *
 * <p>State is never shared between tests, so tests may run in parallel. For settings an
 * annotation cannot express, register {@link MeshExtension#builder()} with {@code
 * @RegisterExtension} instead.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MeshExtension.class)
public @interface MeshTest {

  /**
   * Clusters to register, with their network and region. Clusters that a mesh names but that are
   * not listed here are registered with a name only.
   *
   * @return the clusters
   */
  TestCluster[] clusters() default {};

  /**
   * Meshes to create, in order.
   *
   * @return the meshes
   */
  TestMesh[] meshes() default {};

  /**
   * What the clusters are made of.
   *
   * @return {@link ClusterKind#IN_MEMORY} unless set
   */
  ClusterKind clusterKind() default ClusterKind.IN_MEMORY;
}
