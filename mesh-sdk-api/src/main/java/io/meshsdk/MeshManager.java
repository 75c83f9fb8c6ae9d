package io.meshsdk;

import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.cluster.ClusterRegistry;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The facade of mesh-sdk: the registry of clusters and the meshes across them. Thread-safe;
 * create one per application and close it on shutdown.
 *
 * <pre>{@code
 * try (MeshManager meshes = MeshManager.builder().build()) {   // embedded, in memory
 *   meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
 *   Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface MeshManager extends AutoCloseable {

  /**
   * Starts configuring a manager. With no further calls, {@code build()} gives the embedded
   * default: in-memory clusters and store, and the one backend found on the classpath.
   *
   * @return a new builder
   */
  static MeshManagerBuilder builder() {
    return new MeshManagerBuilder();
  }

  /**
   * The clusters known to the Global Service Cluster.
   *
   * @return the registry
   */
  ClusterRegistry clusters();

  /**
   * Creates a mesh. Its clusters must be registered, and a cluster belongs to at most one mesh.
   * The members of a {@code HOSTED} specification are joined one by one, exactly as {@link
   * Mesh#join(String)} would; if one fails, those already joined leave again and the mesh is not
   * created.
   *
   * <p>When the specification sets {@link MeshSpec#istio()}, the install is checked against the
   * operator's schema first (nothing is stored or written if it is refused), the operator's
   * resources are written to the mesh's clusters through a plan that listeners see, and the call
   * waits up to {@link io.meshsdk.mesh.IstioInstall#readyTimeout()} for the operator to report the
   * control plane ready. If it does not, the mesh stays created with its control plane as written,
   * and {@code mesh.controlPlane().awaitReady(...)} can wait again.
   *
   * @param spec the mesh
   * @return a handle on the new mesh
   * @throws MeshConflictException with {@link ErrorCode#ALREADY_EXISTS} if the name is taken, or
   *     {@link ErrorCode#CONFLICT} if a cluster already belongs to another mesh
   * @throws MeshNotFoundException if a named cluster is not registered
   * @throws ValidationException if the control-plane install is refused, naming the field
   * @throws ControlPlaneNotReadyException if the operator did not report the control plane ready
   *     in time; the mesh was created
   */
  Mesh create(MeshSpec spec);

  /**
   * Returns a mesh.
   *
   * @param name the mesh's name
   * @return a handle
   * @throws MeshNotFoundException if there is no such mesh
   */
  Mesh get(String name);

  /**
   * Looks a mesh up.
   *
   * @param name the mesh's name
   * @return a handle, or empty
   */
  Optional<Mesh> find(String name);

  /**
   * Every mesh, ordered by name.
   *
   * @return handles on the meshes
   */
  List<Mesh> list();

  /**
   * Deletes a mesh: what it runs on its clusters, then its record. Refused while the mesh still
   * has policies in force, members (they {@link io.meshsdk.mesh.Mesh#leave leave} first) or, for
   * a mesh with {@link io.meshsdk.mesh.MeshSpec#istio()}, workloads whose proxies its control plane
   * injected; so that no object is left behind without an owner and no proxy loses its istiod.
   *
   * <p>Deleting removes the objects the mesh owns on its clusters: its gateway instances, the CA
   * objects of its root of trust, its control plane (the operator then uninstalls istiod) and
   * objects of policies whose intent can no longer be read; then the record, and the root's key
   * from the store's secret storage. Namespaces, and objects the SDK does not own, stay. When a
   * cluster fails to delete an object, the mesh is kept and the call can be repeated.
   *
   * <p>While the deletion runs, another replica's plan that would create or adopt objects for the
   * mesh is refused before it writes ({@code mesh.being-deleted}); one that was already writing
   * takes back what it created and gives what it adopted back as it was ({@code
   * mesh.deleted-during-apply}).
   *
   * @param name the mesh's name
   * @throws MeshNotFoundException if there is no such mesh
   * @throws MeshConflictException if the mesh still has policies, members or proxies
   */
  void delete(String name);

  /**
   * A view of this manager that acts on behalf of a principal, for a back end serving many users:
   * every operation through the view (and through the meshes, plans and registries it hands out)
   * is checked against the {@linkplain MeshManagerBuilder#accessPolicy(io.meshsdk.access.AccessPolicy)
   * access policy} for that principal, and names it in {@linkplain io.meshsdk.event.AuditRecord
   * audit records} and events. Views are cheap: create one per request. They share the manager's
   * connections, store and threads; closing a view closes nothing.
   *
   * <pre>{@code
   * MeshManager alice = meshes.as(request.getUserPrincipal().getName());
   * Plan plan = alice.get("prod").policies().plan(canary);   // refused unless alice may write there
   * }</pre>
   *
   * @param principal who asks, as the platform authenticated it; never a credential
   * @return the view
   * @throws ValidationException if the principal is blank
   * @since 0.2.0
   */
  MeshManager as(String principal);

  /**
   * Who this manager acts for.
   *
   * @return the principal given to {@link #as(String)}, or empty for the manager itself
   * @since 0.2.0
   */
  Optional<String> principal();

  /** Closes every cluster connection. The manager cannot be used afterwards. */
  /**
   * Analyzes Istio configuration in YAML files, without a mesh or a cluster: the backend's
   * analyzers over the objects of the files (several documents per file; directories are read
   * recursively, {@code .yaml}, {@code .yml} and {@code .json} files in name order). The files
   * stand for everything there is, but only for the kinds they hold: an object missing of a kind
   * of which the files hold none is never reported as missing. Findings name no cluster.
   *
   * <pre>{@code
   * AnalysisReport report = meshes.analyzeFiles(List.of(Path.of("deploy/istio")), AnalysisOptions.defaults());
   * }</pre>
   *
   * @param paths files or directories
   * @param options suppressions and the least severity reported
   * @return the findings
   * @throws ValidationException if a path does not exist or a file is not YAML of Kubernetes
   *     objects, naming the file and document
   * @since 0.2.0
   */
  AnalysisReport analyzeFiles(List<Path> paths, AnalysisOptions options);

  /**
   * Analyzes files as {@link #analyzeFiles(List, AnalysisOptions)} does, with the default options.
   *
   * @param paths files or directories
   * @return the findings
   * @since 0.2.0
   */
  default AnalysisReport analyzeFiles(Path... paths) {
    return analyzeFiles(Arrays.asList(paths), AnalysisOptions.defaults());
  }

  @Override
  void close();
}
