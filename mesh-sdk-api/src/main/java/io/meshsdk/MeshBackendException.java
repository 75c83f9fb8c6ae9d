package io.meshsdk;

import java.time.Duration;
import java.util.Optional;

/**
 * A cluster's API server or a backend answered with an error. Carries the cluster and, where
 * there is one, the HTTP status.
 *
 * @since 0.1.0
 */
public class MeshBackendException extends MeshException {
  private static final long serialVersionUID = 1L;

  private final String cluster;
  private final int status;
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param code the error code; {@link ErrorCode#BACKEND_ERROR} unless the status means more
   * @param cluster the cluster that answered, or {@code null}
   * @param status the HTTP status, or {@code 0} where there was none
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public MeshBackendException(
      ErrorCode code, String cluster, int status, String message, Throwable cause) {
    this(code, cluster, status, message, cause, null);
  }

  /**
   * Creates the exception for an answer that says when to try again, such as HTTP 429 with a
   * {@code Retry-After} header.
   *
   * @param code the error code, typically {@link ErrorCode#RATE_LIMITED}
   * @param cluster the cluster that answered, or {@code null}
   * @param status the HTTP status, or {@code 0} where there was none
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   * @param retryAfter how long the server asked the client to wait, or {@code null}
   * @since 0.1.0
   */
  public MeshBackendException(
      ErrorCode code,
      String cluster,
      int status,
      String message,
      Throwable cause,
      Duration retryAfter) {
    super(code, message, cause);
    this.cluster = cluster;
    this.status = status;
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
  }

  /**
   * The cluster that answered.
   *
   * @return the cluster name, if known
   */
  public Optional<String> cluster() {
    return Optional.ofNullable(cluster);
  }

  /**
   * The HTTP status of the answer.
   *
   * @return the status, or {@code 0} where there was none (for example an I/O failure)
   */
  public int status() {
    return status;
  }

  /**
   * How long the server asked the client to wait before trying again. The engine waits at least
   * this long before retrying.
   *
   * @return the wait, if the answer named one
   * @since 0.1.0
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Whether trying again may help: as the {@link #code()} says, and also for HTTP 500, 502, 503
   * and 504, which API servers answer while restarting, electing an etcd leader or overloaded;
   * never for {@link ErrorCode#INVALID_INPUT}, which some API servers answer with 500 too.
   *
   * @return {@code true} for transient failures
   */
  @Override
  public boolean retryable() {
    if (code() == ErrorCode.INVALID_INPUT) {
      return false; // the same object would be refused again, whatever status carried the answer
    }
    return super.retryable() || status == 500 || status == 502 || status == 503 || status == 504;
  }
}
