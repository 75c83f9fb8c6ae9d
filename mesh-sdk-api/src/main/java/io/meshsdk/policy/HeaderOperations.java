package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Changes to the headers of a request before it is forwarded, or of a response before it is
 * returned: headers to overwrite, to append and to remove.
 *
 * <pre>{@code
 * route(r -> r.toSubset("v1").setRequestHeader("x-env", "prod").removeResponseHeader("server"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableHeaderOperations.class)
@JsonDeserialize(as = ImmutableHeaderOperations.class)
public abstract class HeaderOperations {

  HeaderOperations() {}

  /**
   * Starts header operations.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Headers overwritten with these values, by lower-case name.
   *
   * @return the headers, in insertion order
   */
  public abstract Map<String, String> set();

  /**
   * Headers appended with these values, by lower-case name.
   *
   * @return the headers, in insertion order
   */
  public abstract Map<String, String> add();

  /**
   * Names of headers removed.
   *
   * @return the names, in order
   */
  public abstract List<String> remove();

  /**
   * Whether nothing is changed.
   *
   * @return {@code true} when empty
   */
  @JsonIgnore
  public final boolean isEmpty() {
    return set().isEmpty() && add().isEmpty() && remove().isEmpty();
  }

  /** Builds {@link HeaderOperations}. */
  public static final class Builder extends ImmutableHeaderOperations.Builder {
    Builder() {}
  }
}
