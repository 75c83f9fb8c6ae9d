package io.meshsdk;

import java.util.Map;

/**
 * The operation collided with other state: the object already exists, another writer changed it,
 * it is owned by someone else, or a plan went stale.
 *
 * @since 0.1.0
 */
public class MeshConflictException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param code {@link ErrorCode#CONFLICT}, {@link ErrorCode#ALREADY_EXISTS} or {@link
   *     ErrorCode#STALE_PLAN}
   * @param message what collided
   */
  public MeshConflictException(ErrorCode code, String message) {
    super(code, message);
  }

  /**
   * Creates the exception with a specific message code.
   *
   * @param code {@link ErrorCode#CONFLICT}, {@link ErrorCode#ALREADY_EXISTS} or {@link
   *     ErrorCode#STALE_PLAN}
   * @param messageCode the stable message code, for example {@code cluster.already-member}
   * @param arguments the values the message mentions
   * @param message what collided
   * @since 0.2.0
   */
  public MeshConflictException(ErrorCode code, String messageCode, Map<String, ?> arguments,
      String message) {
    super(code, messageCode, arguments, message, null);
  }

  /**
   * Creates a plain {@link ErrorCode#CONFLICT}.
   *
   * @param message what collided
   */
  public MeshConflictException(String message) {
    super(ErrorCode.CONFLICT, message);
  }
}
