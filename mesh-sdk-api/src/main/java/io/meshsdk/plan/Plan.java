package io.meshsdk.plan;

import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What a change would do, per cluster and per object, computed without writing anything. Print
 * it with {@link #render()}, inspect it with {@link #changes()}, then {@link #apply()} it. A plan
 * is pinned to the resource versions it read: if the live objects move before it is applied, the
 * affected objects fail with {@link io.meshsdk.ErrorCode#STALE_PLAN} and nothing else is
 * clobbered.
 *
 * @since 0.1.0
 */
public interface Plan {

  /**
   * The mesh the plan is for.
   *
   * @return the mesh's name
   */
  String mesh();

  /**
   * Every change, ordered by cluster and then in the order they will be applied.
   *
   * @return the changes, including {@link ChangeAction#UNCHANGED} ones
   */
  List<ResourceChange> changes();

  /**
   * The changes on one cluster, in the order they will be applied.
   *
   * @param cluster the cluster's name
   * @return the changes; empty if the plan does not touch the cluster
   */
  default List<ResourceChange> changes(String cluster) {
    return changes().stream().filter(c -> c.cluster().equals(cluster)).collect(Collectors.toList());
  }

  /**
   * The clusters the plan reads or writes, in order.
   *
   * @return the clusters' names
   */
  default List<String> clusters() {
    return changes().stream().map(ResourceChange::cluster).distinct().collect(Collectors.toList());
  }

  /**
   * How many changes have an action.
   *
   * @param action the action
   * @return the count
   */
  default long count(ChangeAction action) {
    return changes().stream().filter(c -> c.action() == action).count();
  }

  /**
   * Whether applying would write anything.
   *
   * @return {@code false} when every change is {@link ChangeAction#UNCHANGED}
   */
  default boolean hasChanges() {
    return changes().stream().anyMatch(c -> c.action() != ChangeAction.UNCHANGED);
  }

  /**
   * The plan for humans: per cluster, each object with its action and its field-level diff.
   *
   * @return multi-line text
   */
  String render();

  /**
   * Sends every creation and update of the plan to its cluster as a server-side dry run, so the
   * API server's schema validation and admission webhooks (Istio's validating webhook among them)
   * judge the objects before anything is written. Nothing is persisted; the plan stays
   * applicable.
   *
   * @return this plan, when every object was accepted
   * @throws io.meshsdk.ValidationException listing, per cluster and object, what a server refused
   */
  Plan validateOnServer();

  /**
   * Writes the plan: per cluster in order (DestinationRules before the VirtualServices that use
   * their subsets, deletions last and in reverse), clusters in parallel. Objects whose live state
   * moved since planning are not written and are reported failed with {@link
   * io.meshsdk.ErrorCode#STALE_PLAN}.
   *
   * <p>Analyzes the plan first ({@link Preflight#ANALYZE}): a plan that would introduce an error
   * finding is refused with an {@link io.meshsdk.AnalysisRejectedException} and nothing is
   * written.
   *
   * <p>Writes as {@link ApplyMode#STANDARD}: an object whose fields another field manager took
   * over since the SDK wrote them fails with {@link io.meshsdk.ErrorCode#CONFLICT}.
   *
   * @return the outcome per cluster and object
   * @see #apply(ApplyMode)
   */
  default ApplyResult apply() {
    return apply(ApplyMode.STANDARD);
  }

  /**
   * Writes the plan as {@link #apply()} does, treating fields that other field managers own as
   * {@code mode} says. {@link ApplyMode#FORCE} takes them over for the SDK, so that a plan can
   * put back values that were changed with {@code kubectl edit} or by another tool.
   *
   * @param mode how to treat fields owned by other field managers
   * @return the outcome per cluster and object
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#STALE_PLAN} if the
   *     plan was already applied
   * @throws io.meshsdk.AnalysisRejectedException if the plan would introduce an error finding
   * @since 0.2.0
   */
  ApplyResult apply(ApplyMode mode);

  /**
   * Writes the plan as {@link #apply(ApplyMode)} does, analyzing it first or not as {@code
   * preflight} says.
   *
   * @param mode how to treat fields owned by other field managers
   * @param preflight whether to refuse a plan that would introduce an error finding
   * @return the outcome per cluster and object
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#STALE_PLAN} if the
   *     plan was already applied
   * @throws io.meshsdk.AnalysisRejectedException with {@link Preflight#ANALYZE}, if the plan would
   *     introduce an error finding; nothing was written and the plan can still be applied
   * @throws io.meshsdk.UnsupportedCapabilityException from a plan not made by a mesh manager
   * @since 0.2.0
   */
  default ApplyResult apply(ApplyMode mode, Preflight preflight) {
    throw new io.meshsdk.UnsupportedCapabilityException("this plan was not made by a mesh manager and cannot be analyzed");
  }

  /**
   * Writes the plan as {@link #apply()} does, on the manager's executor. Cancelling the future
   * stops the apply before the next object is written on each cluster: an object being written is
   * finished, never left half-written, and the objects not attempted are reported {@link
   * ObjectOutcome.Status#SKIPPED} to listeners and the audit trail.
   *
   * @return the outcome when every cluster is done
   * @throws io.meshsdk.MeshAccessDeniedException at once, if the access policy refuses a namespace
   *     the plan writes in
   * @throws io.meshsdk.MeshConflictException at once, with {@link io.meshsdk.ErrorCode#STALE_PLAN},
   *     if the plan was already applied
   * @since 0.2.0
   */
  default CompletableFuture<ApplyResult> applyAsync() {
    return applyAsync(ApplyMode.STANDARD);
  }

  /**
   * Writes the plan as {@link #apply(ApplyMode)} does, on the manager's executor, cancellable as
   * {@link #applyAsync()} is.
   *
   * @param mode how to treat fields owned by other field managers
   * @return the outcome when every cluster is done
   * @throws io.meshsdk.MeshAccessDeniedException at once, if the access policy refuses a namespace
   *     the plan writes in
   * @throws io.meshsdk.MeshConflictException at once, with {@link io.meshsdk.ErrorCode#STALE_PLAN},
   *     if the plan was already applied
   * @since 0.2.0
   */
  CompletableFuture<ApplyResult> applyAsync(ApplyMode mode);

  /**
   * Writes the plan as {@link #apply(ApplyMode, Preflight)} does, on the manager's executor,
   * cancellable as {@link #applyAsync()} is. A refusal by analysis fails the future with an
   * {@link io.meshsdk.AnalysisRejectedException}.
   *
   * @param mode how to treat fields owned by other field managers
   * @param preflight whether to refuse a plan that would introduce an error finding
   * @return the outcome when every cluster is done
   * @throws io.meshsdk.MeshAccessDeniedException at once, if the access policy refuses a namespace
   *     the plan writes in
   * @throws io.meshsdk.MeshConflictException at once, with {@link io.meshsdk.ErrorCode#STALE_PLAN},
   *     if the plan was already applied
   * @throws io.meshsdk.UnsupportedCapabilityException from a plan not made by a mesh manager
   * @since 0.2.0
   */
  default CompletableFuture<ApplyResult> applyAsync(ApplyMode mode, Preflight preflight) {
    throw new io.meshsdk.UnsupportedCapabilityException("this plan was not made by a mesh manager and cannot be analyzed");
  }

  /**
   * Analyzes what the mesh would be with the plan applied ("what if"): the live objects of every
   * cluster of the mesh with the plan's creations, updates and deletions in their place, and
   * which findings that introduces or resolves compared with the live state. Nothing is written.
   *
   * @return the findings with the plan applied, and the introduced and resolved ones
   * @since 0.2.0
   */
  default AnalysisReport analyze() {
    return analyze(AnalysisOptions.defaults());
  }

  /**
   * Analyzes the plan as {@link #analyze()} does, filtering the findings as the options say.
   *
   * @param options suppressions and the least severity reported
   * @return the findings with the plan applied, and the introduced and resolved ones
   * @throws io.meshsdk.UnsupportedCapabilityException from a plan not made by a mesh manager
   * @since 0.2.0
   */
  default AnalysisReport analyze(AnalysisOptions options) {
    throw new io.meshsdk.UnsupportedCapabilityException("this plan was not made by a mesh manager and cannot be analyzed");
  }

  /**
   * A stable hash of the plan's content: every change's cluster, object, action, the resource
   * version it read and the object it writes. Two plans with the same hash write the same; audit
   * records name the plan by it.
   *
   * @return 16 hex digits
   * @since 0.2.0
   */
  String hash();

  /**
   * The plan as JSON, to show it or to keep it between the request that previews a change and the
   * one that confirms it: {@link io.meshsdk.mesh.MeshPolicies#restore(String)} reads it back, on
   * this replica or another, and applying it refuses every object that moved since planning
   * ({@link io.meshsdk.ErrorCode#STALE_PLAN}). The format is described on {@link SerializedPlan}.
   * A plan of {@link io.meshsdk.mesh.MeshControlPlane} is a {@code ControlPlanePlan} document that
   * holds that format under {@code plan}, and is read back by {@link
   * io.meshsdk.mesh.MeshControlPlane#restore(String)}.
   *
   * <pre>{@code
   * String json = prod.policies().plan(canary).toJson();   // request 1: preview
   * ApplyResult result = prod.policies().restore(json).apply().orThrow();   // request 2: confirm
   * }</pre>
   *
   * @return compact JSON text with a hash of its content
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#UNSUPPORTED_CAPABILITY} if the
   *     plan writes a Secret, whose content is a credential
   * @since 0.2.0
   */
  default String toJson() {
    return SerializedPlan.of(this).toJson();
  }

}
