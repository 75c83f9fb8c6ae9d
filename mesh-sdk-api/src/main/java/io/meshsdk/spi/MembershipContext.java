package io.meshsdk.spi;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.immutables.value.Value;

/**
 * What {@link MembershipWiring} works with: the mesh, the member, the mesh's other clusters and
 * connections to each of them.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class MembershipContext {

  MembershipContext() {}

  /**
   * Starts a context.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The mesh, with the member among its members on join and already removed on leave.
   *
   * @return the mesh's specification
   */
  public abstract MeshSpec mesh();

  /**
   * The member being wired.
   *
   * @return the member's registration
   */
  public abstract ClusterSpec member();

  /**
   * Every cluster of the mesh after the change, control plane first.
   *
   * @return the clusters' registrations
   */
  public abstract List<ClusterSpec> clusters();

  /**
   * Opens (or reuses) the pooled connection to a cluster of the mesh.
   *
   * @return a function from cluster name to connection
   */
  public abstract Function<String, ClusterConnection> connections();

  /**
   * The labels that mark an object as the SDK's for this mesh; put them on everything written.
   *
   * @return the ownership labels
   */
  public abstract Map<String, String> ownershipLabels();

  /**
   * The clock to time waits with.
   *
   * @return the clock
   */
  @Value.Default
  public Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The connection to a cluster of the mesh.
   *
   * @param cluster the cluster's name
   * @return the connection
   */
  public final ClusterConnection connection(String cluster) {
    return connections().apply(cluster);
  }

  /** Builds a {@link MembershipContext}. */
  public static final class Builder extends ImmutableMembershipContext.Builder {
    Builder() {}
  }
}
