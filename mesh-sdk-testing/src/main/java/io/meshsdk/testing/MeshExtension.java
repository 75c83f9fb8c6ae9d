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
 * MeshManager} on new clusters, registers the declared clusters, creates the declared meshes
 * (hosted members join one by one, as in production) and closes it all after the test. Resolves
 * parameters of type {@link MeshManager} and {@link Mesh}, and what inspects the clusters: {@link
 * InMemoryClusterConnector} for in-memory clusters, {@link
 * io.meshsdk.testing.kubernetes.MockApiServers} for {@linkplain ClusterKind#MOCK_API_SERVER mock
 * API servers}, {@link io.meshsdk.testing.kubernetes.RealApiServers} for {@linkplain
 * ClusterKind#REAL_API_SERVER real ones}.
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
 * <p>With {@link Builder#mockApiServers()}, or {@code @MeshTest(clusterKind =
 * ClusterKind.MOCK_API_SERVER)}, each cluster is a fabric8 mock API server of its own, started
 * before the test and shut down after it, reached over HTTP through the Kubernetes connector. The
 * servers issue no tokens, so the extension puts the reader token of each member of a declared
 * hosted mesh in place before the mesh is created; requests made while setting up are discarded,
 * so {@code MockApiServers.takeRequests} returns the test's own. With {@code
 * ClusterKind.REAL_API_SERVER} each cluster is a real {@code kube-apiserver} of its own (see {@link
 * io.meshsdk.testing.kubernetes.RealApiServers}), started before the test, with the controllers
 * that issue members' tokens; a test pays a few seconds per cluster for it.
 *
 * @since 0.1.0
 */
