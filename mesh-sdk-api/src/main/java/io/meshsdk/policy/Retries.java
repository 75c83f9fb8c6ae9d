package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How often a failed request is retried, and how long each try may take.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRetries.class)
@JsonDeserialize(as = ImmutableRetries.class)
public abstract class Retries {

  Retries() {}

  /**
   * Starts retry settings, for when the retry conditions need setting too.
   *
   * <pre>{@code
   * Retries.builder().attempts(3).perTryTimeout(Duration.ofMillis(500)).retryOn("5xx,reset").build()
   * }</pre>
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Retries a number of times, each try bounded.
   *
   * @param attempts how many retries, 0 disables retrying
   * @param perTryTimeout how long each try may take, at least 1ms
   * @return the retry settings
   */
  public static Retries of(int attempts, Duration perTryTimeout) {
    return builder().attempts(attempts).perTryTimeout(perTryTimeout).build();
  }

  /**
   * How many retries after the first try.
   *
   * @return the number of retries
   */
  public abstract int attempts();

  /**
   * How long each try may take; the route's timeout bounds all tries together.
   *
   * @return the per-try timeout
   */
  public abstract Optional<Duration> perTryTimeout();

  /**
   * The conditions that trigger a retry, as Envoy names them (for example {@code
   * 5xx,reset,connect-failure}); Istio's default when absent.
   *
   * @return the retry conditions
   */
  public abstract Optional<String> retryOn();

  /** Builds {@link Retries}. */
  public static final class Builder extends ImmutableRetries.Builder {
    Builder() {}
  }
}
