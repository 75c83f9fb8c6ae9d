package io.meshsdk.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Istio durations")
class IstioDurationsTest {
  /** One Go duration term, as Istio's CRD validation and protobuf decoding read it. */
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms)");
  private static final Map<String, Long> UNIT_NANOS =
      Map.of("h", 3_600_000_000_000L, "m", 60_000_000_000L, "s", 1_000_000_000L, "ms", 1_000_000L);

  @ParameterizedTest(name = "{0} is written as {1}")
  @CsvSource({
    "PT2S, 2s",
    "PT0.5S, 500ms",
    "PT1.5S, 1.5s",
    "PT90S, 90s",
    "PT0.001S, 1ms",
    "PT1.001S, 1.001s",
    "PT0.0015S, 1.5ms",
    "PT1M, 1m",
    "PT2M, 2m",
    "PT5M, 5m",
    "PT1M0.5S, 60.5s",
    "PT1H, 1h",
    "PT1H30M, 90m",
    "PT36H, 36h",
    "PT0S, 0s"
  })
  void formatsShortest(Duration duration, String expected) {
    assertThat(IstioDurations.format(duration)).isEqualTo(expected);
  }

  @Test
  @DisplayName("writes each millisecond up to 5s and each second up to 2h as one Go duration term, without leading zero, that reads back exactly")
  void roundTrips() {
    LongStream millis = LongStream.concat(
        LongStream.rangeClosed(1, 5_000), LongStream.rangeClosed(1, 7_200).map(s -> s * 1000));
    millis.mapToObj(Duration::ofMillis).forEach(duration -> {
      String text = IstioDurations.format(duration);
      assertThat(parse(text)).as("%s written as %s", duration, text).isEqualTo(duration);
      assertThat(text).as("%s written as %s", duration, text)
          .doesNotStartWith("0")
          .hasSizeLessThanOrEqualTo((duration.toMillis() + "ms").length());
    });
  }

  @Test
  @DisplayName("refuses a negative duration, saying what it was")
  void refusesNegative() {
    assertThatThrownBy(() -> IstioDurations.format(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an Istio duration must not be negative, but was PT-0.005S");
  }

  private static Duration parse(String text) {
    Matcher m = GO_DURATION.matcher(text);
    assertThat(m.matches()).as("%s is one Go duration term", text).isTrue();
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2))));
    return Duration.ofNanos(nanos.longValueExact());
  }
}
