package io.meshsdk.mesh;

import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies of one mesh. Every write goes through a {@link Plan}: {@code plan} computes what
 * would change on which cluster without writing anything, {@code apply} is {@code
 * plan(...).apply()}.
 *
 * @since 0.1.0
 */
public interface MeshPolicies {

  /**
   * Narrows every operation to one of the mesh's config clusters, for example one primary of an
   * external mesh. The SDK still decides placement: naming a member cluster, which receives only
   * data-plane objects, is refused when the operation runs.
   *
   * <pre>{@code
   * legacy.policies().onCluster("old-2").plan(canary);   // only the second primary
   * prod.policies().onCluster("bj-1").plan(canary);      // PLACEMENT_REJECTED: bj-1 is a member
   * }</pre>
   *
   * @param cluster a config cluster of the mesh
   * @return the policy operations limited to that cluster
   */
  MeshPolicies onCluster(String cluster);

  /**
   * Computes what putting these policies in place would change, per cluster. Reads the live
   * objects the SDK owns; writes nothing.
   *
   * @param policies the intents, each replacing any earlier policy with the same {@link
   *     Policy#ref()}
   * @return the plan
   */
  Plan plan(List<? extends Policy> policies);

  /**
   * Computes what putting these policies in place would change.
   *
   * @param policies the intents
   * @return the plan
   * @see #plan(List)
   */
  default Plan plan(Policy... policies) {
    return plan(List.of(policies));
  }

  /**
   * Plans and applies in one step.
   *
   * @param policies the intents
   * @return the outcome per cluster and object
   */
  default ApplyResult apply(Policy... policies) {
    return plan(policies).apply();
  }

  /**
   * Finds the configuration on the mesh's config clusters that the SDK does not own (objects
   * without its ownership labels, of every kind the backend knows) and reads it back into
   * policies: typed ones where the typed API says exactly what the objects say, raw ones with the
   * reason otherwise. Writes nothing. The same objects found on several config clusters give one
   * result naming all of them.
   *
   * <pre>{@code
   * List<DiscoveredPolicy> found = legacy.policies().discover();
   * Plan takeover = legacy.policies().adopt(found.stream().map(DiscoveredPolicy::policy).toList());
   * }</pre>
   *
   * @return the policies found, ordered by kind, namespace and name; under an access policy, only
   *     those in namespaces the principal may read
   * @throws io.meshsdk.UnsupportedCapabilityException if the backend cannot read objects back
   * @since 0.2.0
   */
  List<DiscoveredPolicy> discover();

  /**
   * Computes what taking existing objects over with these policies would change: each object of
   * a policy that exists without the SDK's ownership labels is an {@link
   * io.meshsdk.plan.ChangeAction#ADOPT}, which adds the labels and the intent and keeps the spec
   * unless the policy says otherwise (the diff then shows it); objects the policy needs that do not
   * exist are created, and objects it already owns compared as by {@link #plan(List)}. Adoption is
   * never implicit: {@link #plan(List)} still refuses to touch an object the SDK does not own.
   * Applying the plan refuses, with {@link io.meshsdk.ErrorCode#STALE_PLAN}, an object edited or
   * replaced since it was read.
   *
   * @param policies the policies to adopt the objects with, typically from {@link #discover()}
   * @return the plan
   * @throws io.meshsdk.MeshConflictException if an object belongs to another policy or mesh,
   *     naming both
   * @since 0.2.0
   */
  Plan adopt(List<? extends Policy> policies);

  /**
   * Computes what taking existing objects over with these policies would change.
   *
   * @param policies the policies
   * @return the plan
   * @see #adopt(List)
   * @since 0.2.0
   */
  default Plan adopt(Policy... policies) {
    return adopt(List.of(policies));
  }

  /**
   * Computes what removing these policies would delete, per cluster.
   *
   * @param policies the policies to remove
   * @return the plan; all of its changes are deletions
   * @throws io.meshsdk.MeshNotFoundException if a policy has no objects on the config clusters
   */
  Plan planDeletion(List<PolicyRef> policies);

  /**
   * Computes what removing these policies would delete.
   *
   * @param policies the policies to remove
   * @return the plan
   * @see #planDeletion(List)
   */
  default Plan planDeletion(PolicyRef... policies) {
    return planDeletion(List.of(policies));
  }

  /**
   * Removes policies: plans their deletion and applies it.
   *
   * @param policies the policies to remove
   * @return the outcome per cluster and object
   */
  default ApplyResult delete(PolicyRef... policies) {
    return planDeletion(policies).apply();
  }

  /**
   * The policies in force, read back from the intent annotations on the config clusters.
   *
   * @return the policies, ordered by kind, namespace and name
   */
  List<Policy> list();

