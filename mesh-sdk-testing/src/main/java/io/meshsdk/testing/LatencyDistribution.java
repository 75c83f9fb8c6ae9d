package io.meshsdk.testing;

/**
 * How long the requests of a synthetic call take; see {@link io.meshsdk.demo.LatencyDistribution},
 * which this class only narrows to its own type so that code written against {@code
 * io.meshsdk.testing} keeps compiling.
 *
 * @since 0.1.0
 * @deprecated since 0.2.0: use {@link io.meshsdk.demo.LatencyDistribution} from {@code
 *     io.meshsdk:mesh-sdk-demo}, in tests and in production code alike; it needs no test library.
 */
@Deprecated(since = "0.2.0")
public final class LatencyDistribution extends io.meshsdk.demo.LatencyDistribution {

  private LatencyDistribution(io.meshsdk.demo.LatencyDistribution distribution) {
    super(distribution);
  }

  /**
   * A distribution with these percentiles; see {@link
   * io.meshsdk.demo.LatencyDistribution#percentiles(double, double, double)}.
   *
   * @param p50Millis the median, above 0
   * @param p95Millis the 95th percentile, above the median
   * @param p99Millis the 99th percentile, above the 95th
   * @return the distribution
   * @throws IllegalArgumentException if the percentiles are not positive and strictly rising
   */
  public static LatencyDistribution percentiles(double p50Millis, double p95Millis, double p99Millis) {
    return new LatencyDistribution(io.meshsdk.demo.LatencyDistribution.percentiles(p50Millis, p95Millis, p99Millis));
  }

  /**
   * Starts a distribution from its points.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LatencyDistribution} from points of its cumulative distribution. */
  @Deprecated(since = "0.2.0")
  public static final class Builder extends io.meshsdk.demo.LatencyDistribution.Builder {
    Builder() {}

    @Override
    public Builder upTo(double durationMillis, double share) {
      super.upTo(durationMillis, share);
      return this;
    }

    @Override
    public LatencyDistribution build() {
      return new LatencyDistribution(super.build());
    }
  }
}
