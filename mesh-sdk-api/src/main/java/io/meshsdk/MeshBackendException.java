package io.meshsdk;

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
    super(code, message, cause);
    this.cluster = cluster;
    this.status = status;
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
}
