package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.JsonText;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One difference between the live and the wanted form of an object, at a JSON Pointer path, with
 * the values on both sides as JSON text. In the SDK's JSON ({@code Plan.toJson()}, {@code
 * DriftReport.toJson()}) the values appear as the JSON values they denote: {@code {"op":
 * "REPLACE", "path": "/spec/http/0/route/0/weight", "before": 90, "after": 80}}.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDiffEntry.class)
@JsonDeserialize(as = ImmutableDiffEntry.class)
public abstract class DiffEntry {

  /** The kind of difference. */
  public enum Op {
    /** The field is new. */
    ADD,
    /** The field goes away. */
    REMOVE,
    /** The field's value changes. */
    REPLACE
  }

  DiffEntry() {}

  /**
   * Creates an entry.
   *
   * @param op the kind of difference
   * @param path the JSON Pointer of the field, for example {@code /spec/http/0/route/1/weight}
   * @param before the live value as JSON, or {@code null} for {@link Op#ADD}
   * @param after the wanted value as JSON, or {@code null} for {@link Op#REMOVE}
   * @return the entry
   */
  public static DiffEntry of(Op op, String path, String before, String after) {
    return ImmutableDiffEntry.builder()
        .op(op)
        .path(path)
        .before(Optional.ofNullable(before))
        .after(Optional.ofNullable(after))
        .build();
  }

  /**
   * The kind of difference.
   *
   * @return the operation
   */
  public abstract Op op();

  /**
   * Where the difference is, as a JSON Pointer (RFC 6901).
   *
   * @return the path
   */
  public abstract String path();

  /**
   * The live value.
   *
   * @return the value as JSON; absent for an addition
   */
  @JsonSerialize(contentUsing = JsonText.Serializer.class)
  @JsonDeserialize(contentUsing = JsonText.Deserializer.class)
  public abstract Optional<String> before();

  /**
   * The wanted value.
   *
   * @return the value as JSON; absent for a removal
   */
  @JsonSerialize(contentUsing = JsonText.Serializer.class)
  @JsonDeserialize(contentUsing = JsonText.Deserializer.class)
  public abstract Optional<String> after();

  /** Returns for example {@code ~ /spec/http/0/route/0/weight: 90 -> 80}. */
  @Override
  public String toString() {
    switch (op()) {
      case ADD:
        return "+ " + path() + ": " + after().orElse("");
      case REMOVE:
        return "- " + path() + ": " + before().orElse("");
      default:
        return "~ " + path() + ": " + before().orElse("") + " -> " + after().orElse("");
    }
  }
}
