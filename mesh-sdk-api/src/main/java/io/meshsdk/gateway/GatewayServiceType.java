package io.meshsdk.gateway;

/**
 * The type of the Kubernetes Service in front of a gateway instance.
 *
 * @since 0.2.0
 */
public enum GatewayServiceType {
  /** An external load balancer provisioned by the cluster; the gateway's address is the balancer's. */
  LOAD_BALANCER("LoadBalancer"),
  /** A port on every node; the platform puts its own load balancer in front. */
  NODE_PORT("NodePort"),
  /** Reachable inside the cluster only, as an egress gateway usually is. */
  CLUSTER_IP("ClusterIP");

  private final String kubernetesName;

  GatewayServiceType(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /**
   * The type as the Service's {@code spec.type} spells it.
   *
   * @return for example {@code LoadBalancer}
   */
  public String kubernetesName() {
    return kubernetesName;
  }
}