public final class MeshExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MeshExtension.class);
  private static final String STATE = "state";

  private final List<ClusterSpec> clusters;
  private final List<MeshSpec> meshes;
  private final UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration;
  private final ClusterKind clusterKind;

  /** Used by {@link MeshTest}: reads the declaration from the test class. */
  public MeshExtension() {
    this(List.of(), List.of(), UnaryOperator.identity(), ClusterKind.IN_MEMORY);
  }

  private MeshExtension(List<ClusterSpec> clusters, List<MeshSpec> meshes,
      UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration, ClusterKind clusterKind) {
    this.clusters = List.copyOf(clusters);
    this.meshes = List.copyOf(meshes);
    this.configuration = configuration;
    this.clusterKind = clusterKind;
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
    Optional<MeshTest> declaration = declaration(context.getRequiredTestClass());
    ClusterKind kind = declaration.map(MeshTest::clusterKind).filter(k -> k != ClusterKind.IN_MEMORY)
        .orElse(clusterKind);
    declaration.ifPresent(annotation -> {
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
    Map<String, ClusterSpec> toRegister = new LinkedHashMap<>();
    declaredClusters.forEach(c -> toRegister.put(c.name(), c));
    for (MeshSpec mesh : declaredMeshes) {
      for (String cluster : mesh.clusters()) {
        toRegister.putIfAbsent(cluster, ClusterSpec.builder().name(cluster).build());
      }
    }
    State state = kind == ClusterKind.IN_MEMORY ? inMemory() : onServers(kind);
    // stored first, so that JUnit closes what was started even if the set-up fails part way
    context.getStore(NAMESPACE).put(STATE, state);
    for (ClusterSpec cluster : toRegister.values()) {
      state.manager.clusters().register(state.servers == null ? cluster : state.servers.register(cluster));
    }
    for (MeshSpec mesh : declaredMeshes) {
      if (state.servers != null) {
        state.servers.beforeCreate(mesh);
      }
      state.meshes.put(mesh.name(), state.manager.create(mesh));
    }
    if (state.servers != null) {
      state.servers.settle();
    }
  }

  private State inMemory() {
    InMemoryClusterConnector connector = new InMemoryClusterConnector();
    return new State(configuration.apply(MeshManager.builder()).connector(connector).build(), connector, null);
  }

  private State onServers(ClusterKind kind) {
    ServerClusters servers = kind == ClusterKind.MOCK_API_SERVER ? new MockApiServerClusters()
        : new RealApiServerClusters();
    try {
      return new State(configuration.apply(MeshManager.builder()).connector(servers.connector()).build(), null,
          servers);
    } catch (RuntimeException e) {
      servers.close();
      throw e;
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
    return type == MeshManager.class || type == InMemoryClusterConnector.class || type == Mesh.class
        || type.getName().equals(MockApiServerClusters.SERVERS_TYPE)
        || type.getName().equals(RealApiServerClusters.SERVERS_TYPE);
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
      if (state.connector == null) {
        throw new ParameterResolutionException("the test's clusters are " + state.servers.description()
            + ", not in-memory clusters;"
            + " take a parameter of type " + state.servers.serversType() + " to inspect them");
      }
      return state.connector;
    }
    if (type.getName().equals(MockApiServerClusters.SERVERS_TYPE)
        || type.getName().equals(RealApiServerClusters.SERVERS_TYPE)) {
      if (state.servers == null || !type.getName().equals(state.servers.serversType())) {
        String kind = type.getName().equals(MockApiServerClusters.SERVERS_TYPE) ? "MOCK_API_SERVER" : "REAL_API_SERVER";
        throw new ParameterResolutionException("the test's clusters are "
            + (state.servers == null ? "in memory" : state.servers.description())
            + ", not " + type.getSimpleName() + "; declare @MeshTest(clusterKind = ClusterKind." + kind + ")"
            + " or use MeshExtension.builder().clusterKind(ClusterKind." + kind + ")");
      }
      return state.servers.servers();
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
    /** The in-memory clusters, or {@code null} on mock API servers. */
    final InMemoryClusterConnector connector;
    /** The API servers, or {@code null} in memory. */
    final ServerClusters servers;
    final Map<String, Mesh> meshes = new LinkedHashMap<>();

    State(MeshManager manager, InMemoryClusterConnector connector, ServerClusters servers) {
      this.manager = manager;
      this.connector = connector;
      this.servers = servers;
    }

    @Override
    public void close() {
      try {
        manager.close();
      } finally {
        if (servers != null) {
          servers.close();
        }
      }
    }
  }

  /** Builds a {@link MeshExtension} from specifications. */
  public static final class Builder {
    private final List<ClusterSpec> clusters = new ArrayList<>();
    private final List<MeshSpec> meshes = new ArrayList<>();
    private UnaryOperator<io.meshsdk.MeshManagerBuilder> configuration = UnaryOperator.identity();
    private ClusterKind clusterKind = ClusterKind.IN_MEMORY;

    Builder() {}

    /**
     * Runs each cluster on a fabric8 mock API server of its own, through the Kubernetes connector,
     * instead of in memory. Use it to test what goes over HTTP; tests then take a {@link
     * io.meshsdk.testing.kubernetes.MockApiServers} parameter to look at the servers. Needs {@code
     * io.fabric8:kubernetes-server-mock} on the test classpath.
     *
     * @return this builder
     */
    public Builder mockApiServers() {
      return clusterKind(ClusterKind.MOCK_API_SERVER);
    }

    /**
     * Runs each cluster on a real {@code kube-apiserver} of its own, started for each test, through
     * the Kubernetes connector with server-side apply; tests then take a {@link
     * io.meshsdk.testing.kubernetes.RealApiServers} parameter to look at the servers. Where the
     * binaries are missing the tests are skipped with the command that builds them.
     *
     * @return this builder
     * @since 0.2.0
     */
    public Builder realApiServers() {
      return clusterKind(ClusterKind.REAL_API_SERVER);
    }

    /**
     * Chooses what the clusters are made of.
     *
     * @param kind the kind of clusters
     * @return this builder
     */
    public Builder clusterKind(ClusterKind kind) {
      this.clusterKind = Objects.requireNonNull(kind, "kind");
      return this;
    }

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
     * always the one of the test's clusters: an {@link InMemoryClusterConnector}, or the Kubernetes
     * connector to the mock API servers.
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
      return new MeshExtension(clusters, meshes, configuration, clusterKind);
    }
  }
}
