package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A request header a JWT is read from, with the prefix in front of the token.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJwtHeader.class)
@JsonDeserialize(as = ImmutableJwtHeader.class)
public abstract class JwtHeader {

  JwtHeader() {}

  /**
   * A header and the prefix before the token.
   *
   * @param name the header's name, for example {@code x-jwt-assertion}
   * @param prefix the text before the token, for example {@code "Bearer "}; empty for none
   * @return the header location
   */
  public static JwtHeader of(String name, String prefix) {
    return ImmutableJwtHeader.builder().name(name).prefix(prefix.isEmpty() ? Optional.empty() : Optional.of(prefix))
        .build();
  }

  /**
   * The header's name.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The text before the token.
   *
   * @return the prefix
   */
  public abstract Optional<String> prefix();
}
