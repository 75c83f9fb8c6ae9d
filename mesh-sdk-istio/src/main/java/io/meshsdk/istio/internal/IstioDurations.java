package io.meshsdk.istio.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Formats durations the way Istio's duration fields take them: a Go duration string, which
 * Istio's CRD validation ({@code duration(self)}) and its protobuf decoding both accept.
 */
public final class IstioDurations {
  private static final String[] SUFFIXES = {"h", "m", "s", "ms"};
  private static final BigDecimal[] NANOS = {
    BigDecimal.valueOf(3_600_000_000_000L),
    BigDecimal.valueOf(60_000_000_000L),
    BigDecimal.valueOf(1_000_000_000L),
    BigDecimal.valueOf(1_000_000L)
  };

  private IstioDurations() {}

  /**
   * Writes the shortest exact single-unit form whose number does not start with {@code 0.}, as
   * Go's own {@code Duration.String()} avoids it, preferring the larger unit on a tie: {@code 2s},
   * {@code 500ms}, {@code 1.5s}, {@code 90s}, {@code 2m}, {@code 1h}. Nothing is rounded; a
   * duration under a millisecond falls back to decimal seconds.
   *
   * @param duration zero or positive
   * @return the duration string
   * @throws IllegalArgumentException if the duration is negative
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("an Istio duration must not be negative, but was " + duration);
    }
    BigDecimal nanos =
        BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()));
    String shortest = null;
    for (int i = 0; i < SUFFIXES.length; i++) {
      BigDecimal amount = exactQuotient(nanos, NANOS[i]);
      if (amount == null || amount.compareTo(BigDecimal.ONE) < 0) {
        continue;
      }
      String candidate = amount.toPlainString() + SUFFIXES[i];
      if (shortest == null || candidate.length() < shortest.length()) {
        shortest = candidate;
      }
    }
    return shortest != null ? shortest : nanos.movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
  }

  /** Returns {@code dividend / divisor} without trailing zeros, or {@code null} if it does not terminate. */
  private static BigDecimal exactQuotient(BigDecimal dividend, BigDecimal divisor) {
    try {
      return dividend.divide(divisor).stripTrailingZeros();
    } catch (ArithmeticException nonTerminating) {
      return null;
    }
  }
}
