package io.meshsdk.testing;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link MeshTest}: before each test it builds a fresh {@link
 * MeshManager} on new in-memory clusters, registers the declared clusters, creates the declared
 * meshes (hosted members join one by one, as in production) and closes it all after the test.
 * Resolves parameters of type {@link MeshManager}, {@link InMemoryClusterConnector} and {@link
 * Mesh}.
 *
 * <p>Use the annotation, or register a configured instance:
 *
 * <pre>{@code
 * @RegisterExtension
 * static MeshExtension meshes = MeshExtension.builder()
 *     .cluster(ClusterSpec.builder().name("bj-1").network("net-bj").build())
 *     .mesh(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1").build())
 *     .configure(builder -> builder.applyParallelism(1))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MeshExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MeshExtension.class);
  private static final String STATE = "state";

  private final List<ClusterSpec> clusters;
  private final List<MeshSpec> meshes;
  private final UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration;

  /** Used by {@link MeshTest}: reads the declaration from the test class. */
  public MeshExtension() {
    this(List.of(), List.of(), UnaryOperator.identity());
  }

  private MeshExtension(List<ClusterSpec> clusters, List<MeshSpec> meshes,
      UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration) {
    this.clusters = List.copyOf(clusters);
    this.meshes = List.copyOf(meshes);
    this.configuration = configuration;
  }

  /**
   * Starts a programmatic declaration, for {@code @RegisterExtension}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    List<ClusterSpec> declaredClusters = new ArrayList<>(clusters);
    List<MeshSpec> declaredMeshes = new ArrayList<>(meshes);
    declaration(context.getRequiredTestClass()).ifPresent(annotation -> {
      for (TestCluster cluster : annotation.clusters()) {
        ClusterSpec.Builder spec = ClusterSpec.builder().name(cluster.name());
        if (!cluster.network().isEmpty()) {
          spec.network(cluster.network());
        }
        if (!cluster.region().isEmpty()) {
          spec.region(cluster.region());
        }
        declaredClusters.add(spec.build());
      }
      for (TestMesh mesh : annotation.meshes()) {
        declaredMeshes.add(toSpec(mesh));
      }
    });
    InMemoryClusterConnector connector = new InMemoryClusterConnector();
    MeshManager manager = configuration.apply(MeshManager.builder()).connector(connector).build();
    State state = new State(manager, connector);
    context.getStore(NAMESPACE).put(STATE, state);
    Map<String, ClusterSpec> toRegister = new LinkedHashMap<>();
    declaredClusters.forEach(c -> toRegister.put(c.name(), c));
    for (MeshSpec mesh : declaredMeshes) {
      for (String cluster : mesh.clusters()) {
        toRegister.putIfAbsent(cluster, ClusterSpec.builder().name(cluster).build());
      }
    }
    toRegister.values().forEach(manager.clusters()::register);
    for (MeshSpec mesh : declaredMeshes) {
      state.meshes.put(mesh.name(), manager.create(mesh));
    }
  }

  /** The class's own declaration, or that of the class it is nested in. */
  private static Optional<MeshTest> declaration(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      Optional<MeshTest> found = AnnotationSupport.findAnnotation(c, MeshTest.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static MeshSpec toSpec(TestMesh mesh) {
    MeshSpec.Builder spec;
    switch (mesh.mode()) {
      case DEDICATED:
        spec = MeshSpec.dedicated(mesh.name());
        break;
      case EXTERNAL:
        spec = MeshSpec.external(mesh.name()).primaries(List.of(mesh.primaries()));
        break;
      default:
        spec = MeshSpec.hosted(mesh.name());
        if (!mesh.controlPlane().isEmpty()) {
          spec.controlPlane(mesh.controlPlane());
        }
        break;
    }
    return spec.members(List.of(mesh.members())).build();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MeshManager.class || type == InMemoryClusterConnector.class || type == Mesh.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    State state = context.getStore(NAMESPACE).get(STATE, State.class);
    if (state == null) {
      throw new ParameterResolutionException("mesh-sdk test state exists only in test and @BeforeEach methods");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == MeshManager.class) {
      return state.manager;
    }
    if (type == InMemoryClusterConnector.class) {
      return state.connector;
    }
    return parameter.findAnnotation(TestMesh.Named.class)
        .map(named -> {
          Mesh mesh = state.meshes.get(named.value());
          if (mesh == null) {
            throw new ParameterResolutionException("no mesh named " + named.value() + " was declared; declared: "
                + state.meshes.keySet());
          }
          return mesh;
        })
        .orElseGet(() -> {
          if (state.meshes.size() != 1) {
            throw new ParameterResolutionException("the test declares " + state.meshes.size() + " meshes "
                + state.meshes.keySet() + "; pick one with @TestMesh.Named(\"...\")");
          }
          return state.meshes.values().iterator().next();
        });
  }

  /** One test's manager and clusters; closed by JUnit when the test ends. */
  private static final class State implements AutoCloseable {
    final MeshManager manager;
    final InMemoryClusterConnector connector;
    final Map<String, Mesh> meshes = new LinkedHashMap<>();

    State(MeshManager manager, InMemoryClusterConnector connector) {
      this.manager = manager;
      this.connector = connector;
    }

    @Override
    public void close() {
      manager.close();
    }
  }

  /** Builds a {@link MeshExtension} from specifications. */
  public static final class Builder {
    private final List<ClusterSpec> clusters = new ArrayList<>();
    private final List<MeshSpec> meshes = new ArrayList<>();
    private UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration = UnaryOperator.identity();

    Builder() {}

    /**
     * Registers a cluster.
     *
     * @param cluster the cluster
     * @return this builder
     */
    public Builder cluster(ClusterSpec cluster) {
      clusters.add(Objects.requireNonNull(cluster, "cluster"));
      return this;
    }

    /**
     * Creates a mesh; clusters it names that were not registered are registered by name.
     *
     * @param mesh the mesh
     * @return this builder
     */
    public Builder mesh(MeshSpec mesh) {
      meshes.add(Objects.requireNonNull(mesh, "mesh"));
      return this;
    }

    /**
     * Adjusts the manager's builder, for example its backend or retry settings. The connector is
     * always the test's {@link InMemoryClusterConnector}.
     *
     * @param configuration changes to the builder
     * @return this builder
     */
    public Builder configure(UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * Creates the extension.
     *
     * @return the extension
     */
    public MeshExtension build() {
      return new MeshExtension(clusters, meshes, configuration);
    }
  }
}
