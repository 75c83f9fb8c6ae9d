package io.meshsdk;

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
}
