package io.meshsdk.spi;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.util.List;

/**
 * Renders the objects of a gateway instance: the workload, its Service, identity and
 * permissions, and its scaling objects. Pure and thread-safe; the engine diffs, plans, labels and
 * writes. Offered by a backend through {@link MeshBackend#gateways()}.
 *
 * @since 0.2.0
 */
public interface GatewayInstances {

  /** The value of {@link MembershipWiring#COMPONENT_LABEL} on every object of a gateway instance. */
  String COMPONENT = "gateway";

  /** The label naming the gateway instance an object belongs to. */
  String GATEWAY_LABEL = "mesh.meshsdk.io/gateway";

  /**
   * The annotation on an instance's workload holding the canonical JSON of its {@link
   * GatewaySpec}, from which the instance is read back.
   */
  String SPEC_ANNOTATION = "mesh.meshsdk.io/gateway-spec";

  /**
   * Every kind of object an instance may have, in creation order; deletions run in reverse.
   *
   * @return the types
   */
  List<ResourceType> resourceTypes();

  /**
   * The objects of one instance, each of a kind of {@link #resourceTypes()}, in creation order.
   * The engine adds the mesh's ownership labels, {@link MembershipWiring#COMPONENT_LABEL} and
   * {@link #GATEWAY_LABEL}.
   *
   * @param mesh the mesh
   * @param cluster the cluster the instance runs on
   * @param gateway the instance, its network resolved for an east-west gateway
   * @return the objects
   */
  List<MeshResource> render(MeshSpec mesh, ClusterSpec cluster, GatewaySpec gateway);
}
