package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Hands the {@code Retry-After} header of a failed answer to the call that sent the request.
 * fabric8's exceptions carry the answer's Status body but not its headers, and API servers (and
 * the proxies in front of them) often say how long to wait only in the header.
 *
 * <p>A call {@linkplain #begin() begins} on the calling thread, where fabric8 runs {@link
 * #before} for the first attempt of a request; the request's builder ties the answer, which
 * arrives on an I/O thread, back to the call. {@link #afterFailure} runs before fabric8
 * completes the request's future, so the call sees the header once the request has failed.
 */
final class RetryAfterInterceptor implements Interceptor {
  /** The interceptor's name in a fabric8 HTTP client. */
  static final String NAME = "mesh-sdk-retry-after";

  private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

  private final Map<BasicBuilder, Call> pending = Collections.synchronizedMap(new WeakHashMap<>());
  private final Clock clock;

  RetryAfterInterceptor(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts recording for the requests this thread sends until {@link Call#end()}.
   *
   * @return the call
   */
  static Call begin() {
    Call call = new Call(CURRENT.get());
    CURRENT.set(call);
    return call;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    Call call = CURRENT.get();
    if (call != null) {
      pending.put(builder, call);
    }
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    Call call = pending.remove(builder);
    if (call != null) {
      Duration wait = parse(response.header("Retry-After"), clock);
      if (wait != null) {
        call.retryAfter = wait;
      }
    }
    return CompletableFuture.completedFuture(false);
  }

  /**
   * Reads a {@code Retry-After} value: seconds, or an HTTP date (RFC 9110).
   *
   * @param value the header, or {@code null}
   * @param clock now, for a date
   * @return the wait, never negative; {@code null} when there is no usable value
   */
  static Duration parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      // not seconds: a date
    }
    try {
      Duration wait = Duration.between(clock.instant(),
          ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The requests one thread sends for one SDK call. */
  static final class Call {
    private final Call outer;
    private volatile Duration retryAfter;

    private Call(Call outer) {
      this.outer = outer;
    }

    /**
     * The wait the last failed answer asked for.
     *
     * @return the wait, or {@code null} when no answer had a usable {@code Retry-After}
     */
    Duration retryAfter() {
      return retryAfter;
    }

    /** Stops recording on this thread. */
    void end() {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }
}
