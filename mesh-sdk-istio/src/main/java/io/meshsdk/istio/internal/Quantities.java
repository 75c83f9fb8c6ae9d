package io.meshsdk.istio.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Kubernetes quantities in the form an API server stores them, so that a quantity written as
 * {@code 0.5} or {@code 1024Mi} is planned as the {@code 500m} or {@code 1Gi} the server gives back,
 * and not as a change on every plan. Covers what {@link io.meshsdk.gateway.GatewaySpec} accepts:
 * CPU as whole or up to three decimal cores or millicores; memory as an integer with an optional
 * decimal ({@code k M G T}) or binary ({@code Ki Mi Gi Ti}) suffix. The server keeps a quantity's
 * suffix family and moves to the largest suffix of that family that still gives an integer.
 */
final class Quantities {
  private static final String[] DECIMAL = {"m", "", "k", "M", "G", "T", "P", "E"};
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger KIBI = BigInteger.valueOf(1024);

  private Quantities() {}

  /**
   * The canonical form of a CPU quantity.
   *
   * @param quantity such as {@code 0.5}, {@code 1000m} or {@code 2}
   * @return such as {@code 500m}, {@code 1} or {@code 2}
   */
  static String cpu(String quantity) {
    BigDecimal cores = quantity.endsWith("m")
        ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointLeft(3)
        : new BigDecimal(quantity);
    return decimal(cores);
  }

  /**
   * The canonical form of a memory quantity.
   *
   * @param quantity such as {@code 1024Mi}, {@code 2000} or {@code 256Mi}
   * @return such as {@code 1Gi}, {@code 2k} or {@code 256Mi}
   */
  static String memory(String quantity) {
    for (int i = BINARY.length - 1; i > 0; i--) {
      if (quantity.endsWith(BINARY[i])) {
        BigInteger bytes = new BigInteger(quantity.substring(0, quantity.length() - 2)).multiply(KIBI.pow(i));
        return binary(bytes);
      }
    }
    for (int i = DECIMAL.length - 1; i > 1; i--) {
      if (quantity.endsWith(DECIMAL[i])) {
        return decimal(new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointRight(3 * (i - 1)));
      }
    }
    return decimal(new BigDecimal(quantity));
  }

  /** The largest decimal suffix (milli and up) that leaves an integer. */
  private static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    for (int i = DECIMAL.length - 1; i >= 0; i--) {
      BigDecimal scaled = value.movePointLeft(3 * (i - 1));
      if (scaled.stripTrailingZeros().scale() <= 0) {
        return scaled.toBigInteger() + DECIMAL[i];
      }
    }
    return value.toPlainString(); // finer than milli: not accepted by the specification
  }

  /** The largest binary suffix that leaves an integer. */
  private static String binary(BigInteger bytes) {
    if (bytes.signum() == 0) {
      return "0";
    }
    for (int i = BINARY.length - 1; i > 0; i--) {
      BigInteger[] division = bytes.divideAndRemainder(KIBI.pow(i));
      if (division[1].signum() == 0) {
        return division[0] + BINARY[i];
      }
    }
    return bytes.toString();
  }
}
