package io.meshsdk.istio.internal.kubernetes;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side rate limit: {@code burst} requests at once, then {@code qps} per second on
 * average, as client-go's token bucket does. Callers reserve a permit and wait for it; waits are
 * queued fairly by reservation order. Time comes from a ticker so that tests need no clock.
 */
public final class TokenBucket {

  /** Waits for a number of nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits.
     *
     * @param nanos how long
     * @throws InterruptedException if interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;
  }

  private final double qps;
  private final double burst;
  private final LongSupplier ticker;
  private final Sleeper sleeper;
  private double tokens;
  private long last;
  private volatile boolean lifted;

  /**
   * Creates a full bucket.
   *
   * @param qps permits per second
   * @param burst the bucket's size
   * @param ticker nanoseconds from an arbitrary origin, such as {@code System::nanoTime}
   * @param sleeper how to wait
   */
  public TokenBucket(double qps, int burst, LongSupplier ticker, Sleeper sleeper) {
    this.qps = qps;
    this.burst = burst;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.last = ticker.getAsLong();
  }

  /**
   * A bucket on the system's monotonic clock.
   *
   * @param qps permits per second
   * @param burst the bucket's size
   * @return the bucket
   */
  public static TokenBucket system(double qps, int burst) {
    return new TokenBucket(qps, burst, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /**
   * Takes a permit, saying how long the caller must wait before using it.
   *
   * @return nanoseconds to wait; 0 when a permit is free now
   */
  public synchronized long reserve() {
    if (lifted) {
      return 0;
    }
    long now = ticker.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * qps / 1e9);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / qps * 1e9);
  }

  /**
   * Lifts the limit for good: every permit is free from now on. Called when the server shows it
   * does its own flow control.
   */
  public void lift() {
    lifted = true;
  }

  /**
   * Whether {@link #lift()} was called.
   *
   * @return {@code true} once the limit is lifted
   */
  public boolean lifted() {
    return lifted;
  }

  /**
   * Takes a permit and waits until it may be used.
   *
   * @param cluster the cluster, for the message if interrupted
   * @throws MeshException with {@link ErrorCode#INTERRUPTED} if interrupted; the flag is restored
   */
  public void acquire(String cluster) {
    long wait = reserve();
    if (wait > 0) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MeshException(ErrorCode.INTERRUPTED,
            "interrupted while waiting for the rate limit of cluster " + cluster, e);
      }
    }
  }
}
