package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * One rule of an {@link AuthorizationPolicy}: a request matches when it comes from any of the
 * sources, asks for any of the operations and meets every condition. A rule without sources,
 * operations or conditions matches every request.
 *
 * <pre>{@code
 * rule(r -> r.from(s -> s.principals("cluster.local/ns/bookinfo/sa/productpage"))
 *            .to(o -> o.methods("GET"))
 *            .when("request.headers[version]", "v1", "v2"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableAuthorizationRule.class)
@JsonDeserialize(as = ImmutableAuthorizationRule.class)
public abstract class AuthorizationRule {

  AuthorizationRule() {}

  /**
   * Starts a rule.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the request comes from: any of these.
   *
   * @return the sources
   */
  public abstract List<RequestSource> from();

  /**
   * What the request asks for: any of these.
   *
   * @return the operations
   */
  public abstract List<RequestOperation> to();

  /**
   * Further conditions: all of these.
   *
   * @return the conditions
   */
  public abstract List<RequestCondition> when();

  /**
   * Whether the rule matches every request.
   *
   * @return {@code true} when it has no source, operation or condition
   */
  public final boolean matchesEverything() {
    return from().isEmpty() && to().isEmpty() && when().isEmpty();
  }

  /** Builds an {@link AuthorizationRule}. */
  public static final class Builder extends ImmutableAuthorizationRule.Builder {
    Builder() {}

    /**
     * Adds a source the request may come from.
     *
     * <pre>{@code
     * r.from(s -> s.namespaces("bookinfo"))
     * }</pre>
     *
     * @param source configures the source
     * @return this builder
     */
    public Builder from(Consumer<RequestSource.Builder> source) {
      RequestSource.Builder builder = RequestSource.builder();
      source.accept(builder);
      return addFrom(builder.build());
    }

    /**
     * Adds an operation the request may ask for.
     *
     * <pre>{@code
     * r.to(o -> o.methods("GET", "HEAD").paths("/api/*"))
     * }</pre>
     *
     * @param operation configures the operation
     * @return this builder
     */
    public Builder to(Consumer<RequestOperation.Builder> operation) {
      RequestOperation.Builder builder = RequestOperation.builder();
      operation.accept(builder);
      return addTo(builder.build());
    }

    /**
     * Adds a condition: the attribute must have one of the values.
     *
     * <pre>{@code
     * r.when("request.auth.claims[groups]", "group1")
     * }</pre>
     *
     * @param key an attribute Istio defines
     * @param values the accepted values
     * @return this builder
     */
    public Builder when(String key, String... values) {
      return addWhen(RequestCondition.of(key, values));
    }

    /**
     * Adds a condition: the attribute must have none of the values.
     *
     * <pre>{@code
     * r.whenNot("source.ip", "10.1.2.3")
     * }</pre>
     *
     * @param key an attribute Istio defines
     * @param values the excluded values
     * @return this builder
     */
    public Builder whenNot(String key, String... values) {
      return addWhen(RequestCondition.builder().key(key).notValues(List.of(values)).build());
    }
  }
}
