package io.meshsdk.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long the requests of a {@link SyntheticTraffic} call take: a cumulative distribution that
 * rises in straight lines between the points declared, from 0 ms (no request) to the last point
 * (every request). {@link SyntheticTraffic} turns it into Istio's duration histogram with a
 * bucket bound at every point, so that Prometheus' {@code histogram_quantile} reads back exactly
 * {@link #quantile(double)}, for one call or for several added up into one node or edge.
 *
 * <pre>{@code
 * LatencyDistribution.percentiles(5, 20, 80)            // p50, p95, p99 in milliseconds
 * LatencyDistribution.builder().upTo(10, 0.5).upTo(50, 0.9).upTo(250, 1).build()
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Not final only so that the deprecated class of the same name in {@code mesh-sdk-testing}
 * can extend it; extend it nowhere else.
 *
 * @since 0.2.0 in {@code io.meshsdk.demo}; in {@code io.meshsdk.testing} since 0.1.0
 */
public class LatencyDistribution {
  private final double[] millis;
  private final double[] shares;

  private LatencyDistribution(double[] millis, double[] shares) {
    this.millis = millis;
    this.shares = shares;
  }

  /**
   * A copy of another distribution, for subclasses.
   *
   * @param distribution the distribution to copy
   * @since 0.2.0
   */
  protected LatencyDistribution(LatencyDistribution distribution) {
    this(distribution.millis, distribution.shares);
  }

  /**
   * A distribution with these percentiles: half the requests take up to {@code p50Millis}, 95 %
   * up to {@code p95Millis}, 99 % up to {@code p99Millis}, and the slowest 1 % spread evenly up
   * to twice the p99.
   *
   * @param p50Millis the median, above 0
   * @param p95Millis the 95th percentile, above the median
   * @param p99Millis the 99th percentile, above the 95th
   * @return the distribution
   * @throws IllegalArgumentException if the percentiles are not positive and strictly rising (a
   *     histogram cannot show two percentiles at the same duration)
   */
  public static LatencyDistribution percentiles(double p50Millis, double p95Millis, double p99Millis) {
    List<String> problems = new ArrayList<>();
    if (!(p50Millis > 0) || Double.isInfinite(p50Millis)) {
      problems.add("p50Millis must be a finite number above 0, but was " + p50Millis);
    }
    if (!(p95Millis > p50Millis) || Double.isInfinite(p95Millis)) {
      problems.add("p95Millis must be finite and above p50Millis " + p50Millis + ", but was " + p95Millis);
    }
    if (!(p99Millis > p95Millis) || Double.isInfinite(p99Millis)) {
      problems.add("p99Millis must be finite and above p95Millis " + p95Millis + ", but was " + p99Millis);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid latency percentiles: " + String.join("; ", problems));
    }
    return builder().upTo(p50Millis, 0.5).upTo(p95Millis, 0.95).upTo(p99Millis, 0.99)
        .upTo(2 * p99Millis, 1).build();
  }

  /**
   * Starts a distribution from its points.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The share of requests that take at most a duration: the declared line between the points
   * around it.
   *
   * @param durationMillis the duration in milliseconds
   * @return 0 to 1
   */
  public double shareAtMost(double durationMillis) {
    if (!(durationMillis > 0)) {
      return 0;
    }
    double previousMillis = 0;
    double previousShare = 0;
    for (int i = 0; i < millis.length; i++) {
      if (durationMillis <= millis[i]) {
        return previousShare + (shares[i] - previousShare) * (durationMillis - previousMillis)
            / (millis[i] - previousMillis);
      }
      previousMillis = millis[i];
      previousShare = shares[i];
    }
    return 1;
  }

  /**
   * The duration a share of requests stays under: what {@code histogram_quantile(q, ...)} reads
   * from the histogram of this distribution alone.
   *
   * @param q the share, 0 to 1, such as 0.99
   * @return milliseconds
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be between 0 and 1, but was " + q);
    }
    double previousMillis = 0;
    double previousShare = 0;
    for (int i = 0; i < millis.length; i++) {
      if (shares[i] >= q && shares[i] > previousShare) {
        return previousMillis + (millis[i] - previousMillis) * (q - previousShare) / (shares[i] - previousShare);
      }
      previousMillis = millis[i];
      previousShare = shares[i];
    }
    return millis[millis.length - 1];
  }

  /**
   * The durations at which the distribution bends, each a bucket bound of the histogram.
   *
   * @return milliseconds, rising
   */
  public List<Double> points() {
    List<Double> points = new ArrayList<>(millis.length);
    for (double m : millis) {
      points.add(m);
    }
    return List.copyOf(points);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencyDistribution
        && Arrays.equals(millis, ((LatencyDistribution) other).millis)
        && Arrays.equals(shares, ((LatencyDistribution) other).shares);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(millis) + Arrays.hashCode(shares);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("LatencyDistribution[");
    for (int i = 0; i < millis.length; i++) {
      text.append(i == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.4g%% <= %s ms", 100 * shares[i], millis[i]));
    }
    return text.append(']').toString();
  }

  /** Builds a {@link LatencyDistribution} from points of its cumulative distribution. */
  public static class Builder {
    private final List<double[]> points = new ArrayList<>();

    /** Creates a builder; {@link LatencyDistribution#builder()} does. */
    protected Builder() {}

    /**
     * Adds a point: this share of requests takes at most this long.
     *
     * @param durationMillis the duration in milliseconds, above the previous point's
     * @param share the share of requests, 0 to 1, at least the previous point's
     * @return this builder
     */
    public Builder upTo(double durationMillis, double share) {
      points.add(new double[] {durationMillis, share});
      return this;
    }

    /**
     * Creates the distribution.
     *
     * @return the distribution
     * @throws IllegalArgumentException listing every problem: durations not above 0 or not rising,
     *     shares not between 0 and 1 or falling, a last share other than 1
     */
    public LatencyDistribution build() {
      List<String> problems = new ArrayList<>();
      if (points.isEmpty()) {
        problems.add("at least one point is required; the last must have share 1");
      }
      double previousMillis = 0;
      double previousShare = 0;
      double[] millis = new double[points.size()];
      double[] shares = new double[points.size()];
      for (int i = 0; i < points.size(); i++) {
        double m = points.get(i)[0];
        double s = points.get(i)[1];
        if (!(m > previousMillis) || Double.isInfinite(m)) {
          problems.add("points[" + i + "].durationMillis must be finite and above " + previousMillis
              + ", but was " + m);
        }
        if (!(s >= previousShare && s <= 1)) {
          problems.add("points[" + i + "].share must be between " + previousShare + " and 1, but was " + s);
        }
        millis[i] = m;
        shares[i] = s;
        previousMillis = m > previousMillis ? m : previousMillis;
        previousShare = s > previousShare ? s : previousShare;
      }
      if (!points.isEmpty() && shares[shares.length - 1] != 1) {
        problems.add("the last point's share must be 1, but was " + shares[shares.length - 1]);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid latency distribution: " + String.join("; ", problems));
      }
      return new LatencyDistribution(millis, shares);
    }
  }
}
