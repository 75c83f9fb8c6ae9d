package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Faults a route injects to test how clients cope: a delay before forwarding, an error answer
 * instead of forwarding, or both, each for a percentage of requests.
 *
 * <pre>{@code
 * route(r -> r.toSubset("v1").fault(f -> f.delay(Duration.ofSeconds(7), 100)))
 * route(r -> r.toSubset("v1").fault(f -> f.abort(500, 10)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableFaultInjection.class)
@JsonDeserialize(as = ImmutableFaultInjection.class)
public abstract class FaultInjection {

  FaultInjection() {}

  /**
   * Starts a fault injection.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How long to wait before forwarding a delayed request.
   *
   * @return the fixed delay
   */
  public abstract Optional<Duration> delay();

  /**
   * The percentage of requests delayed, 0 to 100 with fractions; every request when absent.
   *
   * @return the percentage
   */
  public abstract Optional<Double> delayPercent();

  /**
   * The HTTP status answered instead of forwarding an aborted request.
   *
   * @return the status, 200 to 599
   */
  public abstract Optional<Integer> abortStatus();

  /**
   * The percentage of requests aborted, 0 to 100 with fractions; every request when absent.
   *
   * @return the percentage
   */
  public abstract Optional<Double> abortPercent();

  /** Builds a {@link FaultInjection}. */
  public static final class Builder extends ImmutableFaultInjection.Builder {
    Builder() {}

    /**
     * Delays a percentage of requests: {@code f.delay(Duration.ofSeconds(7), 100)}.
     *
     * @param delay how long, at least 1ms
     * @param percent the share of requests delayed, 0 to 100
     * @return this builder
     */
    public Builder delay(Duration delay, double percent) {
      return delay(delay).delayPercent(percent);
    }

    /**
     * Answers a percentage of requests with an HTTP error: {@code f.abort(503, 50)}.
     *
     * @param status the HTTP status, 200 to 599
     * @param percent the share of requests aborted, 0 to 100
     * @return this builder
     */
    public Builder abort(int status, double percent) {
      return abortStatus(status).abortPercent(percent);
    }
  }
}
