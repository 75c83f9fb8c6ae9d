package io.meshsdk;

import java.util.Map;

/**
 * A cluster, mesh, policy or object that was asked for does not exist.
 *
 * @since 0.1.0
 */
public class MeshNotFoundException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was not found
   */
  public MeshNotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }

  /**
   * Creates the exception with a specific message code.
   *
   * @param messageCode the stable message code, for example {@code cluster.not-registered}
   * @param arguments the values the message mentions
   * @param message what was not found
   * @since 0.2.0
   */
  public MeshNotFoundException(String messageCode, Map<String, ?> arguments, String message) {
    super(ErrorCode.NOT_FOUND, messageCode, arguments, message, null);
  }
}
