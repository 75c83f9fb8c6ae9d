package io.meshsdk.gateway;

import java.util.List;
import org.immutables.value.Value;

/**
 * How one gateway instance is doing, as its cluster reports it: the Deployment's replicas and the
 * addresses its Service was given.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class GatewayStatus {

  GatewayStatus() {}

  /**
   * Starts a status.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster the instance runs on.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The instance's namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The instance's name.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * What the gateway is for.
   *
   * @return the kind
   */
  public abstract GatewayKind kind();

  /**
   * The replicas the Deployment wants now (the autoscaler may have changed them).
   *
   * @return the wanted replicas
   */
  public abstract int replicas();

  /**
   * The replicas ready to take traffic.
   *
   * @return the ready replicas
   */
  public abstract int readyReplicas();

  /**
   * The addresses clients reach the gateway at: the load balancer's IPs or host names, or for
   * other Service types the cluster IP. Empty while the load balancer is being provisioned.
   *
   * @return the addresses
   */
  public abstract List<String> addresses();

  /**
   * Whether every wanted replica is ready and, for a LoadBalancer Service, an address was given.
   *
   * @return {@code true} when the gateway can take traffic as specified
   */
  @Value.Derived
  public boolean ready() {
    return replicas() > 0 && readyReplicas() >= replicas() && !addresses().isEmpty();
  }

  /** Builds {@link GatewayStatus}. */
  public static final class Builder extends ImmutableGatewayStatus.Builder {
    Builder() {}
  }
}
