package io.meshsdk.mesh;

import io.meshsdk.plan.Plan;
import java.time.Duration;
import java.util.List;

/**
 * The Istio control plane of a mesh whose {@link MeshSpec#istio()} is set, driven through Istio's
 * operator: install, status, and canary upgrades that move namespaces one at a time through
 * revision tags. Every change is a {@link Plan} first; applying a plan writes the operator's
 * resources and, once they are all written, records the new state in the mesh's record, so every
 * replica sharing the store sees the same upgrade.
 *
 * <pre>{@code
 * MeshControlPlane cp = prod.controlPlane();
 * cp.planUpgrade("1.30.3").apply().orThrow();     // 1.30.3 comes up beside 1.29.3
 * cp.awaitReady(Duration.ofMinutes(5));
 * cp.useTag("bj-1", "bookinfo", MeshControlPlane.CANARY_TAG);
 * prod.sidecars().restart("bj-1", ...);          // cp.pendingRestarts("bj-1") lists what to restart
 * cp.planPromote().apply().orThrow();            // stable now means 1.30.3
 * cp.planRemoveRevision().apply().orThrow();     // once nothing runs 1.29.3 any more
 * }</pre>
 *
 * <p>The control-plane resources go to the control-plane cluster of a hosted mesh, and the
 * remote-profile resources Istio's primary-remote topology needs to each member; a dedicated mesh
 * has both on its one cluster. Namespaces select a revision through the tags {@value #STABLE_TAG}
 * and {@value #CANARY_TAG}: {@code sidecars().enableInjection} labels them with {@value
 * #STABLE_TAG}.
 *
 * @since 0.2.0
 */
public interface MeshControlPlane {

  /** The revision tag that namespaces use by default; it names the stable revision. */
  String STABLE_TAG = "stable";

  /** The revision tag that names the canary during an upgrade, and the stable revision otherwise. */
  String CANARY_TAG = "canary";

  /**
   * The control plane's state on the mesh's control-plane cluster, from the status the operator
   * set.
   *
   * @return the status
   * @throws io.meshsdk.UnsupportedCapabilityException if the mesh has no {@link MeshSpec#istio()}
   */
  ControlPlaneStatus status();

  /**
   * The control plane's state on one cluster of the mesh: on a member of a hosted mesh, the remote
   * profile the operator installed there.
   *
   * @param cluster a cluster of the mesh
   * @return the status
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if the
   *     cluster is not one of the mesh's
   */
  ControlPlaneStatus status(String cluster);

  /**
   * Waits until the operator reports the control plane and the revisions the mesh wants ready.
   *
   * @param timeout how long to wait
   * @return the status once ready
   * @throws io.meshsdk.ControlPlaneNotReadyException after {@code timeout}, naming the cluster and
   *     the conditions the operator reports
   */
  ControlPlaneStatus awaitReady(Duration timeout);

  /**
   * What installing (or restoring) the control plane as the mesh's record says writes: the
   * operator's resources and the revision tags on each cluster of the mesh.
   *
   * @return the plan; applying it changes no record
   */
  Plan planInstall();

  /**
   * Starts a canary upgrade: the new version's revision comes up beside the stable one, and the
   * {@value #CANARY_TAG} tag points at it. No namespace moves until it is told to.
   *
   * @param version the Istio version to try, for example {@code 1.30.3}
   * @return the plan; applying it records the canary
   * @throws io.meshsdk.ValidationException if the version is malformed, or the operator's schema
   *     does not know it (field {@code spec.version})
   * @throws io.meshsdk.MeshConflictException if an upgrade is under way, or an earlier revision
   *     still awaits removal
   */
  Plan planUpgrade(String version);

  /**
   * Makes the canary the stable revision: the {@value #STABLE_TAG} tag moves to it. The earlier
   * revision keeps running for the workloads not yet restarted.
   *
   * @return the plan; applying it records the promotion
   * @throws io.meshsdk.MeshConflictException if no upgrade is under way
   */
  Plan planPromote();

  /**
   * Goes back to the earlier revision: during a canary, the {@value #CANARY_TAG} tag returns to
   * the stable revision; after a promotion, both tags return to the revision promoted from.
   * Workloads already restarted onto the revision rolled back from show in {@link
   * #pendingRestarts(String)}.
   *
   * @return the plan; applying it records the rollback
   * @throws io.meshsdk.MeshConflictException if there is nothing to roll back to
   */
  Plan planRollback();

  /**
   * Removes the revision that a promotion or a rollback left behind, once no workload on any
   * cluster of the mesh uses it.
   *
   * @return the plan; applying it records that only the current revisions remain
   * @throws io.meshsdk.RevisionInUseException listing the workloads and namespaces that still use
   *     the revision
   * @throws io.meshsdk.MeshConflictException if no revision was left behind
   */
  Plan planRemoveRevision();

  /**
   * Binds a control-plane plan made earlier, possibly by another replica, to this mesh: the JSON
   * of its {@link Plan#toJson()}, which holds the plan's changes, the version of the mesh's record
   * it was made from and the state applying it records. Applying it is refused with {@link
   * io.meshsdk.ErrorCode#STALE_PLAN}, writing nothing, once the record moved on (another step was
   * applied meanwhile), as with each object that changed since planning.
   *
   * <pre>{@code
   * String preview = prod.controlPlane().planUpgrade("1.30.3").toJson();  // request 1, replica A
   * prod.controlPlane().restore(preview).apply().orThrow();              // request 2, replica B
   * }</pre>
   *
   * @param json the plan's JSON
   * @return the plan, applicable once
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#INVALID_INPUT}: message code
   *     {@code plan.tampered} if the JSON does not match its hash, {@code plan.other-mesh} if it is
   *     for another mesh, {@code plan.foreign-object} if it names an object that is not part of this
   *     mesh's control plane; {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if it writes to a
   *     cluster outside the mesh
   * @throws io.meshsdk.ValidationException if the text is not a control-plane plan's JSON
   */
  Plan restore(String json);

  /**
   * Moves a namespace to the revision a tag names, by its {@code istio.io/rev} label. Its workloads
   * move when restarted; {@link #pendingRestarts(String)} lists them.
   *
   * @param cluster a data-plane cluster of the mesh
   * @param namespace the namespace
   * @param tag {@value #STABLE_TAG} or {@value #CANARY_TAG}
   * @throws io.meshsdk.ValidationException if the tag is neither
   * @throws io.meshsdk.MeshNotFoundException if the namespace does not exist
   */
  void useTag(String cluster, String namespace, String tag);

  /**
   * The workloads whose running proxies come from another revision than the one their namespace
   * selects now.
   *
   * @param cluster a data-plane cluster of the mesh
   * @return the workloads, ordered by namespace and name
   */
  List<ProxyRestart> pendingRestarts(String cluster);
}
