package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.topology.TopologyQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit every {@link ClusterConnector} runs: the engine and the Istio backend on
 * top of the connector under test, checked for what users rely on whatever the clusters are made
 * of. Subclass it, give each test a fresh connector and, where the clusters need more than a
 * name, how to register them:
 *
 * <pre>{@code
 * @DisplayName("The directory connector")
 * class DirectoryConnectorCompatibilityTest extends ClusterConnectorCompatibilityKit {
 *   @TempDir Path root;
 *
 *   @Override
 *   protected ClusterConnector newConnector(List<String> clusters) {
 *     return new DirectoryClusterConnector(root);
 *   }
 * }
 * }</pre>
 *
 * <p>Every test starts with the clusters {@value #CONTROL_PLANE} and {@value #MEMBER} registered
 * and no mesh; each group creates what it needs. What a connector cannot do is not overridden
 * away: the tests that need it are skipped by assumption, with the reason, and the capability is
 * read from the connector itself where it can be ({@link ClusterConnection#live()}) or declared
 * by the subclass ({@link #supportsClusterScopedKinds()}, {@link
 * #enforcesResourceVersionPreconditions()}, {@link #enforcesResourceVersionPreconditionsOnDelete()},
 * {@link #mergePatchRemovesNullFields()}), always with the reason in the subclass's Javadoc.
 *
 * @since 0.1.0
 */
public abstract class ClusterConnectorCompatibilityKit {
  /** The cluster that runs the control plane of hosted meshes and holds their policies. */
  protected static final String CONTROL_PLANE = "mcpc-1";

  /** The cluster that joins hosted meshes as a data-plane member. */
  protected static final String MEMBER = "bj-1";

  /** The hosted mesh most tests create. */
  protected static final String MESH = "prod";

  /** The Secret kind, for reading what joining a mesh wrote. */
  protected static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");

  /** The ServiceAccount kind. */
  protected static final ResourceType SERVICE_ACCOUNT =
      ResourceType.namespaced("v1", "ServiceAccount", "serviceaccounts");

  /** A cluster-scoped kind every Kubernetes API server serves. */
  protected static final ResourceType CLUSTER_ROLE =
      ResourceType.clusterScoped("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles");

  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String ISTIO_SYSTEM = "istio-system";

  private ClusterConnector connector;
  private MeshManager meshes;
  private final Map<String, ClusterConnection> connections = new LinkedHashMap<>();

  /** For subclasses. */
  protected ClusterConnectorCompatibilityKit() {}

  /**
   * Creates the connector under test, fresh for each test: clusters it reaches must be empty.
   *
   * @param clusters the names of the clusters the test registers
   * @return the connector
   */
  protected abstract ClusterConnector newConnector(List<String> clusters);

  /**
   * How a cluster is registered. Connectors that reach clusters through credentials return a
   * specification carrying them.
   *
   * @param cluster the cluster's name
   * @return a specification with only the name, unless overridden
   */
  protected ClusterSpec clusterSpec(String cluster) {
    return ClusterSpec.builder().name(cluster).build();
  }

  /**
   * Runs before a member joins a hosted mesh, for clusters whose API server lacks a controller
   * the join waits for (a mock API server issues no service-account tokens, so the subclass puts
   * the token in place here).
   *
   * @param mesh the mesh's name
   * @param member the joining cluster's name
   */
  protected void beforeJoin(String mesh, String member) {}

  /**
   * Releases what {@link #newConnector(List)} started, after the manager and the kit's own
   * connections are closed.
   *
   * @param connector the connector of the test that ended
   */
  protected void closeConnector(ClusterConnector connector) {}

  /**
   * The namespace policies and test objects are written to.
   *
   * @return {@code bookinfo} unless overridden, for example with a namespace made for each test
   */
  protected String namespace() {
    return "bookinfo";
  }

  /**
   * A second namespace, for the checks that list across namespaces.
   *
   * @return {@link #namespace()} followed by {@code -other}, unless overridden
   */
  protected String otherNamespace() {
    return namespace() + "-other";
  }

  /**
   * Whether the connector stores cluster-scoped kinds such as ClusterRole.
   *
   * @return {@code true} unless overridden
   */
  protected boolean supportsClusterScopedKinds() {
    return true;
  }

  /**
   * Whether a write or delete that names a resource version fails when the object has another.
   * The engine's plans depend on it: without it, a plan made before someone else's change
   * overwrites that change.
   *
   * @return {@code true} unless overridden
   */
  protected boolean enforcesResourceVersionPreconditions() {
    return true;
  }

  /**
   * Whether a delete that names a resource version fails when the object has another. Without it,
   * a deletion planned before someone else changed the object deletes their change too.
   *
   * @return {@code true} unless overridden
   */
  protected boolean enforcesResourceVersionPreconditionsOnDelete() {
    return true;
  }

  /**
   * Whether a JSON merge patch removes a field patched to {@code null}, as RFC 7386 and Kubernetes
   * API servers do.
   *
   * @return {@code true} unless overridden
   */
  protected boolean mergePatchRemovesNullFields() {
    return true;
  }

  /**
   * The manager of the running test, on the connector under test and the Istio backend.
   *
   * @return the manager
   */
  protected final MeshManager meshes() {
    return meshes;
  }

  /**
   * The connector of the running test.
   *
   * @return the connector
   */
  protected final ClusterConnector connector() {
    return connector;
  }

  /**
   * A connection of the kit's own to a registered cluster, for looking at it and changing it
   * behind the engine's back; closed after the test.
   *
   * @param cluster the cluster's name
   * @return the connection
   */
  protected final ClusterConnection connection(String cluster) {
    return connections.computeIfAbsent(cluster, c -> connector.connect(meshes.clusters().get(c)));
  }

  @BeforeEach
  void startClusters() {
    List<String> clusters = List.of(CONTROL_PLANE, MEMBER);
    connector = newConnector(clusters);
    meshes = MeshManager.builder().backend(new IstioBackendProvider()).connector(connector).build();
    for (String cluster : clusters) {
      meshes.clusters().register(clusterSpec(cluster));
    }
  }

  @AfterEach
  void stopClusters() {
    try {
      connections.values().forEach(ClusterConnection::close);
      connections.clear();
      if (meshes != null) {
        meshes.close();
      }
    } finally {
      if (connector != null) {
        closeConnector(connector);
      }
    }
  }

  // ---- shared fixtures ----------------------------------------------------------------------

  /**
   * A canary policy for the service {@code reviews}: a DestinationRule with two subsets and a
   * VirtualService splitting traffic between them.
   *
   * @param v1 the weight of subset v1
   * @param v2 the weight of subset v2
   * @return the policy, in {@link #namespace()}
   */
  protected final TrafficPolicy canary(int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace(namespace())
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2))
        .build();
  }

  /**
   * The reference of {@link #canary(int, int)}.
   *
   * @return the policy's reference
   */
  protected final PolicyRef canaryRef() {
    return PolicyRef.traffic(namespace(), "reviews");
  }

  /**
   * Creates the hosted mesh {@value #MESH} with {@value #CONTROL_PLANE} as its control plane and no
   * member.
   *
   * @return the mesh
   */
  protected final Mesh hostedMesh() {
    return meshes.create(MeshSpec.hosted(MESH).controlPlane(CONTROL_PLANE).build());
  }

  /**
   * Joins a member to a mesh after {@link #beforeJoin(String, String)}.
   *
   * @param mesh the mesh
   * @param member the cluster
   * @return the mesh's new specification
   */
  protected final MeshSpec join(Mesh mesh, String member) {
    beforeJoin(mesh.name(), member);
    return mesh.join(member);
  }

  private boolean live() {
    return connection(CONTROL_PLANE).live() && connection(MEMBER).live();
  }

  private Optional<MeshResource> live(ResourceType type, String name) {
    return connection(CONTROL_PLANE).get(type, namespace(), name);
  }

  /** An object of a kind every connector under the kit stores, owned as the SDK owns its objects. */
  private static MeshResource virtualService(String namespace, String name, Map<String, String> labels) {
    ObjectNode object = MeshResource.skeleton(IstioResourceTypes.NETWORKING_V1, "VirtualService", namespace, name);
    ObjectNode metadataLabels = object.withObjectProperty("metadata").putObject("labels");
    metadataLabels.put(MANAGED_BY, "mesh-sdk");
    labels.forEach(metadataLabels::put);
    object.putObject("spec").putArray("hosts").add(name);
    return MeshResource.of(object);
  }

  /** An object someone other than the SDK wrote: a Helm release, say. */
  private static MeshResource foreignVirtualService(String namespace, String name) {
    ObjectNode object = MeshResource.skeleton(IstioResourceTypes.NETWORKING_V1, "VirtualService", namespace, name);
    object.withObjectProperty("metadata").putObject("labels").put(MANAGED_BY, "helm");
    object.putObject("spec").putArray("hosts").add(name);
    return MeshResource.of(object);
  }

  private static MeshResource withHosts(MeshResource object, String host) {
    ObjectNode content = object.content();
    ((ObjectNode) content.get("spec")).putArray("hosts").add(host);
    return MeshResource.of(content).withResourceVersion(null);
  }

  private static ApplyOptions write() {
    return ApplyOptions.builder().build();
  }

  private static List<String> names(List<MeshResource> objects) {
    return objects.stream().map(MeshResource::name).collect(Collectors.toList());
  }

  private static List<String> kindsAndActions(List<ResourceChange> changes) {
    return changes.stream().map(c -> c.ref().kind() + " " + c.action()).collect(Collectors.toList());
  }

  // ---- the groups ---------------------------------------------------------------------------

  /** Registering clusters and reaching them. */
  @Nested
  @DisplayName("Clusters")
  class Clusters {

    @Test
    @DisplayName("are registered by name and reached through one connection each")
    void registeredAndReached() {
      assertThat(meshes.clusters().list()).extracting(ClusterSpec::name).containsExactly(MEMBER, CONTROL_PLANE);
      for (String cluster : List.of(CONTROL_PLANE, MEMBER)) {
        ClusterConnection connection = connection(cluster);
        assertThat(connection.cluster()).isEqualTo(cluster);
        assertThat(connection.serverVersion()).as("server version of %s", cluster).matches("v\\d+\\.\\d+.*");
        ClusterHealth health = connection.health();
        assertThat(health.status()).as("health of %s: %s", cluster, health).isEqualTo(ClusterHealth.Status.REACHABLE);
        assertThat(health.cluster()).isEqualTo(cluster);
      }
    }

    @Test
    @DisplayName("refuse a second registration under a taken name")
    void duplicateName() {
      assertThatThrownBy(() -> meshes.clusters().register(clusterSpec(CONTROL_PLANE)))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    @DisplayName("that are not registered are not found, neither directly nor by a mesh that names them")
    void unknownCluster() {
      assertThatThrownBy(() -> meshes.clusters().get("nowhere-1"))
          .isInstanceOf(MeshNotFoundException.class).hasMessageContaining("nowhere-1");
      assertThat(meshes.clusters().find("nowhere-1")).isEmpty();
      assertThatThrownBy(() -> meshes.create(MeshSpec.hosted(MESH).controlPlane("nowhere-1").build()))
          .isInstanceOf(MeshNotFoundException.class).hasMessageContaining("nowhere-1");
      assertThat(meshes.find(MESH)).isEmpty();
    }
  }

  /** Creating meshes of every mode, and members joining and leaving. */
  @Nested
  @DisplayName("Meshes")
  class Meshes {

    @Test
    @DisplayName("are created hosted, with the control plane as their only config cluster")
    void hosted() {
      Mesh prod = hostedMesh();

      assertThat(prod.spec().mode()).isEqualTo(MeshMode.HOSTED);
      assertThat(prod.spec().configClusters()).containsExactly(CONTROL_PLANE);
      assertThat(meshes.list()).extracting(Mesh::name).containsExactly(MESH);
    }

    @Test
    @DisplayName("are created dedicated, and their policies land on their one cluster")
    void dedicated() {
      Mesh solo = meshes.create(MeshSpec.dedicated("solo").cluster(MEMBER).build());

      ApplyResult result = solo.policies().apply(canary(90, 10));

      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(result.clusters()).extracting(c -> c.cluster()).containsExactly(MEMBER);
      assertThat(connection(MEMBER).get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "reviews")).isPresent();
      assertThat(connection(CONTROL_PLANE).list(IstioResourceTypes.VIRTUAL_SERVICE, null, Map.of())).isEmpty();
    }

    @Test
    @DisplayName("are adopted external, and their policies land on the primaries")
    void external() {
      Mesh legacy = meshes.create(MeshSpec.external("legacy").primaries(List.of(CONTROL_PLANE)).build());

      ApplyResult result = legacy.policies().apply(canary(90, 10));

      assertThat(legacy.spec().mode()).isEqualTo(MeshMode.EXTERNAL);
      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews")).isPresent();
      assertThat(connection(MEMBER).list(IstioResourceTypes.VIRTUAL_SERVICE, null, Map.of())).isEmpty();
    }

    @Test
    @DisplayName("take a member that joins: a remote secret on the control plane, a reader account on the member;"
        + " leaving removes both. A connector that only stores manifests refuses the member and stays as it was")
    void joinAndLeave() {
      if (!live()) {
        // joining needs a token that the member's API server issues; manifests in a directory get none
        Mesh prod = hostedMesh();
        assertThatThrownBy(() -> join(prod, MEMBER)).isInstanceOf(UnsupportedCapabilityException.class)
            .hasMessageContaining(MEMBER);
        assertThat(prod.spec().members()).isEmpty();
        return;
      }
      Mesh prod = hostedMesh();

      MeshSpec joined = join(prod, MEMBER);

      assertThat(joined.members()).containsExactly(MEMBER);
      assertThat(prod.spec().members()).containsExactly(MEMBER);
      Optional<MeshResource> remoteSecret =
          connection(CONTROL_PLANE).get(SECRET, ISTIO_SYSTEM, "istio-remote-secret-" + MEMBER);
      assertThat(remoteSecret).as("remote secret of %s on %s", MEMBER, CONTROL_PLANE).isPresent();
      assertThat(remoteSecret.get().labels()).containsEntry("istio/multiCluster", "true");
      assertThat(connection(MEMBER).get(SERVICE_ACCOUNT, ISTIO_SYSTEM, "istio-reader-" + MESH)).isPresent();

      MeshSpec left = prod.leave(MEMBER);

      assertThat(left.members()).isEmpty();
      assertThat(connection(CONTROL_PLANE).get(SECRET, ISTIO_SYSTEM, "istio-remote-secret-" + MEMBER)).isEmpty();
      assertThat(connection(MEMBER).get(SERVICE_ACCOUNT, ISTIO_SYSTEM, "istio-reader-" + MESH)).isEmpty();
    }

    @Test
    @DisplayName("keep a member's policies off it: after a join, a policy still lands on the control plane only")
    void membersReceiveNoPolicies() {
      assumeTrue(live(), "joining needs a service-account token that the member's API server issues;"
          + " this connector's connections are not live (ClusterConnection.live() is false)");
      Mesh prod = hostedMesh();
      join(prod, MEMBER);

      Plan plan = prod.policies().plan(canary(90, 10));
      plan.apply();

      assertThat(plan.clusters()).containsExactly(CONTROL_PLANE);
      assertThat(connection(MEMBER).list(IstioResourceTypes.VIRTUAL_SERVICE, null, Map.of())).isEmpty();
      assertThat(connection(MEMBER).list(IstioResourceTypes.DESTINATION_RULE, null, Map.of())).isEmpty();
      prod.policies().delete(canaryRef());
      prod.leave(MEMBER);
    }

    @Test
    @DisplayName("refuse joins to a dedicated mesh, whose membership is fixed")
    void dedicatedTakesNoMembers() {
      Mesh solo = meshes.create(MeshSpec.dedicated("solo").cluster(CONTROL_PLANE).build());

      assertThatThrownBy(() -> solo.join(MEMBER)).isInstanceOfSatisfying(UnsupportedCapabilityException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY));
    }
  }

  /** Planning policies onto the config cluster and reading them back. */
  @Nested
  @DisplayName("Policies")
  class Policies {

    @Test
    @DisplayName("plan as creations on the config cluster only, writing nothing")
    void planCreatesOnConfigClusterOnly() {
      Mesh prod = hostedMesh();

      Plan plan = prod.policies().plan(canary(90, 10));

      assertThat(plan.clusters()).containsExactly(CONTROL_PLANE);
      assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.CREATE);
      assertThat(plan.changes()).extracting(c -> c.ref().kind())
          .containsExactlyInAnyOrder("DestinationRule", "VirtualService");
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews")).as("written by planning").isEmpty();
      assertThat(live(IstioResourceTypes.DESTINATION_RULE, "reviews")).as("written by planning").isEmpty();
    }

    @Test
    @DisplayName("are read back from the config cluster once applied, as they were given")
    void listReadsIntentsBack() {
      Mesh prod = hostedMesh();

      ApplyResult result = prod.policies().apply(canary(90, 10));

      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(result.writes()).isEqualTo(2);
      assertThat(prod.policies().list()).containsExactly(canary(90, 10));
      assertThat(prod.policies().find(canaryRef())).contains(canary(90, 10));
      assertThat(prod.policies().resources()).containsOnlyKeys(CONTROL_PLANE);
      assertThat(prod.policies().resources().get(CONTROL_PLANE)).extracting(MeshResource::kind)
          .containsExactlyInAnyOrder("DestinationRule", "VirtualService");
      MeshResource virtualService = live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow();
      assertThat(virtualService.labels()).containsEntry(MANAGED_BY, "mesh-sdk").containsEntry("mesh.meshsdk.io/mesh", MESH);
    }

    @Test
    @DisplayName("are read back by another manager on the same clusters: the config cluster is the source of truth")
    void readBackByAnotherManager() {
      hostedMesh().policies().apply(canary(90, 10));

      try (MeshManager other = MeshManager.builder().backend(new IstioBackendProvider()).connector(connector).build()) {
        for (String cluster : List.of(CONTROL_PLANE, MEMBER)) {
          other.clusters().register(clusterSpec(cluster));
        }
        Mesh prod = other.create(MeshSpec.hosted(MESH).controlPlane(CONTROL_PLANE).build());

        assertThat(prod.policies().list()).containsExactly(canary(90, 10));
        assertThat(prod.policies().plan(canary(90, 10)).hasChanges()).isFalse();
      }
    }
  }

  /** What plans say before anything is written. */
  @Nested
  @DisplayName("Plans")
  class Plans {

    @Test
    @DisplayName("render per cluster the objects they create")
    void render() {
      Plan plan = hostedMesh().policies().plan(canary(90, 10));

      assertThat(plan.render()).contains(CONTROL_PLANE, "DestinationRule", "VirtualService", "reviews");
    }

    @Test
    @DisplayName("update the live objects in place when a policy changes, with the field diff")
    void updateWithDiff() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));

      Plan shift = prod.policies().plan(canary(50, 50));

      assertThat(shift.clusters()).containsExactly(CONTROL_PLANE);
      ResourceChange virtualService = shift.changes().stream()
          .filter(c -> c.ref().kind().equals("VirtualService")).findFirst().orElseThrow();
      assertThat(virtualService.action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(virtualService.live()).isPresent();
      assertThat(virtualService.diff()).as("diff of %s", virtualService.ref())
          .anySatisfy(d -> assertThat(d.path()).startsWith("/spec/http").contains("weight"));
      ApplyResult result = shift.apply();
      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(prod.policies().list()).containsExactly(canary(50, 50));
    }

    @Test
    @DisplayName("delete in the reverse order of creation: the VirtualService before the DestinationRule")
    void deleteInReverse() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));

      Plan deletion = prod.policies().planDeletion(canaryRef());

      assertThat(kindsAndActions(deletion.changes(CONTROL_PLANE)))
          .containsExactly("VirtualService DELETE", "DestinationRule DELETE");
      ApplyResult result = deletion.apply();
      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(result.writes()).isEqualTo(2);
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews")).isEmpty();
      assertThat(live(IstioResourceTypes.DESTINATION_RULE, "reviews")).isEmpty();
      assertThat(prod.policies().list()).isEmpty();
    }

    @Test
    @DisplayName("refuse to delete a policy that is not in force")
    void deleteUnknown() {
      Mesh prod = hostedMesh();

      assertThatThrownBy(() -> prod.policies().planDeletion(canaryRef())).isInstanceOf(MeshNotFoundException.class);
    }
  }

  /** Applying plans. */
  @Nested
  @DisplayName("Apply")
  class Apply {

    @Test
    @DisplayName("writes a DestinationRule before the VirtualService that routes to its subsets")
    void destinationRuleFirst() {
      Plan plan = hostedMesh().policies().plan(canary(90, 10));

      assertThat(kindsAndActions(plan.changes(CONTROL_PLANE)))
          .containsExactly("DestinationRule CREATE", "VirtualService CREATE");
      ApplyResult result = plan.apply();
      assertThat(result.cluster(CONTROL_PLANE).orElseThrow().outcomes())
          .extracting(o -> o.ref().kind()).containsExactly("DestinationRule", "VirtualService");
    }

    @Test
    @DisplayName("writes nothing when the same policy is applied again")
    void reapplyWritesNothing() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));
      MeshResource before = live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow();

      Plan again = prod.policies().plan(canary(90, 10));
      ApplyResult result = again.apply();

      assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
      assertThat(again.hasChanges()).isFalse();
      assertThat(result.writes()).isZero();
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow().resourceVersion())
          .isEqualTo(before.resourceVersion());
    }
  }

  /** Objects the SDK does not own. */
  @Nested
  @DisplayName("Ownership")
  class Ownership {

    @Test
    @DisplayName("refuses to plan over a foreign object of the same name, and leaves it as it was")
    void foreignObjectRefused() {
      Mesh prod = hostedMesh();
      MeshResource foreign = connection(CONTROL_PLANE).apply(IstioResourceTypes.VIRTUAL_SERVICE,
          foreignVirtualService(namespace(), "reviews"), write());

      assertThatThrownBy(() -> prod.policies().plan(canary(90, 10)))
          .isInstanceOf(MeshConflictException.class).hasMessageContaining("reviews");

      MeshResource after = live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow();
      assertThat(after.resourceVersion()).isEqualTo(foreign.resourceVersion());
      assertThat(after.labels()).containsEntry(MANAGED_BY, "helm");
      assertThat(after.field("spec")).isEqualTo(foreign.field("spec"));
      assertThat(live(IstioResourceTypes.DESTINATION_RULE, "reviews")).isEmpty();
    }

    @Test
    @DisplayName("leaves unowned neighbours alone when its own objects are deleted")
    void neighboursSurvive() {
      Mesh prod = hostedMesh();
      MeshResource neighbour = connection(CONTROL_PLANE).apply(IstioResourceTypes.VIRTUAL_SERVICE,
          foreignVirtualService(namespace(), "ratings"), write());
      prod.policies().apply(canary(90, 10));

      Plan deletion = prod.policies().planDeletion(canaryRef());
      deletion.apply();

      assertThat(deletion.changes()).extracting(c -> c.ref().name()).containsOnly("reviews");
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "ratings")).hasValueSatisfying(
          o -> assertThat(o.resourceVersion()).isEqualTo(neighbour.resourceVersion()));
      assertThat(prod.policies().resources().getOrDefault(CONTROL_PLANE, List.of())).isEmpty();
    }
  }

  /** Out-of-band changes and putting them right. */
  @Nested
  @DisplayName("Drift")
  class Drift {

    @Test
    @DisplayName("is none right after an apply")
    void noneAfterApply() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));

      DriftReport report = prod.policies().drift();

      assertThat(report.hasDrift()).as(report.render()).isFalse();
      assertThat(report.cluster(CONTROL_PLANE).orElseThrow().policies()).containsExactly(canaryRef());
      assertThat(prod.policies().planReconcile().hasChanges()).isFalse();
    }

    @Test
    @DisplayName("finds an object edited out of band, and reconciling writes it back")
    void editedOutOfBand() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));
      MeshResource original = live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow();
      connection(CONTROL_PLANE).apply(IstioResourceTypes.VIRTUAL_SERVICE, withHosts(original, "ratings"), write());

      DriftReport report = prod.policies().drift();

      assertThat(report.cluster(CONTROL_PLANE).orElseThrow().objects()).as(report.render()).singleElement()
          .satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
            assertThat(d.ref().kind()).isEqualTo("VirtualService");
            assertThat(d.policy()).contains(canaryRef());
            assertThat(d.diff()).anySatisfy(e -> assertThat(e.path()).startsWith("/spec/hosts"));
          });
      ApplyResult result = prod.policies().reconcile();
      assertThat(result.successful()).as("apply result %s", result).isTrue();
      assertThat(result.writes()).isEqualTo(1);
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow().field("spec"))
          .isEqualTo(original.field("spec"));
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }

    @Test
    @DisplayName("finds an object deleted out of band, and reconciling creates it again")
    void deletedOutOfBand() {
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));
      MeshResource original = live(IstioResourceTypes.DESTINATION_RULE, "reviews").orElseThrow();
      assertThat(connection(CONTROL_PLANE).delete(IstioResourceTypes.DESTINATION_RULE, namespace(), "reviews",
          Optional.empty())).isTrue();

      DriftReport report = prod.policies().drift();

      assertThat(report.cluster(CONTROL_PLANE).orElseThrow().objects()).as(report.render()).singleElement()
          .satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.DELETED);
            assertThat(d.ref().kind()).isEqualTo("DestinationRule");
            assertThat(d.live()).isEmpty();
          });
      ApplyResult result = prod.policies().reconcile();
      assertThat(result.writes()).isEqualTo(1);
      assertThat(live(IstioResourceTypes.DESTINATION_RULE, "reviews").orElseThrow().field("spec"))
          .isEqualTo(original.field("spec"));
      assertThat(prod.policies().drift().hasDrift()).isFalse();
    }
  }

  /** Reading topology. */
  @Nested
  @DisplayName("Topology")
  class Topology {

    @Test
    @DisplayName("is refused as an unsupported capability when no telemetry source is configured")
    void refusedWithoutTelemetry() {
      Mesh prod = hostedMesh();

      assertThatThrownBy(() -> prod.topology().read(TopologyQuery.lastMinutes(5)))
          .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY))
          .hasMessageContaining("telemetry");
    }
  }

  /** Failures the engine and callers switch on. */
  @Nested
  @DisplayName("Errors")
  class Errors {

    @Test
    @DisplayName("a plan whose objects changed before it is applied fails them as stale and overwrites nothing")
    void stalePlan() {
      assumeTrue(enforcesResourceVersionPreconditions(),
          "the connector does not check resource versions, so a stale plan cannot be detected");
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));
      Plan shift = prod.policies().plan(canary(50, 50));
      MeshResource edited = connection(CONTROL_PLANE).apply(IstioResourceTypes.VIRTUAL_SERVICE,
          live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow()
              .withAnnotation("example.com/touched", "by-hand").withResourceVersion(null), write());

      ApplyResult result = shift.apply();

      assertThat(result.successful()).isFalse();
      assertThat(result.cluster(CONTROL_PLANE).orElseThrow().outcomes())
          .filteredOn(o -> o.ref().kind().equals("VirtualService")).singleElement().satisfies(o -> {
            assertThat(o.status()).isNotEqualTo(ObjectOutcome.Status.APPLIED);
            assertThat(o.errorCode()).contains(ErrorCode.STALE_PLAN);
          });
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow().resourceVersion())
          .isEqualTo(edited.resourceVersion());
    }

    @Test
    @DisplayName("a deletion whose objects changed before it is applied fails them as stale and deletes nothing changed")
    void staleDeletion() {
      assumeTrue(enforcesResourceVersionPreconditionsOnDelete(),
          "the clusters behind this connector do not check the resource version a delete names");
      Mesh prod = hostedMesh();
      prod.policies().apply(canary(90, 10));
      Plan deletion = prod.policies().planDeletion(canaryRef());
      connection(CONTROL_PLANE).apply(IstioResourceTypes.VIRTUAL_SERVICE,
          live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews").orElseThrow()
              .withAnnotation("example.com/touched", "by-hand").withResourceVersion(null), write());

      ApplyResult result = deletion.apply();

      assertThat(result.successful()).isFalse();
      assertThat(result.cluster(CONTROL_PLANE).orElseThrow().outcomes())
          .filteredOn(o -> o.ref().kind().equals("VirtualService")).singleElement()
          .satisfies(o -> assertThat(o.errorCode()).contains(ErrorCode.STALE_PLAN));
      assertThat(live(IstioResourceTypes.VIRTUAL_SERVICE, "reviews")).isPresent();
    }
  }

  /** The connection's own contract, as the engine uses it. */
  @Nested
  @DisplayName("Connections")
  class Connections {

    private ClusterConnection cluster() {
      return connection(CONTROL_PLANE);
    }

    @Test
    @DisplayName("create an object, read it back with a resource version, and give a new version on update")
    void applyAndGet() {
      MeshResource created = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of()), write());

      assertThat(created.resourceVersion()).isPresent();
      MeshResource read = cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow();
      assertThat(read.ref()).isEqualTo(created.ref());
      assertThat(read.field("spec")).isEqualTo(created.field("spec"));
      assertThat(read.resourceVersion()).isEqualTo(created.resourceVersion());

      MeshResource updated = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          withHosts(read, "kit-b"), write());

      assertThat(updated.resourceVersion()).isPresent().isNotEqualTo(created.resourceVersion());
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow()
          .field("spec").orElseThrow().path("hosts").get(0).asText()).isEqualTo("kit-b");
    }

    @Test
    @DisplayName("find nothing where nothing is, and report a delete of a missing object as false")
    void missing() {
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-none")).isEmpty();
      assertThat(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), Map.of())).isEmpty();
      assertThat(cluster().delete(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-none", Optional.empty()))
          .isFalse();
    }

    @Test
    @DisplayName("delete an object once: true, then false")
    void delete() {
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, virtualService(namespace(), "kit-a", Map.of()), write());

      assertThat(cluster().delete(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a", Optional.empty()))
          .isTrue();
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a")).isEmpty();
      assertThat(cluster().delete(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a", Optional.empty()))
          .isFalse();
    }

    @Test
    @DisplayName("list the objects of one kind whose labels include all of a selector's, ordered by name")
    void labelSelector() {
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-c", Map.of("tier", "kit-a", "team", "x")), write());
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of("tier", "kit-a")), write());
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-b", Map.of("tier", "kit-b")), write());
      ObjectNode rule = MeshResource.skeleton(IstioResourceTypes.NETWORKING_V1, "DestinationRule", namespace(), "kit-a");
      rule.withObjectProperty("metadata").putObject("labels").put(MANAGED_BY, "mesh-sdk").put("tier", "kit-a");
      rule.putObject("spec").put("host", "kit-a");
      cluster().apply(IstioResourceTypes.DESTINATION_RULE, MeshResource.of(rule), write());

      assertThat(names(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), Map.of("tier", "kit-a"))))
          .containsExactly("kit-a", "kit-c");
      assertThat(names(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, namespace(),
          Map.of("tier", "kit-a", "team", "x")))).containsExactly("kit-c");
      assertThat(names(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), Map.of())))
          .containsExactly("kit-a", "kit-b", "kit-c");
      assertThat(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), Map.of("tier", "kit-z"))).isEmpty();
      assertThat(cluster().list(IstioResourceTypes.DESTINATION_RULE, namespace(), Map.of()))
          .extracting(MeshResource::kind).containsExactly("DestinationRule");
    }

    @Test
    @DisplayName("list every namespace when the namespace is null, and one namespace otherwise")
    void allNamespaces() {
      String other = otherNamespace();
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, virtualService(namespace(), "kit-a", Map.of()), write());
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, virtualService(other, "kit-b", Map.of()), write());

      assertThat(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, null, Map.of()))
          .extracting(o -> o.namespace().orElse("") + "/" + o.name())
          .containsExactlyInAnyOrder(namespace() + "/kit-a", other + "/kit-b");
      assertThat(names(cluster().list(IstioResourceTypes.VIRTUAL_SERVICE, other, Map.of()))).containsExactly("kit-b");
      assertThat(connection(MEMBER).list(IstioResourceTypes.VIRTUAL_SERVICE, null, Map.of()))
          .as("objects of one cluster seen on another").isEmpty();
    }

    @Test
    @DisplayName("store cluster-scoped kinds without a namespace")
    void clusterScoped() {
      assumeTrue(supportsClusterScopedKinds(), "the connector does not store cluster-scoped kinds");
      ObjectNode role = MeshResource.skeleton("rbac.authorization.k8s.io/v1", "ClusterRole", null, "kit-reader");
      role.withObjectProperty("metadata").putObject("labels").put(MANAGED_BY, "mesh-sdk");
      ObjectNode rule = role.putArray("rules").addObject();
      rule.putArray("apiGroups").add("");
      rule.putArray("resources").add("endpoints");
      rule.putArray("verbs").add("get");

      MeshResource stored = cluster().apply(CLUSTER_ROLE, MeshResource.of(role), write());

      assertThat(stored.namespace()).isEmpty();
      assertThat(cluster().get(CLUSTER_ROLE, null, "kit-reader")).hasValueSatisfying(
          o -> assertThat(o.field("rules")).isEqualTo(stored.field("rules")));
      assertThat(names(cluster().list(CLUSTER_ROLE, null, Map.of(MANAGED_BY, "mesh-sdk")))).contains("kit-reader");
      assertThat(cluster().delete(CLUSTER_ROLE, null, "kit-reader", Optional.empty())).isTrue();
      assertThat(cluster().get(CLUSTER_ROLE, null, "kit-reader")).isEmpty();
    }

    @Test
    @DisplayName("refuse to create an object that exists when asked to create only: ALREADY_EXISTS")
    void createOnly() {
      MeshResource first = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of()), write());

      assertThatThrownBy(() -> cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          withHosts(first, "kit-b"), ApplyOptions.builder().createOnly(true).build()))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow()
          .field("spec")).isEqualTo(first.field("spec"));
    }

    @Test
    @DisplayName("refuse a write that expects a resource version the object no longer has: STALE_PLAN")
    void staleResourceVersion() {
      assumeTrue(enforcesResourceVersionPreconditions(), "the connector does not check resource versions");
      MeshResource first = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of()), write());
      MeshResource second = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, withHosts(first, "kit-b"), write());
      String stale = first.resourceVersion().orElseThrow();

      assertThatThrownBy(() -> cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, withHosts(first, "kit-c"),
          ApplyOptions.builder().expectedResourceVersion(stale).build()))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow())
          .satisfies(o -> assertThat(o.resourceVersion()).isEqualTo(second.resourceVersion()))
          .satisfies(o -> assertThat(o.field("spec")).isEqualTo(second.field("spec")));
      MeshResource third = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, withHosts(second, "kit-d"),
          ApplyOptions.builder().expectedResourceVersion(second.resourceVersion().orElseThrow()).build());
      assertThat(third.resourceVersion()).isNotEqualTo(second.resourceVersion());
    }

    @Test
    @DisplayName("refuse a delete that expects a resource version the object no longer has: STALE_PLAN")
    void staleResourceVersionOnDelete() {
      assumeTrue(enforcesResourceVersionPreconditionsOnDelete(),
          "the clusters behind this connector do not check the resource version a delete names");
      MeshResource first = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of()), write());
      MeshResource second = cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE, withHosts(first, "kit-b"), write());

      assertThatThrownBy(() -> cluster().delete(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a",
          first.resourceVersion()))
          .isInstanceOfSatisfying(MeshConflictException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN));
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a")).isPresent();
      assertThat(cluster().delete(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a",
          second.resourceVersion())).isTrue();
    }

    @Test
    @DisplayName("merge-patch some fields of an object and keep the others")
    void mergePatch() {
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of("tier", "kit-a")), write());
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.putObject("metadata").putObject("labels").put("istio-injection", "enabled");

      MeshResource patched = cluster().mergePatch(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a", patch);

      assertThat(patched.labels()).containsEntry("istio-injection", "enabled").containsEntry(MANAGED_BY, "mesh-sdk")
          .containsEntry("tier", "kit-a");
      assertThat(patched.field("spec").orElseThrow().path("hosts").get(0).asText()).isEqualTo("kit-a");
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow().labels())
          .isEqualTo(patched.labels());
    }

    @Test
    @DisplayName("merge-patch a field to null to remove it")
    void mergePatchRemoves() {
      assumeTrue(mergePatchRemovesNullFields(), "the clusters behind this connector keep fields patched to null");
      cluster().apply(IstioResourceTypes.VIRTUAL_SERVICE,
          virtualService(namespace(), "kit-a", Map.of("tier", "kit-a")), write());
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.putObject("metadata").putObject("labels").putNull("tier");

      MeshResource patched = cluster().mergePatch(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a", patch);

      assertThat(patched.labels()).doesNotContainKey("tier").containsEntry(MANAGED_BY, "mesh-sdk");
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a").orElseThrow().labels())
          .doesNotContainKey("tier");
    }

    @Test
    @DisplayName("refuse to merge-patch an object that does not exist: MeshNotFoundException")
    void mergePatchMissing() {
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.putObject("metadata").putObject("labels").put("istio-injection", "enabled");

      assertThatThrownBy(() -> cluster().mergePatch(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-none", patch))
          .isInstanceOfSatisfying(MeshNotFoundException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
      assertThat(cluster().get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-none")).isEmpty();
    }

    @Test
    @DisplayName("fail once closed, with a retryable CLUSTER_UNREACHABLE")
    void closed() {
      ClusterConnection own = connector.connect(meshes.clusters().get(CONTROL_PLANE));
      own.close();

      assertThatThrownBy(() -> own.get(IstioResourceTypes.VIRTUAL_SERVICE, namespace(), "kit-a"))
          .isInstanceOfSatisfying(MeshException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_UNREACHABLE);
            assertThat(e.retryable()).isTrue();
          });
    }
  }
}
