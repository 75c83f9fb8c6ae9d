package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Locale;
import org.immutables.value.Value;

/**
 * How a request attribute (URI, header) is compared: exactly, by prefix, or by an RE2-style
 * regular expression.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStringMatch.class)
@JsonDeserialize(as = ImmutableStringMatch.class)
public abstract class StringMatch {

  /** The comparison. */
  public enum Type {
    /** The whole value equals. */
    EXACT,
    /** The value starts with. */
    PREFIX,
    /** The whole value matches the regular expression. */
    REGEX
  }

  StringMatch() {}

  /**
   * Matches the whole value.
   *
   * @param value the expected value
   * @return the match
   */
  public static StringMatch exact(String value) {
    return ImmutableStringMatch.builder().type(Type.EXACT).value(value).build();
  }

  /**
   * Matches a prefix.
   *
   * @param value the prefix
   * @return the match
   */
  public static StringMatch prefix(String value) {
    return ImmutableStringMatch.builder().type(Type.PREFIX).value(value).build();
  }

  /**
   * Matches a regular expression (RE2 syntax, as Envoy evaluates it).
   *
   * @param value the expression
   * @return the match
   */
  public static StringMatch regex(String value) {
    return ImmutableStringMatch.builder().type(Type.REGEX).value(value).build();
  }

  /**
   * The comparison.
   *
   * @return the type
   */
  public abstract Type type();

  /**
   * The value compared against.
   *
   * @return the value, prefix or expression
   */
  public abstract String value();

  @Override
  public String toString() {
    return type().name().toLowerCase(Locale.ROOT) + " \"" + value() + "\"";
  }
}
