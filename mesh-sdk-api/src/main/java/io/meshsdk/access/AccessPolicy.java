package io.meshsdk.access;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a principal may do an operation on a mesh and namespace. The manager asks
 * before it plans, reads inventory, or writes anything, and refuses with {@link
 * io.meshsdk.MeshAccessDeniedException} when the answer is no. Pass one with {@link
 * io.meshsdk.MeshManagerBuilder#accessPolicy(AccessPolicy)}; without one every call is allowed.
 *
 * <p>Calls on the manager itself carry no principal; those on {@link
 * io.meshsdk.MeshManager#as(String)} carry the name given. Must be thread-safe and should be
 * quick: it is asked on the caller's thread, once per mesh and namespace an operation touches.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * Whether a request is allowed.
   *
   * @param request who asks what, where
   * @return {@code true} to let it proceed
   */
  boolean allows(AccessRequest request);

  /**
   * A policy from fixed grants per principal: a principal without a grant, and a call without a
   * principal, may do nothing.
   *
   * <pre>{@code
   * AccessPolicy.grants(Map.of(
   *     "alice", AccessGrant.builder().addMesh("prod").addNamespace("shop").build(),
   *     "ops", AccessGrant.builder().addMesh(AccessGrant.ANY_MESH).manageClusters(true).build()));
   * }</pre>
   *
   * @param grants what each principal may do
   * @return the policy
   */
  static AccessPolicy grants(Map<String, AccessGrant> grants) {
    Map<String, AccessGrant> copy = Map.copyOf(Objects.requireNonNull(grants, "grants"));
    return request -> request.principal()
        .flatMap(p -> Optional.ofNullable(copy.get(p)))
        .map(g -> g.permits(request))
        .orElse(false);
  }
}
