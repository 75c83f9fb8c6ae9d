package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Cross-origin resource sharing for a route: which origins, methods and headers browsers may use,
 * answered by the proxy so the service need not.
 *
 * <pre>{@code
 * route(r -> r.toSubset("v1").cors(c -> c.addAllowOrigin(StringMatch.exact("https://shop.example.com"))
 *     .addAllowMethod("GET").addAllowMethod("POST").maxAge(Duration.ofHours(1))))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableCorsPolicy.class)
@JsonDeserialize(as = ImmutableCorsPolicy.class)
public abstract class CorsPolicy {

  CorsPolicy() {}

  /**
   * Starts a CORS policy.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The origins allowed; a request from any other origin gets no CORS headers.
   *
   * @return the origin matches, in order
   */
  public abstract List<StringMatch> allowOrigins();

  /**
   * The methods allowed, upper case, for example {@code GET}.
   *
   * @return the methods, in order
   */
  public abstract List<String> allowMethods();

  /**
   * The request headers allowed.
   *
   * @return the header names, in order
   */
  public abstract List<String> allowHeaders();

  /**
   * The response headers browsers may read.
   *
   * @return the header names, in order
   */
  public abstract List<String> exposeHeaders();

  /**
   * How long browsers may cache the answer to a preflight request; whole seconds.
   *
   * @return the duration
   */
  public abstract Optional<Duration> maxAge();

  /**
   * Whether requests may carry credentials (cookies, authorization).
   *
   * @return the setting; the browser's default (no) when absent
   */
  public abstract Optional<Boolean> allowCredentials();

  /** Builds a {@link CorsPolicy}. */
  public static final class Builder extends ImmutableCorsPolicy.Builder {
    Builder() {}
  }
}
