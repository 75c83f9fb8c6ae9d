package io.meshsdk.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Quantities in the form an API server stores them")
class QuantitiesTest {

  @ParameterizedTest(name = "CPU {0} is {1}")
  @CsvSource({"0.5, 500m", "0.25, 250m", "1.5, 1500m", "1000m, 1", "2000m, 2", "250m, 250m", "2, 2", "0, 0",
      "0m, 0", "2000, 2k", "007, 7", "0.001, 1m"})
  void cpu(String written, String stored) {
    assertThat(Quantities.cpu(written)).isEqualTo(stored);
  }

  @ParameterizedTest(name = "memory {0} is {1}")
  @CsvSource({"1024Mi, 1Gi", "131072Ki, 128Mi", "1536Mi, 1536Mi", "256Mi, 256Mi", "1Gi, 1Gi", "2048Gi, 2Ti",
      "2000, 2k", "1500k, 1500k", "1000k, 1M", "2000M, 2G", "1048576, 1048576", "0, 0", "0Mi, 0", "512, 512"})
  void memory(String written, String stored) {
    assertThat(Quantities.memory(written)).isEqualTo(stored);
  }
}
