package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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
   * Whether this match places no condition at all, so it matches every request.
   *
   * @return {@code true} when empty
   */
  public final boolean matchesEverything() {
    return uri().isEmpty() && headers().isEmpty();
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
     * Requires a header to equal a value.
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
