package io.meshsdk.inventory;

import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * A Kubernetes Service of a data-plane cluster.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class ServiceInfo {

  ServiceInfo() {}

  /**
   * Starts an entry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The namespace.
   *
   * @return its name
   */
  public abstract String namespace();

  /**
   * The service's name.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The service's host as the mesh addresses it, the form {@link
   * io.meshsdk.mesh.MeshPolicies#affecting(String)} takes.
   *
   * @return {@code name.namespace.svc.cluster.local}
   */
  public abstract String host();

  /**
   * The labels of the pods the service sends to.
   *
   * @return its selector; empty for a service without one
   */
  public abstract Map<String, String> selector();

  /**
   * The service's ports.
   *
   * @return port numbers, in order
   */
  public abstract List<Integer> ports();

  /** Builds a {@link ServiceInfo}. */
  public static final class Builder extends ImmutableServiceInfo.Builder {
    Builder() {}
  }
}
