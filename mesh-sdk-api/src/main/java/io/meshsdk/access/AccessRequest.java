package io.meshsdk.access;

import io.meshsdk.event.MeshOperation;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One operation an {@link AccessPolicy} is asked about: who, what, on which mesh and namespace.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class AccessRequest {

  AccessRequest() {}

  /**
   * Starts a request.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Who asks, as passed to {@link io.meshsdk.MeshManager#as(String)}.
   *
   * @return the principal, or empty when the manager itself is called
   */
  public abstract Optional<String> principal();

  /**
   * What is asked.
   *
   * @return the operation
   */
  public abstract MeshOperation operation();

  /**
   * The mesh acted on.
   *
   * @return the mesh's name; empty for the cluster registry
   */
  public abstract Optional<String> mesh();

  /**
   * The namespace acted on.
   *
   * @return the namespace; empty when the operation concerns the whole mesh (membership,
   *     reconciling every policy, reading every namespace)
   */
  public abstract Optional<String> namespace();

  @Override
  public String toString() {
    return principal().orElse("(no principal)") + " " + operation() + mesh().map(m -> " on mesh " + m).orElse("")
        + namespace().map(n -> " in namespace " + n).orElse("");
  }

  /** Builds an {@link AccessRequest}. */
  public static final class Builder extends ImmutableAccessRequest.Builder {
    Builder() {}
  }
}
