package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One status condition the operator set on a control-plane resource, such as {@code Ready} or
 * {@code Reconciled}.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableControlPlaneCondition.class)
@JsonDeserialize(as = ImmutableControlPlaneCondition.class)
public abstract class ControlPlaneCondition {

  ControlPlaneCondition() {}

  /**
   * Describes a condition.
   *
   * @param type for example {@code Ready}
   * @param status {@code True}, {@code False} or {@code Unknown}
   * @param reason the operator's one-word reason, or {@code null}
   * @param message the operator's message, or {@code null}
   * @return the value
   */
  public static ControlPlaneCondition of(String type, String status, String reason, String message) {
    return ImmutableControlPlaneCondition.builder().type(type).status(status)
        .reason(Optional.ofNullable(reason)).message(Optional.ofNullable(message)).build();
  }

  /**
   * The condition's type.
   *
   * @return for example {@code Ready}
   */
  public abstract String type();

  /**
   * The condition's status.
   *
   * @return {@code True}, {@code False} or {@code Unknown}
   */
  public abstract String status();

  /**
   * Why the condition has its status, in one word.
   *
   * @return the reason, when set
   */
  public abstract Optional<String> reason();

  /**
   * What the operator says about it.
   *
   * @return the message, when set
   */
  public abstract Optional<String> message();

  /**
   * Whether the condition holds.
   *
   * @return {@code true} when the status is {@code True}
   */
  public final boolean holds() {
    return "True".equals(status());
  }

  @Override
  public String toString() {
    return type() + "=" + status() + reason().map(r -> " (" + r + ")").orElse("") + message().map(m -> ": " + m).orElse("");
  }
}
