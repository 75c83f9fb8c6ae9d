package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/**
 * A condition on a request attribute that Istio defines, such as {@code request.auth.claims[iss]}
 * or {@code source.ip}: the attribute must have one of {@link #values()} and none of {@link
 * #notValues()}.
 *
 * <pre>{@code
 * when("request.auth.claims[groups]", "admins")
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRequestCondition.class)
@JsonDeserialize(as = ImmutableRequestCondition.class)
public abstract class RequestCondition {

  RequestCondition() {}

  /**
   * Starts a condition.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A condition that the attribute has one of some values.
   *
   * @param key the attribute, for example {@code request.headers[x-tenant]}
   * @param values the accepted values
   * @return the condition
   */
  public static RequestCondition of(String key, String... values) {
    return builder().key(key).values(List.of(values)).build();
  }

  /**
   * The attribute, one of the keys Istio documents.
   *
   * @return the key
   */
  public abstract String key();

  /**
   * Values of which the attribute must have one.
   *
   * @return the values
   */
  public abstract List<String> values();

  /**
   * Values the attribute must not have.
   *
   * @return the excluded values
   */
  public abstract List<String> notValues();

  /** Builds a {@link RequestCondition}. */
  public static final class Builder extends ImmutableRequestCondition.Builder {
    Builder() {}
  }
}
