package io.meshsdk.spi;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires member clusters into a hosted mesh: what the mesh's control plane needs to discover a
 * member's endpoints, and what the member needs to join the mesh's network. Offered by a backend
 * through {@link MeshBackend#membership()}; the engine calls it from {@code Mesh.join}, {@code
 * Mesh.leave} and {@code Mesh.rotateCredentials}. Every object it writes carries {@link
 * MembershipContext#ownershipLabels()} and {@link #COMPONENT_LABEL}{@code : }{@link #COMPONENT}:
 * such objects belong to the mesh, not to a policy. {@link #leave} removes exactly what {@link
 * #join} created, and never a namespace: a namespace that join had to create is left in place,
 * without the labels join put on it.
 *
 * @since 0.1.0
 */
public interface MembershipWiring {

  /**
   * The label that marks an object the mesh owns rather than a policy; its value names the part
   * of the SDK that wrote it.
   *
   * @since 0.2.0
   */
  String COMPONENT_LABEL = "mesh.meshsdk.io/component";

  /**
   * The value of {@link #COMPONENT_LABEL} on what membership wiring writes.
   *
   * @since 0.2.0
   */
  String COMPONENT = "membership";

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

  /**
   * The mesh-owned objects this wiring wants on one config cluster of a mesh as it is now, so
   * that drift can judge the wiring objects it finds there and reconciling can restore them. Only
   * objects of the kinds the backend lists in {@link MeshBackend#resourceTypes()} are read back
   * and compared; objects that hold credentials need not be returned.
   *
   * <p>The default cannot say, and returns empty: drift then reports none of the wiring's
   * objects, neither as drift of a policy nor as drift of the mesh.
   *
   * @param mesh the mesh
   * @param clusters every cluster of the mesh, control plane first
   * @param cluster the config cluster asked about
   * @return the objects wanted there, each labelled with {@link #COMPONENT_LABEL} (the engine
   *     adds the mesh's ownership labels); empty when the wiring cannot say
   * @since 0.2.0
   */
  default Optional<List<MeshResource>> wanted(MeshSpec mesh, List<ClusterSpec> clusters, String cluster) {
    return Optional.empty();
  }

  /**
   * How a member is connected to the rest of the mesh, as far as the clusters' API servers can
   * tell: the control plane's remote secret for it, the east-west gateway of its network, and
   * which other clusters' endpoints it can be given.
   *
   * <p>The default cannot say, and returns empty.
   *
   * @param context the mesh as it is, with the member asked about
   * @return the report; empty when the wiring cannot say
   * @since 0.2.0
   */
  default Optional<MemberConnectivity> connectivity(MembershipContext context) {
    return Optional.empty();
  }

  /**
   * How each of several members of one mesh is connected, as {@link #connectivity(MembershipContext)}
   * tells it for one. A wiring whose reports read what the members share (for Istio, the control
   * plane's remote secrets and each network's east-west gateway) overrides this to read each of
   * those once for all members, rather than once per member.
   *
   * <p>The default asks {@link #connectivity(MembershipContext)} for each member in turn.
   *
   * @param members the mesh as it is, once for each member asked about, all from one reading of
   *     the mesh's record
   * @return the reports, in the order of {@code members}, leaving out members the wiring cannot
   *     say anything about
   * @since 0.2.0
   */
  default List<MemberConnectivity> connectivity(List<MembershipContext> members) {
    List<MemberConnectivity> reports = new ArrayList<>();
    for (MembershipContext member : members) {
      connectivity(member).ifPresent(reports::add);
    }
    return reports;
  }
}
