package io.meshsdk.gateway;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How one member of a hosted mesh is connected to the rest of it, as far as the clusters' API
 * servers can tell.
 *
 * <p>What the API servers show: whether the control plane holds the member's remote secret,
 * labelled {@code istio/multiCluster} so that istiod reads it; whether the east-west gateway of
 * the member's network has an address; for a mesh whose control plane the SDK installed, the
 * address the member's proxies reach istiod at, and whether it is the mesh's discovery address;
 * and for each other cluster whether a path to its endpoints exists (its remote secret is held,
 * and across networks its east-west gateway has an address). What they do not show: whether istiod succeeded in connecting with that secret
 * (istiod's own {@code /debug/clusterz} tells), and which remote endpoints a proxy actually holds
 * ({@code istioctl proxy-config endpoints} tells); these are not reported here.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class MemberConnectivity {

  MemberConnectivity() {}

  /**
   * Starts a report.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The member.
   *
   * @return the member's name
   */
  public abstract String member();

  /**
   * The member's network.
   *
   * @return the network; absent when the cluster was registered without one
   */
  public abstract Optional<String> network();

  /**
   * Whether every config cluster holds the member's remote secret with the label istiod selects
   * by.
   *
   * @return {@code true} when the control plane can discover the member
   */
  public abstract boolean remoteSecretPresent();

  /**
   * Whether the mesh spans several networks, so that the member's network needs an east-west
   * gateway.
   *
   * @return {@code true} for a multi-network mesh
   */
  public abstract boolean eastWestGatewayNeeded();

  /**
   * The address of the east-west gateway serving the member's network.
   *
   * @return the address; absent when there is none or it has none yet
   */
  public abstract Optional<String> eastWestGatewayAddress();

  /**
   * Where the member's proxies and injector reach istiod, as its control-plane install on the
   * member says (for Istio, the {@code remote} profile's {@code global.remotePilotAddress}).
   *
   * @return the address; absent when the mesh has no {@link io.meshsdk.mesh.MeshSpec#istio()} or
   *     the member's install names none
   */
  public abstract Optional<String> controlPlaneAddress();

  /**
   * The other clusters of the mesh whose endpoints the member's workloads can be given: same
   * network and known to the control plane, or another network whose east-west gateway has an
   * address.
   *
   * @return the clusters' names
   */
  public abstract List<String> endpointsVisibleFrom();

  /**
   * What stands in the way, one sentence each; empty when everything the API servers show is in
   * place.
   *
   * @return the problems
   */
  public abstract List<String> problems();

  /**
   * Whether nothing stands in the way.
   *
   * @return {@code true} when {@link #problems()} is empty
   */
  @Value.Derived
  public boolean connected() {
    return problems().isEmpty();
  }

  /** Builds {@link MemberConnectivity}. */
  public static final class Builder extends ImmutableMemberConnectivity.Builder {
    Builder() {}
  }
}
