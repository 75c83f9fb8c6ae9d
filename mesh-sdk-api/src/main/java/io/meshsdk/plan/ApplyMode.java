package io.meshsdk.plan;

/**
 * How a plan's writes treat fields of its objects that another field manager owns on the cluster.
 *
 * <p>Kubernetes records, per field, which client last set it (its field manager; the SDK writes as
 * {@code mesh-sdk}). When someone changes a field the SDK set, for example with {@code kubectl
 * edit} or another controller, that field passes to them, and a later write of the SDK that sets
 * it to another value conflicts. {@link #STANDARD} stops there and reports the conflict;
 * {@link #FORCE} overrides it.
 *
 * <pre>{@code
 * ApplyResult result = plan.apply();                   // CONFLICT: "kubectl-edit" owns spec.http
 * ApplyResult taken = newPlan.apply(ApplyMode.FORCE);  // the SDK's values win, and its fields are its own again
 * }</pre>
 *
 * @since 0.2.0
 */
public enum ApplyMode {
  /**
   * Leaves fields owned by other field managers alone: an object whose change would overwrite
   * one fails with {@link io.meshsdk.ErrorCode#CONFLICT}, naming the manager and the fields, and
   * the rest of its cluster is skipped. The default, because a conflict means that someone else
   * changed what the plan is about to overwrite, and a person should decide who is right.
   */
  STANDARD,

  /**
   * Writes the SDK's values over conflicting fields and takes ownership of them from the field
   * manager that holds them (server-side apply with {@code force=true}, as {@code kubectl apply
   * --force-conflicts}). Only the fields of the SDK's own objects that the plan sets are taken;
   * fields that other managers added and the SDK does not set stay as they are, and so do objects
   * the SDK does not own. Use it once a {@link #STANDARD} apply has reported a conflict and the
   * intent of the policy is known to be what should hold, for example to undo an edit made with
   * {@code kubectl edit}; {@link io.meshsdk.mesh.MeshPolicies#reconcile()} applies this way. Other
   * preconditions still hold: an object that moved since planning still fails with {@link
   * io.meshsdk.ErrorCode#STALE_PLAN}.
   */
  FORCE
}
