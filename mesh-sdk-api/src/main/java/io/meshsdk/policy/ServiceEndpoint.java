package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One endpoint of an {@link ExternalService}: an IP address or host name, with its own ports,
 * labels and network.
 *
 * <pre>{@code
 * endpoint(e -> e.address("10.0.12.7").putPort("http-8080", 18080).putLabel("version", "v2"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableServiceEndpoint.class)
@JsonDeserialize(as = ImmutableServiceEndpoint.class)
public abstract class ServiceEndpoint {

  ServiceEndpoint() {}

  /**
   * Starts an endpoint.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An endpoint with just an address.
   *
   * @param address an IP address, or a host name for DNS resolution
   * @return the endpoint
   */
  public static ServiceEndpoint of(String address) {
    return builder().address(address).build();
  }

  /**
   * The address: an IP for STATIC resolution, a host name or IP for DNS.
   *
   * @return the address
   */
  public abstract String address();

  /**
   * Per service port name, the endpoint's own port when it differs.
   *
   * @return the ports by service port name
   */
  public abstract Map<String, Integer> ports();

  /**
   * Labels of the endpoint, which subsets select.
   *
   * @return the labels
   */
  public abstract Map<String, String> labels();

  /**
   * The network the endpoint is on, for multi-network meshes.
   *
   * @return the network
   */
  public abstract Optional<String> network();

  /**
   * The endpoint's locality, {@code region/zone/subzone}.
   *
   * @return the locality
   */
  public abstract Optional<String> locality();

  /**
   * The endpoint's load-balancing weight.
   *
   * @return the weight
   */
  public abstract Optional<Integer> weight();

  /** Builds a {@link ServiceEndpoint}. */
  public static final class Builder extends ImmutableServiceEndpoint.Builder {
    Builder() {}
  }
}
