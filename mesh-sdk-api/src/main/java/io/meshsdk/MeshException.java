package io.meshsdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The root of every exception mesh-sdk throws. Unchecked; carries an {@link ErrorCode} and says
 * whether retrying may help. Messages never contain credentials.
 *
 * <p>Besides the English message, every exception carries a stable {@linkplain #messageCode()
 * message code} and its {@linkplain #arguments() arguments}, so a platform can show the failure in
 * its own words or languages: for example {@code cluster.not-registered} with {@code
 * cluster=bj-1}. Where the SDK has no more specific code, the code is derived from the {@link
 * ErrorCode}: {@code error.not-found}, {@code error.stale-plan}, and so on.
 *
 * @since 0.1.0
 */
public class MeshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String messageCode;
  private final Map<String, Object> arguments;

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
    this(code, defaultMessageCode(code), Map.of(), message, cause);
  }

  /**
   * Creates an exception with a specific message code.
   *
   * @param code why the operation failed
   * @param messageCode the stable message code, for example {@code cluster.not-registered}
   * @param arguments the values the message mentions, by name; never a credential
   * @param message what failed, for a human
   * @param cause the underlying failure, or {@code null}
   * @since 0.2.0
   */
  public MeshException(ErrorCode code, String messageCode, Map<String, ?> arguments, String message,
      Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.messageCode = Objects.requireNonNull(messageCode, "messageCode");
    this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /**
   * The message code derived from an error code, used when no more specific one is given.
   *
   * @param code the error code
   * @return {@code error.} and the code in lower case with dashes, for example {@code
   *     error.stale-plan}
   * @since 0.2.0
   */
  public static String defaultMessageCode(ErrorCode code) {
    return "error." + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The stable message code, for translating the failure.
   *
   * @return for example {@code cluster.not-registered} or {@code error.timeout}
   * @since 0.2.0
   */
  public String messageCode() {
    return messageCode;
  }

  /**
   * The values the message mentions, by name, for translating the failure.
   *
   * @return the arguments; empty when the code needs none
   * @since 0.2.0
   */
  public Map<String, Object> arguments() {
    return arguments;
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
