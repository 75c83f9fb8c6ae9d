package io.meshsdk;

import java.util.Objects;

/**
 * One rule that an input broke: the field path (for example {@code routes[1].timeout}) and what
 * is wrong with it.
 *
 * @since 0.1.0
 */
public final class Violation {
  private final String field;
  private final String message;

  private Violation(String field, String message) {
    this.field = Objects.requireNonNull(field, "field");
    this.message = Objects.requireNonNull(message, "message");
  }

  /**
   * Creates a violation.
   *
   * @param field the path of the field, dotted with {@code [i]} for list elements
   * @param message what is wrong, for example "must be between 0 and 100, but was 120"
   * @return the violation
   */
  public static Violation of(String field, String message) {
    return new Violation(field, message);
  }

  /**
   * The path of the offending field.
   *
   * @return for example {@code routes[0].destinations[1].weight}
   */
  public String field() {
    return field;
  }

  /**
   * What is wrong.
   *
   * @return the message, without the field path
   */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Violation
        && ((Violation) o).field.equals(field)
        && ((Violation) o).message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, message);
  }

  /** Returns "`field` message". */
  @Override
  public String toString() {
    return "`" + field + "` " + message;
  }
}
