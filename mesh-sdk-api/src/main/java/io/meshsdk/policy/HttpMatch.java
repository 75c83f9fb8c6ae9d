package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Conditions on an HTTP request that must all hold for a route to apply. A route with several
 * {@code HttpMatch}es applies when any one of them holds.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableHttpMatch.class)
@JsonDeserialize(as = ImmutableHttpMatch.class)
public abstract class HttpMatch {

  HttpMatch() {}

  /**
   * Starts a match.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The condition on the request path.
   *
   * @return the URI match
   */
  public abstract Optional<StringMatch> uri();

  /**
   * Conditions on request headers, by lower-case header name.
   *
   * @return the header matches, in insertion order
   */
  public abstract Map<String, StringMatch> headers();

  /**
   * Conditions on query parameters, by name.
   *
   * @return the parameter matches, in insertion order
   */
  public abstract Map<String, StringMatch> queryParams();

  /**
   * The condition on the HTTP method.
   *
   * @return the method match
   */
  public abstract Optional<StringMatch> method();

  /**
   * The condition on the authority (the {@code Host} header).
   *
   * @return the authority match
   */
  public abstract Optional<StringMatch> authority();

  /**
   * The service port the request is addressed to.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * Pod labels the client workload must carry.
   *
   * @return the labels, in insertion order
   */
  public abstract Map<String, String> sourceLabels();

  /**
   * The namespace the client workload must run in.
   *
   * @return the namespace
   */
  public abstract Optional<String> sourceNamespace();

  /**
   * The gateways the request must arrive through: {@code mesh} for sidecars, or {@code
   * [namespace/]name} of a Gateway.
   *
   * @return the gateways, in order
   */
  public abstract List<String> gateways();

  /**
   * Whether this match places no condition at all, so it matches every request.
   *
   * @return {@code true} when empty
   */
  public final boolean matchesEverything() {
    return uri().isEmpty() && headers().isEmpty() && queryParams().isEmpty() && method().isEmpty()
        && authority().isEmpty() && port().isEmpty() && sourceLabels().isEmpty()
        && sourceNamespace().isEmpty() && gateways().isEmpty();
  }

  /** Builds an {@link HttpMatch}. */
  public static final class Builder extends ImmutableHttpMatch.Builder {
    Builder() {}

    /**
     * Requires the path to start with a prefix.
     *
     * @param prefix for example {@code /api}
     * @return this builder
     */
    public Builder uriPrefix(String prefix) {
      return uri(StringMatch.prefix(prefix));
    }

    /**
     * Requires the path to equal a value.
     *
     * @param path for example {@code /login}
     * @return this builder
     */
    public Builder uriExact(String path) {
      return uri(StringMatch.exact(path));
    }

    /**
     * Requires the path to match a regular expression: {@code m.uriRegex("/api/v[0-9]+/.*")}.
     *
     * @param regex the expression, RE2 syntax
     * @return this builder
     */
    public Builder uriRegex(String regex) {
      return uri(StringMatch.regex(regex));
    }

    /**
     * Requires the HTTP method: {@code m.method("POST")}.
     *
     * @param method the method, upper case
     * @return this builder
     */
    public Builder method(String method) {
      return method(StringMatch.exact(method));
    }

    /**
     * Requires a query parameter to equal a value: {@code m.queryParamExact("debug", "1")}.
     *
     * @param name the parameter's name
     * @param value the expected value
     * @return this builder
     */
    public Builder queryParamExact(String name, String value) {
      return putQueryParam(name, StringMatch.exact(value));
    }

    /**
     * Requires a header to equal a value: {@code m.headerExact("end-user", "jason")}.
     *
     * @param name the header's lower-case name
     * @param value the expected value
     * @return this builder
     */
    public Builder headerExact(String name, String value) {
      return putHeader(name, StringMatch.exact(value));
    }
  }
}
