package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan of the control plane's resources that, once every object is written, records the state
 * it was made for in the mesh's record. It is pinned to the record it was made from as well as to
 * the objects it read: if another replica moved the upgrade on meanwhile, applying it writes
 * nothing and fails with {@link ErrorCode#STALE_PLAN}.
 */
final class ControlPlanePlan implements Plan {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlanePlan.class);

  private final Engine engine;
  private final DefaultPlan plan;
  private final String recordVersion;
  private final MeshSpec next;

  ControlPlanePlan(Engine engine, DefaultPlan plan, Versioned<MeshSpec> record, MeshSpec next) {
    this.engine = engine;
    this.plan = plan;
    this.recordVersion = record.version();
    this.next = record.value().equals(next) ? null : next;
  }

  @Override
  public String mesh() {
    return plan.mesh();
  }

  @Override
  public List<ResourceChange> changes() {
    return plan.changes();
  }

  @Override
  public String render() {
    return plan.render();
  }

  @Override
  public Plan validateOnServer() {
    plan.validateOnServer();
    return this;
  }

  @Override
  public ApplyResult apply(ApplyMode mode) {
    return apply(mode, Preflight.ANALYZE);
  }

  @Override
  public ApplyResult apply(ApplyMode mode, Preflight preflight) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(preflight, "preflight");
    requireRecordUnmoved();
    ApplyResult result = plan.apply(mode, preflight);
    if (result.successful() && next != null) {
      try {
        engine.store.updateMesh(next, recordVersion);
        LOG.debug("recorded the control plane of mesh {} as {}", mesh(), next.istio().orElse(null));
      } catch (MeshConflictException e) {
        throw new MeshConflictException(ErrorCode.STALE_PLAN, "control-plane.record-moved", Map.of("mesh", mesh()),
            "the control-plane resources of mesh " + mesh() + " were written, but its record changed since the plan"
                + " was made, so the new state was not recorded; make the plan again");
      }
    }
    return result;
  }

  @Override
  public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode) {
    return applyAsync(mode, Preflight.ANALYZE);
  }

  @Override
  public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode, Preflight preflight) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(preflight, "preflight");
    try {
      return CompletableFuture.supplyAsync(() -> apply(mode, preflight), engine.asyncExecutor());
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new MeshException(ErrorCode.CONFIGURATION,
          "the executor refused to apply the plan for mesh " + mesh() + "; is the MeshManager closed?", e));
    }
  }

  private void requireRecordUnmoved() {
    Versioned<MeshSpec> now = engine.mesh(mesh());
    if (!now.version().equals(recordVersion)) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, "control-plane.record-moved", Map.of("mesh", mesh()),
          "the record of mesh " + mesh() + " changed since this control-plane plan was made (another replica may"
              + " have moved the upgrade on); nothing was written, make the plan again");
    }
  }

  /**
   * Refused: applying this plan records the mesh's next state, which a plan read back from JSON
   * would not do; a control-plane step is planned again where it is applied.
   */
  @Override
  public String toJson() {
    throw new MeshException(ErrorCode.UNSUPPORTED_CAPABILITY, "a control-plane plan of mesh " + mesh()
        + " records the mesh's next state when applied, so it is not kept as JSON; show it with render() and"
        + " make it again on the replica that applies it");
  }

  @Override
  public String hash() {
    return plan.hash();
  }

  @Override
  public String toString() {
    return "Plan[mesh=" + mesh() + ", control plane, changes=" + changes().size() + "]";
  }
}
