package io.meshsdk;

import java.util.Objects;

/**
 * The root of every exception mesh-sdk throws. Unchecked; carries an {@link ErrorCode} and says
 * whether retrying may help. Messages never contain credentials.
 *
 * @since 0.1.0
 */
public class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Creates an exception.
   *
   * @param code why the operation failed
   * @param message what failed, for a human
   */
  public MeshException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /**
   * Creates an exception that keeps its cause.
   *
   * @param code why the operation failed
   * @param message what failed, for a human
   * @param cause the underlying failure, or {@code null}
   */
  public MeshException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The error code.
   *
   * @return why the operation failed
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * Whether the same operation may succeed if tried again.
   *
   * @return {@code true} for transient failures
   */
  public boolean retryable() {
    return code.retryable();
  }
}
