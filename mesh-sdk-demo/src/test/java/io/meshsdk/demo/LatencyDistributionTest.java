package io.meshsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A latency distribution")
class LatencyDistributionTest {

  @Test
  @DisplayName("gives back the percentiles it was made from")
  void percentiles() {
    LatencyDistribution latency = LatencyDistribution.percentiles(5, 20, 80);

    assertThat(latency.quantile(0.5)).isCloseTo(5, within(1e-12));
    assertThat(latency.quantile(0.95)).isCloseTo(20, within(1e-12));
    assertThat(latency.quantile(0.99)).isCloseTo(80, within(1e-12));
    assertThat(latency.quantile(1)).isEqualTo(160);
    assertThat(latency.shareAtMost(2.5)).isCloseTo(0.25, within(1e-12));
    assertThat(latency.shareAtMost(1000)).isEqualTo(1);
    assertThat(latency.points()).containsExactly(5.0, 20.0, 80.0, 160.0);
  }

  @Test
  @DisplayName("reads as Prometheus' histogram_quantile reads a histogram bucketed at its points")
  void histogramQuantile() {
    LatencyDistribution latency = LatencyDistribution.builder().upTo(10, 0.2).upTo(50, 0.9).upTo(250, 1).build();
    double rate = 7;
    for (double q : new double[] {0.1, 0.5, 0.9, 0.95, 0.99}) {
      List<double[]> buckets = new ArrayList<>();
      for (double bound : new double[] {1, 10, 25, 50, 100, 250}) {
        buckets.add(new double[] {bound, rate * latency.shareAtMost(bound)});
      }
      buckets.add(new double[] {Double.POSITIVE_INFINITY, rate});

      assertThat(SyntheticPromQl.quantile(q, buckets)).as("q=%s", q).isCloseTo(latency.quantile(q), within(1e-9));
    }
  }

  @Test
  @DisplayName("follows Prometheus at the histogram's edges: a rank in the +Inf bucket and a missing +Inf bucket")
  void histogramEdges() {
    List<double[]> buckets = new ArrayList<>(List.of(new double[] {10, 5}, new double[] {20, 8},
        new double[] {Double.POSITIVE_INFINITY, 10}));
    assertThat(SyntheticPromQl.quantile(0.99, buckets)).isEqualTo(20);
    assertThat(SyntheticPromQl.quantile(0.25, buckets)).isCloseTo(5, within(1e-12));
    assertThat(SyntheticPromQl.quantile(0.5, new ArrayList<>(List.of(new double[] {10, 5}, new double[] {20, 8}))))
        .isNaN();
  }
}
