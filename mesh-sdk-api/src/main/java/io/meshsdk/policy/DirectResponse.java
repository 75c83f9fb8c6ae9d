package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A fixed answer a route sends instead of forwarding. A route with a direct response has no
 * destinations.
 *
 * <pre>{@code
 * route(r -> r.whenUriPrefix("/legacy").respond(410, "gone"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDirectResponse.class)
@JsonDeserialize(as = ImmutableDirectResponse.class)
public abstract class DirectResponse {

  DirectResponse() {}

  /**
   * Answers with a status and a body.
   *
   * @param status the HTTP status, 200 to 599
   * @param body the body, as text
   * @return the direct response
   */
  public static DirectResponse of(int status, String body) {
    return ImmutableDirectResponse.builder().status(status).body(body).build();
  }

  /**
   * Answers with a status and no body.
   *
   * @param status the HTTP status, 200 to 599
   * @return the direct response
   */
  public static DirectResponse of(int status) {
    return ImmutableDirectResponse.builder().status(status).build();
  }

  /**
   * The HTTP status.
   *
   * @return the status, 200 to 599
   */
  public abstract int status();

  /**
   * The body, as text.
   *
   * @return the body
   */
  public abstract Optional<String> body();
}
