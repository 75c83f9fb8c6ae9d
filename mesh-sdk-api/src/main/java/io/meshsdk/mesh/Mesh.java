package io.meshsdk.mesh;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.gateway.MeshGateways;
import io.meshsdk.inventory.MeshInventory;
import io.meshsdk.trust.MeshTrust;
import io.meshsdk.topology.TopologyReader;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one mesh. Cheap to obtain; reads its specification from the store on each call, so
 * several handles (and several platform replicas) see the same state.
 *
 * @since 0.1.0
 */
public interface Mesh {

  /**
   * The mesh's name.
   *
   * @return the name
   */
  String name();

  /**
   * The current specification, as stored.
   *
   * @return the specification
   * @throws io.meshsdk.MeshNotFoundException if the mesh was deleted meanwhile
   */
  MeshSpec spec();

  /**
   * Adds a registered cluster to a {@link MeshMode#HOSTED} mesh as a data-plane member: the
   * backend wires it to the control plane and, for a mesh with {@link MeshSpec#istio()}, installs
   * the member's part of the control plane, pointed at the mesh's discovery address ({@link
   * IstioInstall#discoveryAddress()}). A join that fails is undone.
   *
   * @param cluster the cluster's name
   * @return the updated specification
   * @throws io.meshsdk.UnsupportedCapabilityException for a DEDICATED or EXTERNAL mesh
   * @throws io.meshsdk.ValidationException naming {@code istio.discoveryAddress} when the mesh has
   *     an install and no address is known where the member could reach istiod; nothing is written
   * @throws io.meshsdk.MeshNotFoundException if the cluster is not registered
   * @throws io.meshsdk.MeshConflictException if the cluster already belongs to this or another
   *     hosted mesh
   */
  MeshSpec join(String cluster);

  /**
   * Joins a cluster as {@link #join(String)} does, on the manager's executor. A join is one step
   * that either completes or is undone; cancelling the future does not interrupt it.
   *
   * @param cluster the cluster's name
   * @return the updated specification when the join completes; failed with the exception {@link
   *     #join(String)} would throw
   * @throws io.meshsdk.MeshAccessDeniedException at once, if the access policy refuses the join
   * @since 0.2.0
   */
  CompletableFuture<MeshSpec> joinAsync(String cluster);

  /**
   * Removes a member from a {@link MeshMode#HOSTED} mesh: what joining wired, and everything else
   * the mesh owns on the member (its part of the control plane, gateway instances, its CA); never
   * a namespace, nor an object the SDK does not own. For a mesh with {@link MeshSpec#istio()}, a
   * member whose pods still run a proxy from one of the mesh's revisions does not leave ({@link
   * io.meshsdk.MeshConflictException} listing the workloads): the proxies would lose istiod.
   *
   * @param cluster the cluster's name
   * @return the updated specification
   * @throws io.meshsdk.UnsupportedCapabilityException for a DEDICATED or EXTERNAL mesh
   * @throws io.meshsdk.MeshNotFoundException if the cluster is not a member
   * @throws io.meshsdk.MeshConflictException if pods on the member run the mesh's proxies
   */
  MeshSpec leave(String cluster);

  /**
   * Replaces the credentials the control plane uses to read a member's endpoints, then revokes
   * the old ones. Call it on the platform's rotation schedule or after a suspected leak.
   *
   * @param cluster the member's name
   * @throws io.meshsdk.UnsupportedCapabilityException for a DEDICATED or EXTERNAL mesh, or a
   *     backend that does not wire members
   * @throws io.meshsdk.MeshNotFoundException if the cluster is not a member
   */
  void rotateCredentials(String cluster);

  /**
   * Sidecar injection on the mesh's data-plane clusters.
   *
   * @return the sidecar operations of this mesh
   */
  MeshSidecars sidecars();

  /**
   * The mesh's policies: plan, apply, list and delete.
   *
   * @return the policy operations of this mesh
   */
  MeshPolicies policies();

  /**
   * The live traffic topology of this mesh.
   *
   * @return the reader
   */
  TopologyReader topology();

  /**
   * What runs on the mesh's data-plane clusters: namespaces, services, workloads and sidecars.
   *
   * @return the inventory reader
   * @since 0.2.0
   */
  MeshInventory inventory();

  /**
   * The Istio control plane the SDK installs and upgrades for this mesh, when its {@link
   * MeshSpec#istio()} is set.
   *
   * @return the control-plane operations of this mesh
   * @throws UnsupportedCapabilityException if this implementation does not manage
   *     control planes
   * @since 0.2.0
   */
  default MeshControlPlane controlPlane() {
    throw new UnsupportedCapabilityException("mesh " + name() + " does not manage its control plane");
  }

  /**
   * The gateway instances the mesh runs: ingress, egress and east-west gateways per cluster.
   *
   * @return the gateway operations of this mesh
   * @throws UnsupportedCapabilityException by default, for implementations that run no gateways
   * @since 0.2.0
   */
  default MeshGateways gateways() {
    throw new UnsupportedCapabilityException("mesh " + name() + " does not run gateway instances");
  }

  /**
   * The mesh's root of trust: its root CA and the intermediate CA of each cluster.
   *
   * @return the trust operations of this mesh
   * @throws UnsupportedCapabilityException by default, for implementations that keep no root of
   *     trust
   * @since 0.2.0
   */
  default MeshTrust trust() {
    throw new UnsupportedCapabilityException("mesh " + name() + " keeps no root of trust");
  }

  /**
   * Analyzes the live configuration of every cluster of the mesh, every object and not only the
   * SDK's: the backend's analyzers (Istio's codes {@code IST0xxx} and the SDK's own {@code
   * MSH0xxx}) over one list per kind and cluster, the Kubernetes kinds they need included (Secrets
   * as metadata only). A cluster that cannot be read makes a {@linkplain AnalysisReport#partial()
   * partial} report naming it. Nothing is written.
   *
   * @return the findings, annotations on the objects honoured
   * @since 0.2.0
   */
  default AnalysisReport analyze() {
    return analyze(AnalysisOptions.defaults());
  }

  /**
   * Analyzes the mesh as {@link #analyze()} does, filtering the findings as the options say.
   *
   * @param options suppressions and the least severity reported
   * @return the findings
   * @since 0.2.0
   */
  AnalysisReport analyze(AnalysisOptions options);
}
