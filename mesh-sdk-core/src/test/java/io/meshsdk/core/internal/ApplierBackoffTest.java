package io.meshsdk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wait before a retry")
class ApplierBackoffTest {
  private static final Duration INITIAL = Duration.ofMillis(200);

  @Test
  @DisplayName("doubles with each attempt, jittered between half and one and a half times")
  void doublesWithJitter() {
    assertThat(Applier.backoffMillis(INITIAL, 1, Duration.ZERO, 0.5)).isEqualTo(200);
    assertThat(Applier.backoffMillis(INITIAL, 2, Duration.ZERO, 0.5)).isEqualTo(400);
    assertThat(Applier.backoffMillis(INITIAL, 3, Duration.ZERO, 0.0)).isEqualTo(400);
    assertThat(Applier.backoffMillis(INITIAL, 3, Duration.ZERO, 0.999)).isBetween(1190L, 1200L);
  }

  @Test
  @DisplayName("is capped at 30 seconds before jitter")
  void isCapped() {
    assertThat(Applier.backoffMillis(INITIAL, 40, Duration.ZERO, 0.5)).isEqualTo(30_000);
  }

  @Test
  @DisplayName("is never shorter than the Retry-After the server asked for")
  void honoursRetryAfter() {
    assertThat(Applier.backoffMillis(INITIAL, 1, Duration.ofSeconds(3), 0.5)).isEqualTo(3_000);
    assertThat(Applier.backoffMillis(INITIAL, 1, Duration.ofMillis(50), 0.5))
        .as("a shorter Retry-After does not shorten the backoff")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("honours a Retry-After of at most five minutes")
  void boundsRetryAfter() {
    assertThat(Applier.backoffMillis(INITIAL, 1, Duration.ofHours(2), 0.5))
        .isEqualTo(Applier.MAX_RETRY_AFTER.toMillis());
  }
}
