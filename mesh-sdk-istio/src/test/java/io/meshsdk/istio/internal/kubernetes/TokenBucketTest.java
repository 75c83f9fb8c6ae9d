package io.meshsdk.istio.internal.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The per-cluster token bucket")
class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> waits = new ArrayList<>();
  private final TokenBucket bucket = new TokenBucket(2, 3, now::get, nanos -> {
    waits.add(nanos);
    now.addAndGet(nanos);
  });

  @Test
  @DisplayName("lets a burst through at once, then spaces requests at 1/qps")
  void burstThenRate() {
    for (int i = 0; i < 5; i++) {
      bucket.acquire("bj-1");
    }

    assertThat(waits).containsExactly(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  @DisplayName("queues reservations made at the same instant one interval apart")
  void queuesReservations() {
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.reserve()).isZero();
    }

    assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
  }

  @Test
  @DisplayName("makes no one wait once lifted, even with the bucket empty")
  void lifted() {
    for (int i = 0; i < 3; i++) {
      bucket.reserve();
    }
    assertThat(bucket.reserve()).isPositive();

    bucket.lift();

    for (int i = 0; i < 10; i++) {
      bucket.acquire("bj-1");
    }
    assertThat(bucket.reserve()).isZero();
    assertThat(waits).isEmpty();
  }

  @Test
  @DisplayName("refills with time, but never beyond the burst")
  void refills() {
    for (int i = 0; i < 3; i++) {
      bucket.reserve();
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(60));

    for (int i = 0; i < 3; i++) {
      assertThat(bucket.reserve()).as("permit %s after a long pause", i).isZero();
    }
    assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  @DisplayName("restores the interrupt flag and fails with INTERRUPTED when the wait is interrupted")
  void interrupted() {
    TokenBucket interrupting = new TokenBucket(1, 1, now::get, nanos -> {
      throw new InterruptedException();
    });
    interrupting.acquire("bj-1");

    try {
      assertThatThrownBy(() -> interrupting.acquire("bj-1"))
          .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
