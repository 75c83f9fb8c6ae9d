package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.ErrorCode;
import io.meshsdk.resource.ResourceRef;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What happened to one object when a plan was applied.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableObjectOutcome.class)
@JsonDeserialize(as = ImmutableObjectOutcome.class)
public abstract class ObjectOutcome {

  /** The result for the object. */
  public enum Status {
    /** Written (created, updated or deleted) as planned. */
    APPLIED,
    /** Nothing to write: the object was already as wanted. */
    UNCHANGED,
    /** The write failed; see {@link #errorCode()} and {@link #error()}. */
    FAILED,
    /** Not attempted, because an earlier object on the same cluster failed. */
    SKIPPED
  }

  ObjectOutcome() {}

  /**
   * Starts an outcome.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The object.
   *
   * @return its identity
   */
  public abstract ResourceRef ref();

  /**
   * What the plan meant to do.
   *
   * @return the planned action
   */
  public abstract ChangeAction action();

  /**
   * What happened.
   *
   * @return the status
   */
  public abstract Status status();

  /**
   * How many times the write was tried; 0 when nothing was written.
   *
   * @return the attempts
   */
  @Value.Default
  public int attempts() {
    return 0;
  }

  /**
   * Why the write failed.
   *
   * @return the error code, for {@link Status#FAILED}
   */
  public abstract Optional<ErrorCode> errorCode();

  /**
   * The failure, for humans.
   *
   * @return the message, for {@link Status#FAILED}
   */
  public abstract Optional<String> error();

  /** Builds an {@link ObjectOutcome}. */
  public static final class Builder extends ImmutableObjectOutcome.Builder {
    Builder() {}
  }
}
