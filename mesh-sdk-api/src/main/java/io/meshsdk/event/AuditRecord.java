package io.meshsdk.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One write operation, for the platform's audit trail: who asked, what, on which mesh, the
 * content hash of the plan written, and how it went on each cluster. Never holds a credential.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class AuditRecord {

  /** How the operation ended. */
  public enum Outcome {
    /** Everything was written as asked. */
    SUCCEEDED,
    /** Some or all of the writes failed; see {@link #clusters()} and {@link #error()}. */
    FAILED,
    /** The access policy refused the operation; nothing was written. */
    DENIED,
    /** The operation was cancelled; objects not attempted are counted as skipped. */
    CANCELLED
  }

  AuditRecord() {}

  /**
   * Starts a record.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Who asked, as passed to {@link io.meshsdk.MeshManager#as(String)}.
   *
   * @return the principal, or empty when the manager itself was called
   */
  public abstract Optional<String> principal();

  /**
   * What was asked.
   *
   * @return the operation
   */
  public abstract MeshOperation operation();

  /**
   * The mesh.
   *
   * @return the mesh's name; empty for the cluster registry
   */
  public abstract Optional<String> mesh();

  /**
   * What the operation was about beyond the mesh: the cluster joined, left or rotated, the
   * namespace or workloads changed.
   *
   * @return the target, for humans; empty for plans, whose hash says what they wrote
   */
  public abstract Optional<String> target();

  /**
   * The hash of the plan written, as {@link io.meshsdk.plan.Plan#hash()} gives it.
   *
   * @return the hash, for operations that apply a plan
   */
  public abstract Optional<String> planHash();

  /**
   * How the operation ended.
   *
   * @return the outcome
   */
  public abstract Outcome outcome();

  /**
   * How the write went on each cluster.
   *
   * @return the per-cluster counts, for operations that apply a plan
   */
  public abstract List<AuditClusterOutcome> clusters();

  /**
   * Why the operation failed or was refused.
   *
   * @return the message, without credentials
   */
  public abstract Optional<String> error();

  /**
   * When the operation started, by the manager's clock.
   *
   * @return the instant
   */
  public abstract Instant startedAt();

  /**
   * When the operation ended, by the manager's clock.
   *
   * @return the instant
   */
  public abstract Instant finishedAt();

  /** Builds an {@link AuditRecord}. */
  public static final class Builder extends ImmutableAuditRecord.Builder {
    Builder() {}
  }
}
