package io.meshsdk;

/**
 * The SDK is wired wrongly: no engine, no backend or several backends on the classpath, or a
 * builder setting that cannot work. The message says which dependency to add or which builder
 * call to make.
 *
 * @since 0.1.0
 */
public class MeshConfigurationException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public MeshConfigurationException(String message) {
    super(ErrorCode.CONFIGURATION, message);
  }
}
