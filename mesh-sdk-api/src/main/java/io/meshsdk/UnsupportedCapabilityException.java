package io.meshsdk;

/**
 * The mesh mode, backend or connector in use cannot do what was asked, for example joining a
 * cluster to an {@code EXTERNAL} mesh.
 *
 * @since 0.1.0
 */
public class UnsupportedCapabilityException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is unsupported, and by whom
   */
  public UnsupportedCapabilityException(String message) {
    super(ErrorCode.UNSUPPORTED_CAPABILITY, message);
  }
}
