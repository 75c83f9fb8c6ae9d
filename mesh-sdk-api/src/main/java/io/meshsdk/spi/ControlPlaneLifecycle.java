package io.meshsdk.spi;

import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Optional;

/**
 * How a backend installs and upgrades the control plane of a mesh whose {@link MeshSpec#istio()}
 * is set: the resources an operator acts on, per cluster, for the state the mesh's record holds.
 * Offered through {@link MeshBackend#controlPlane()}. Pure: the engine reads, plans, writes and
 * waits; this only says what is wanted and what the operator's status means.
 *
 * <p>The state in {@link io.meshsdk.mesh.IstioInstall} decides everything: {@code version} is the
 * stable revision, {@code canaryVersion} the revision under trial. The {@link
 * io.meshsdk.mesh.MeshControlPlane#STABLE_TAG} tag names the stable revision, the {@link
 * io.meshsdk.mesh.MeshControlPlane#CANARY_TAG} tag the canary (the stable revision when there is
 * none).
 *
 * @since 0.2.0
 */
public interface ControlPlaneLifecycle {

  /** The value of {@link MembershipWiring#COMPONENT_LABEL} on control-plane resources. */
  String COMPONENT = "control-plane";

  /**
   * The kinds this lifecycle writes or reads, in the order they must be created.
   *
   * @return the resource types
   */
  List<ResourceType> resourceTypes();

  /**
   * Checks a mesh's install against what the operator accepts, before anything is stored or
   * written.
   *
   * @param mesh the mesh, with {@link MeshSpec#istio()} set
   * @param clusters the registrations of the mesh's clusters, control plane first
   * @return the violations, each naming the field as the operator's resource spells it (for
   *     example {@code spec.values.global.meshID}); empty when valid
   */
  List<Violation> validate(MeshSpec mesh, List<ClusterSpec> clusters);

  /**
   * The resources wanted on one cluster of the mesh for the state its record holds, each labelled
   * {@link MembershipWiring#COMPONENT_LABEL}{@code : }{@link #COMPONENT}; the engine adds the
   * mesh's ownership labels.
   *
   * @param mesh the mesh, with {@link MeshSpec#istio()} set
   * @param clusters the registrations of the mesh's clusters, control plane first
   * @param cluster the cluster asked about
   * @param discoveryAddress where the members of a hosted mesh reach the control plane, as {@link
   *     #discoveryAddress} found it; the engine asks for a member's resources only when it is known
   * @return the resources, in creation order
   */
  List<MeshResource> wanted(MeshSpec mesh, List<ClusterSpec> clusters, String cluster,
      Optional<String> discoveryAddress);

  /**
   * Where the members of a hosted mesh reach its control plane: {@link
   * io.meshsdk.mesh.IstioInstall#discoveryAddress()} when set, else what the control-plane cluster
   * shows (for Istio, the external address of its east-west gateway), else the address the
   * members' installs already carry, so that a load balancer showing no address for a while does
   * not stop the mesh's next step. Read only.
   *
   * @param mesh the mesh, with {@link MeshSpec#istio()} set
   * @param controlPlane the connection to the mesh's control-plane cluster
   * @param members the connections to the members that have joined
   * @return the address; empty while none is known
   */
  Optional<String> discoveryAddress(MeshSpec mesh, ClusterConnection controlPlane, List<ClusterConnection> members);

  /**
   * The name of the revision that runs a version of the mesh's control plane.
   *
   * @param mesh the mesh
   * @param version the Istio version
   * @return the revision's name, the value namespace labels and injected proxies carry
   */
  String revisionName(MeshSpec mesh, String version);

  /**
   * The kind of the revision objects the operator creates, which the engine deletes when a
   * revision is removed.
   *
   * @return the resource type
   */
  ResourceType revisionType();

  /**
   * Whether a revision object belongs to the mesh's control plane, so that the engine may delete
   * it.
   *
   * @param mesh the mesh
   * @param revision the revision object found
   * @return {@code true} when the mesh's control-plane resource owns it
   */
  boolean ownsRevision(MeshSpec mesh, MeshResource revision);

  /**
   * Reads the control plane's state from the objects on one cluster.
   *
   * @param mesh the mesh
   * @param cluster the cluster
   * @param live every object of {@link #resourceTypes()} on that cluster
   * @return the status
   */
  ControlPlaneStatus status(MeshSpec mesh, String cluster, List<MeshResource> live);

  /**
   * The revision whose injector gave a pod its proxy.
   *
   * @param pod the pod
   * @return the revision; empty when the pod has no injected proxy
   */
  Optional<String> proxyRevision(MeshResource pod);
}
