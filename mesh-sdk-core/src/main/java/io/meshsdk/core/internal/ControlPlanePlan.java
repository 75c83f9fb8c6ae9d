package io.meshsdk.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.plan.SerializedPlan;
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
 *
 * <p>As JSON it is a {@value #KIND}: the plan's own JSON ({@link SerializedPlan}) under {@code
 * plan}, with the version of the record it was made from and the install it records, all under
 * one hash. {@link MeshPolicies#restore(String)} refuses it, since it would not record the state.
 */
final class ControlPlanePlan implements Plan {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlanePlan.class);
  /** The {@code kind} of a control-plane plan's JSON. */
  static final String KIND = "ControlPlanePlan";

  private final Engine engine;
  private final DefaultPlan plan;
  private final String recordVersion;
  private final IstioInstall install;
  private final MeshSpec next;

  ControlPlanePlan(Engine engine, DefaultPlan plan, Versioned<MeshSpec> record, MeshSpec next) {
    this.engine = engine;
    this.plan = plan;
    this.recordVersion = record.version();
    this.install = next.istio().orElseThrow();
    this.next = record.value().equals(next) ? null : next;
  }

  /**
   * Binds a control-plane plan read back from JSON to the mesh's record as it is now. If the
   * record is not the version the plan was made from, applying it is refused.
   */
  private ControlPlanePlan(Engine engine, DefaultPlan plan, String recordVersion, Versioned<MeshSpec> record,
      IstioInstall install) {
    this.engine = engine;
    this.plan = plan;
    this.recordVersion = recordVersion;
    this.install = install;
    MeshSpec next = MeshSpec.hosted(record.value().name()).from(record.value()).istio(install).build();
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
   * The plan as a {@value #KIND} document, which {@link io.meshsdk.mesh.MeshControlPlane#restore}
   * reads back on any replica.
   */
  @Override
  public String toJson() {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.put("apiVersion", SerializedPlan.API_VERSION);
    document.put("kind", KIND);
    document.put("mesh", mesh());
    document.put("recordVersion", recordVersion);
    document.set("istio", Json.MAPPER.valueToTree(install));
    try {
      document.set("plan", Json.MAPPER.readTree(plan.toJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan's JSON always reads back", e);
    }
    document.put("hash", "sha256:" + Json.sha256(Json.sorted(document)));
    return Json.sorted(document);
  }

  /**
   * Reads a control-plane plan written by {@link #toJson()}, checking its hash and its plan's, and
   * that it is for this mesh; what its changes may touch is the caller's to check.
   *
   * @return the plan, bound to the mesh's record as it is now
   */
  static ControlPlanePlan parse(Engine engine, String mesh, String json, Versioned<MeshSpec> record) {
    JsonNode tree;
    try {
      tree = json == null ? null : Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("", "is not JSON: " + e.getOriginalMessage());
    }
    if (!(tree instanceof ObjectNode) || !SerializedPlan.API_VERSION.equals(tree.path("apiVersion").asText())
        || !KIND.equals(tree.path("kind").asText())) {
      throw invalid("kind", "must be a " + KIND + " of " + SerializedPlan.API_VERSION + ", as the toJson() of a"
          + " control-plane plan writes it; restore other plans through policies().restore");
    }
    ObjectNode document = ((ObjectNode) tree).deepCopy();
    JsonNode hash = document.remove("hash");
    if (hash == null || !hash.isTextual()
        || !hash.textValue().equals("sha256:" + Json.sha256(Json.sorted(document)))) {
      throw new MeshException(ErrorCode.INVALID_INPUT, SerializedPlan.TAMPERED,
          Map.of("mesh", document.path("mesh").asText("")), "the plan's JSON does not match its hash: it was"
              + " changed after it was made, or damaged; make a new plan", null);
    }
    SerializedPlan changes = SerializedPlan.parse(Json.write(document.path("plan")));
    String planned = document.path("mesh").asText("");
    if (!planned.equals(mesh) || !changes.mesh().equals(mesh)) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "plan.other-mesh", Map.of("plan", planned, "mesh", mesh),
          "the plan is for mesh " + planned + ", not " + mesh + "; restore it through mesh " + planned, null);
    }
    String version = document.path("recordVersion").asText("");
    if (version.isEmpty()) {
      throw invalid("recordVersion", "is required");
    }
    IstioInstall install;
    try {
      install = Json.MAPPER.treeToValue(document.path("istio"), IstioInstall.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw invalid("istio", "is not an install as the plan wrote it: " + e.getMessage());
    }
    return new ControlPlanePlan(engine, new DefaultPlan(engine, mesh, changes.changes())
        .operation(MeshOperation.MANAGE_CONTROL_PLANE), version, record, install);
  }

  private static ValidationException invalid(String field, String message) {
    return new ValidationException("the JSON of a control-plane plan", List.of(Violation.of(field, message)));
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
