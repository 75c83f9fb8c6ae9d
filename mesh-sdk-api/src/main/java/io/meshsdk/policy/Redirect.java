package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An HTTP redirect a route answers with instead of forwarding: the parts of the URL it replaces
 * and the status code. A route with a redirect has no destinations.
 *
 * <pre>{@code
 * route(r -> r.whenUriPrefix("/v1/reviews").redirect(d -> d.uri("/v2/reviews").code(308)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRedirect.class)
@JsonDeserialize(as = ImmutableRedirect.class)
public abstract class Redirect {

  Redirect() {}

  /**
   * Starts a redirect.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The path that replaces the request's path.
   *
   * @return the path, starting with {@code /}
   */
  public abstract Optional<String> uri();

  /**
   * The authority (host) that replaces the request's.
   *
   * @return the authority
   */
  public abstract Optional<String> authority();

  /**
   * The port that replaces the request's.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * The scheme that replaces the request's.
   *
   * @return {@code http} or {@code https}
   */
  public abstract Optional<String> scheme();

  /**
   * The redirect's status code; change it to 302, 307 or 308 when clients must not cache the
   * redirect or must keep the method.
   *
   * @return the status, 300 to 399; 301 unless set
   */
  @Value.Default
  public int code() {
    return 301;
  }

  /** Builds a {@link Redirect}. */
  public static final class Builder extends ImmutableRedirect.Builder {
    Builder() {}
  }
}
