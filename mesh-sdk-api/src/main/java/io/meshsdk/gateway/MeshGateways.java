package io.meshsdk.gateway;

import io.meshsdk.plan.Plan;
import java.util.Collection;
import java.util.List;

/**
 * The gateway instances a mesh runs on its clusters. Every change is a {@link Plan} first;
 * applying it writes the instance's Deployment, Service, ServiceAccount, Role and RoleBinding
 * (and PodDisruptionBudget and HorizontalPodAutoscaler when scaled), each labelled as the mesh's
 * ({@code mesh.meshsdk.io/component: gateway}). Objects of the same name that the SDK does not
 * own are never changed: planning over one is refused. Deleting an instance removes only its own
 * objects, never its namespace.
 *
 * <pre>{@code
 * prod.gateways().plan(GatewaySpec.builder().name("ingress").cluster("bj-1")
 *     .kind(GatewayKind.INGRESS).build()).apply();
 * prod.gateways().status();   // [bj-1 istio-system/ingress: 1/1 ready at 203.0.113.7]
 * }</pre>
 *
 * <p>Not offered for {@link io.meshsdk.mesh.MeshMode#EXTERNAL EXTERNAL} meshes, whose gateways
 * belong to whoever installed them.
 *
 * @since 0.2.0
 */
public interface MeshGateways {

  /**
   * Plans creating or updating gateway instances; other instances are left as they are.
   *
   * @param gateways the instances wanted
   * @return the plan; nothing is written until it is applied
   * @throws io.meshsdk.UnsupportedCapabilityException for an EXTERNAL mesh, or a backend that
   *     runs no gateways
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#PLACEMENT_REJECTED} if a
   *     gateway names a cluster outside the mesh
   * @throws io.meshsdk.ValidationException if an east-west gateway has no network, or two
   *     gateways are the same instance
   * @throws io.meshsdk.MeshConflictException if an object the instance needs exists and the SDK
   *     does not own it
   */
  Plan plan(Collection<GatewaySpec> gateways);

  /**
   * Plans creating or updating gateway instances.
   *
   * @param gateways the instances wanted
   * @return the plan
   */
  default Plan plan(GatewaySpec... gateways) {
    return plan(List.of(gateways));
  }

  /**
   * Plans removing one instance: the objects the mesh owns for it, and nothing else.
   *
   * @param cluster the cluster it runs on
   * @param namespace its namespace
   * @param name its name
   * @return the plan
   * @throws io.meshsdk.MeshNotFoundException if the mesh has no such instance
   */
  Plan planDeletion(String cluster, String namespace, String name);

  /**
   * The instances of the mesh, read back from its clusters, ordered by cluster, namespace and
   * name.
   *
   * @return the specifications they were made from
   */
  List<GatewaySpec> list();

  /**
   * How each instance is doing.
   *
   * @return the status of every instance, in the order of {@link #list()}
   */
  List<GatewayStatus> status();

  /**
   * How each member of a hosted mesh is connected to the rest of it: remote secret, east-west
   * gateway address, remote endpoints. See {@link MemberConnectivity} for what can and cannot be
   * observed through the API servers.
   *
   * @return one report per member, in member order
   */
  List<MemberConnectivity> connectivity();
}
