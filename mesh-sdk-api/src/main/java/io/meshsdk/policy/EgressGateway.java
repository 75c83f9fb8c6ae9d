package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The egress gateway through which traffic to an {@link ExternalService} leaves the mesh: its
 * service, and the labels of its workloads.
 *
 * <pre>{@code
 * throughEgressGateway(g -> g.service("egress.istio-egress.svc.cluster.local")
 *                            .selector(Map.of("istio", "egress")))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableEgressGateway.class)
@JsonDeserialize(as = ImmutableEgressGateway.class)
public abstract class EgressGateway {

  /** The service of Istio's default egress gateway. */
  public static final String DEFAULT_SERVICE = "istio-egressgateway.istio-system.svc.cluster.local";

  EgressGateway() {}

  /**
   * Starts egress gateway settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The gateway's service, fully qualified.
   *
   * @return the service; {@value #DEFAULT_SERVICE} unless set
   */
  @Value.Default
  public String service() {
    return DEFAULT_SERVICE;
  }

  /**
   * The labels of the gateway's workloads.
   *
   * @return the selector; {@code istio: egressgateway} unless set
   */
  @Value.Default
  public Map<String, String> selector() {
    return Map.of("istio", "egressgateway");
  }

  /** Builds {@link EgressGateway} settings. */
  public static final class Builder extends ImmutableEgressGateway.Builder {
    Builder() {}
  }
}