  /**
   * One policy in force.
   *
   * @param ref the policy
   * @return the policy, or empty
   */
  Optional<Policy> find(PolicyRef ref);

  /**
   * The policies in force that act on traffic to a host: traffic policies about that service,
   * external services declaring it, and gateway routes sending to it. A service is matched however
   * it is written ({@code reviews.bookinfo}, {@code reviews.bookinfo.svc.cluster.local}); an
   * external host exactly or by a policy's wildcard ({@code *.example.com}).
   *
   * @param host a service as {@code name.namespace} or its full name, or an external host
   * @return the policies, ordered by kind, namespace and name
   * @throws io.meshsdk.ValidationException naming {@code host} if it is blank or a short name,
   *     which only {@link #affecting(String, String)} can qualify
   * @since 0.2.0
   */
  List<Policy> affecting(String host);

  /**
   * The policies in force that act on traffic to a host, with a short name resolved in a
   * namespace as Istio resolves it.
   *
   * @param namespace the namespace short names are resolved in
   * @param host a short service name such as {@code reviews}, or any form {@link
   *     #affecting(String)} takes
   * @return the policies, ordered by kind, namespace and name
   * @since 0.2.0
   */
  List<Policy> affecting(String namespace, String host);

  /**
   * The workload-selected policies in force that apply to a workload: mTLS, authorization, JWT,
   * sidecar and telemetry policies and gateways whose selector its labels match, in its namespace
   * or, mesh-wide, in the root namespace {@code istio-system}. An empty selector matches every
   * workload of the policy's namespace.
   *
   * @param namespace the workload's namespace
   * @param labels the labels of its pods, such as {@link io.meshsdk.inventory.WorkloadInfo#labels()}
   * @return the policies, ordered by kind, namespace and name
   * @since 0.2.0
   */
  List<Policy> affectingWorkload(String namespace, Map<String, String> labels);

  /**
   * The live objects the SDK owns for this mesh, per config cluster.
   *
   * @return for each config cluster, its SDK-owned objects ordered by kind, namespace and name
   */
  Map<String, List<MeshResource>> resources();

  /**
   * Finds what was changed out of band: reads the intents of the policies in force back from the
   * config clusters, translates them again and compares the result with the live objects. Writes
   * nothing. Run it on a schedule, or before a change, to see edits made with {@code kubectl},
   * by another tool, or by hand in a GitOps repository.
   *
   * @return per config cluster, the SDK-owned objects that were edited or deleted out of band
   */
  DriftReport drift();

  /**
   * Computes what putting every drifted object back would write: the policies in force, read
   * back from the config clusters, planned again. Objects marked {@link
   * io.meshsdk.plan.ObjectDrift.Kind#UNRECOVERABLE} in {@link #drift()} are left alone.
   *
   * @return the plan; unchanged objects appear as {@link io.meshsdk.plan.ChangeAction#UNCHANGED}
   * @throws io.meshsdk.MeshConflictException if an object to recreate was replaced by one the SDK
   *     does not own
   */
  Plan planReconcile();

  /**
   * Puts every drifted object back: plans the reconciliation and applies it with {@link
   * io.meshsdk.plan.ApplyMode#FORCE}. Reconciling means making the SDK's objects as their
   * policies say, so the fields the SDK sets are taken back from whichever field manager changed
   * them (for example {@code kubectl edit}); fields that others added and the SDK does not set
   * are left as they are.
   *
   * @return the outcome per cluster and object
   * @see #planReconcile()
   */
  default ApplyResult reconcile() {
    return planReconcile().apply(io.meshsdk.plan.ApplyMode.FORCE);
  }

  /**
   * Binds a plan made earlier, possibly by another replica, to this mesh so it can be applied:
   * the JSON of {@link Plan#toJson()}, with the resource versions it read. Applying it writes
   * exactly the planned objects and refuses, with {@link io.meshsdk.ErrorCode#STALE_PLAN}, each
   * object that moved since the plan was made; nothing is planned again.
   *
   * <pre>{@code
   * // request 1, replica A
   * String preview = prod.policies().plan(canary).toJson();
   * // request 2, replica B
   * ApplyResult result = prod.policies().restore(preview).apply();
   * }</pre>
   *
   * @param json the plan's JSON
   * @return the plan, bound to this mesh and applicable once
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#INVALID_INPUT}: message code
   *     {@code plan.tampered} if the JSON does not match its hash, {@code plan.other-mesh} if the plan
   *     is for another mesh, {@code plan.foreign-object} if it names an object this mesh does not own
   *     (other than an object without any owner that an {@link io.meshsdk.plan.ChangeAction#ADOPT}
   *     change takes over)
   * @throws io.meshsdk.ValidationException if the text is not a plan's JSON
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if it
   *     writes to a cluster this mesh's policies do not go to
   * @since 0.2.0
   */
  Plan restore(String json);

}
