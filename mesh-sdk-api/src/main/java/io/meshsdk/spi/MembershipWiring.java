package io.meshsdk.spi;

/**
 * Wires member clusters into a hosted mesh: what the mesh's control plane needs to discover a
 * member's endpoints, and what the member needs to join the mesh's network. Offered by a backend
 * through {@link MeshBackend#membership()}; the engine calls it from {@code Mesh.join}, {@code
 * Mesh.leave} and {@code Mesh.rotateCredentials}. Every object it writes carries {@link
 * MembershipContext#ownershipLabels()}, and {@link #leave} removes exactly what {@link #join}
 * created.
 *
 * @since 0.1.0
 */
public interface MembershipWiring {

  /**
   * Connects a member: credentials for the control plane, network labels, east-west gateways.
   * Must be idempotent, since a join that failed halfway is retried by joining again.
   *
   * @param context the mesh, the member and connections to the clusters involved
   */
  void join(MembershipContext context);

  /**
   * Disconnects a member, removing what {@link #join} created and nothing else.
   *
   * @param context the mesh, the member and connections to the clusters involved
   */
  void leave(MembershipContext context);

  /**
   * Replaces the credentials the control plane uses to read a member, then revokes the old ones.
   *
   * @param context the mesh, the member and connections to the clusters involved
   */
  void rotateCredentials(MembershipContext context);
}
