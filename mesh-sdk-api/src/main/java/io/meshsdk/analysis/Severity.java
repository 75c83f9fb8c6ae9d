package io.meshsdk.analysis;

/**
 * How serious a {@link Finding} is, in the sense of Istio's analyzers.
 *
 * @since 0.2.0
 */
public enum Severity {
  /** The configuration is broken: traffic fails or a rule is ignored. Blocks applying a plan. */
  ERROR,
  /** The configuration likely does not do what was meant. */
  WARNING,
  /** Worth knowing; nothing is wrong as such. */
  INFO;

  /**
   * Whether this severity is at least as serious as another.
   *
   * @param other the severity to compare with
   * @return {@code true} for {@code ERROR.atLeast(WARNING)}, {@code WARNING.atLeast(WARNING)}
   */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }
}
