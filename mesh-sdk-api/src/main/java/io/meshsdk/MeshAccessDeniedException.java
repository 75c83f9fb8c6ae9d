package io.meshsdk;

import io.meshsdk.access.AccessRequest;
import java.util.Objects;

/**
 * The {@linkplain io.meshsdk.access.AccessPolicy access policy} refused an operation. Nothing was
 * planned or written. Carries the request, so the platform can say who was refused what where.
 *
 * @since 0.2.0
 */
public class MeshAccessDeniedException extends MeshException {
  private static final long serialVersionUID = 1L;

  private final transient AccessRequest request;

  /**
   * Creates the exception.
   *
   * @param request the refused request
   */
  public MeshAccessDeniedException(AccessRequest request) {
    super(ErrorCode.FORBIDDEN, "access denied: " + Objects.requireNonNull(request, "request")
        + " is not allowed by the access policy");
    this.request = request;
  }

  /**
   * The refused request: principal, operation, mesh and namespace.
   *
   * @return the request
   */
  public AccessRequest request() {
    return request;
  }
}
