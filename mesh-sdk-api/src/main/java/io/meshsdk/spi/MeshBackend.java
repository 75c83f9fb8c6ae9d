package io.meshsdk.spi;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns policies into the resources of one mesh implementation. Pure: no I/O, thread-safe, and
 * the same policy always yields the same resources, so that re-applying writes nothing.
 *
 * @since 0.1.0
 */
public interface MeshBackend {

  /**
   * The backend's identifier, the same as its provider's.
   *
   * @return the identifier
   */
  String id();

  /**
   * What the backend can do.
   *
   * @return the capabilities
   */
  Set<BackendCapability> capabilities();

  /**
   * Every kind of object the backend may produce, in the order they must be created: a kind
   * another kind refers to comes first (for Istio, DestinationRule before VirtualService).
   * Deletions run in the reverse order. The engine lists these kinds to find what a policy
   * produced earlier.
   *
   * @return the resource types, in creation order
   */
  List<ResourceType> resourceTypes();

  /**
   * The kinds of object a policy of one kind may produce. When planning, the engine lists only
   * these on each cluster, instead of every kind of {@link #resourceTypes()}; a backend that
   * does not narrow them costs one list call per kind it declares.
   *
   * @param policyKind the policy kind, for example {@code TrafficPolicy}
   * @return a subset of {@link #resourceTypes()}, in the same order
   */
  default List<ResourceType> resourceTypes(String policyKind) {
    return resourceTypes();
  }

  /**
   * Translates one policy. The engine adds ownership labels and the intent annotation; the
   * backend returns the objects with deterministic names and their content.
   *
   * @param policy the validated policy
   * @param context the mesh it is for
   * @return the objects, each of a kind listed by {@link #resourceTypes()}
   * @throws io.meshsdk.UnsupportedCapabilityException if the backend cannot translate the
   *     policy's kind
   */
  List<MeshResource> translate(Policy policy, TranslationContext context);

  /**
   * How the backend wires members into hosted meshes.
   *
   * @return the wiring, or empty when joining only records membership
   */
  default Optional<MembershipWiring> membership() {
    return Optional.empty();
  }

  /**
   * How the backend installs and upgrades the control planes of meshes whose {@link
   * io.meshsdk.mesh.MeshSpec#istio()} is set.
   *
   * @return the lifecycle, or empty when the backend installs no control plane
   * @since 0.2.0
   */
  default Optional<ControlPlaneLifecycle> controlPlane() {
    return Optional.empty();
  }

  /**
   * Assembles the service graph of a mesh from telemetry, and from the live configuration of its
   * clusters for idle nodes and annotations. Called only when {@link #capabilities()} contains
   * {@link BackendCapability#TELEMETRY}. The number of telemetry queries must not grow with the
   * mesh. Parts that cannot be read (a cluster, a secondary query) make a {@linkplain
   * TopologyGraph#partial() partial} graph; a graph that cannot be built at all is an exception.
   *
   * @param source where to read metrics
   * @param query the window and filters, its end already resolved by the engine
   * @param context the mesh
   * @param clusters a read-only view of the mesh's clusters
   * @return the graph
   * @throws io.meshsdk.UnsupportedCapabilityException unless the backend declares {@link
   *     BackendCapability#TELEMETRY}
   */
  default TopologyGraph topology(
      TelemetrySource source,
      TopologyQuery query,
      TranslationContext context,
      MeshClusterReader clusters) {
    throw new UnsupportedCapabilityException(
        "the " + id() + " backend does not read topology from telemetry");
  }

  /**
   * The checks the backend knows for its configuration, run by {@code Mesh.analyze()} and before
   * a plan is applied.
   *
   * @return the analyzers, possibly none
   * @since 0.2.0
   */
  default List<Analyzer> analyzers() {
    return List.of();
  }

  /**
   * Reads objects the SDK does not own back into policies: a typed policy wherever the typed API
   * says exactly what the objects say (translating it with {@link #translate} gives their specs
   * back unchanged), and a {@link io.meshsdk.policy.RawPolicy} of the objects as they are
   * otherwise, with the reason, for example {@code field spec.http[0].mirror has no typed
   * equivalent}. Every object given ends up in exactly one result, except one that cannot be held
   * even as a raw policy, which is left out and logged. Pure, like {@link #translate}.
   * Called only when {@link #capabilities()} contains {@link BackendCapability#DISCOVERY}.
   *
   * @param cluster the cluster the objects were read from, named in each result's sources
   * @param objects the objects, of kinds listed by {@link #resourceTypes()}, none carrying the
   *     SDK's ownership labels
   * @param context the mesh
   * @return the policies, ordered by kind, namespace and name
   * @throws io.meshsdk.UnsupportedCapabilityException unless the backend declares {@link
   *     BackendCapability#DISCOVERY}
   * @since 0.2.0
   */
  default List<DiscoveredPolicy> discover(String cluster, List<MeshResource> objects, TranslationContext context) {
    throw new UnsupportedCapabilityException(
        "the " + id() + " backend cannot read existing objects back into policies");
  }

  /**
   * How the backend runs gateway instances.
   *
   * @return the renderer, or empty when the backend runs no gateways
   * @since 0.2.0
   */
  default Optional<GatewayInstances> gateways() {
    return Optional.empty();
  }

  /**
   * How the backend issues a mesh's root of trust and its clusters' intermediate CAs.
   *
   * @return the authority, or empty when the backend issues no CAs
   * @since 0.2.0
   */
  default Optional<TrustAuthority> trust() {
    return Optional.empty();
  }
}
