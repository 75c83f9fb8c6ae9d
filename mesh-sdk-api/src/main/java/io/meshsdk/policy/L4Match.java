package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Conditions on a TCP connection, or on a TLS connection's SNI, that must all hold for a {@link
 * TcpRoute} or {@link TlsRoute} to apply. A TLS route's match names at least one SNI host; a TCP
 * route's names none.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableL4Match.class)
@JsonDeserialize(as = ImmutableL4Match.class)
public abstract class L4Match {

  L4Match() {}

  /**
   * Starts a match.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SNI hosts a TLS connection asks for; wildcards such as {@code *.example.com} allowed.
   *
   * @return the hosts, in order
   */
  public abstract List<String> sniHosts();

  /**
   * The service port the connection is addressed to.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * Pod labels the client workload must carry.
   *
   * @return the labels, in insertion order
   */
  public abstract Map<String, String> sourceLabels();

  /**
   * The namespace the client workload must run in.
   *
   * @return the namespace
   */
  public abstract Optional<String> sourceNamespace();

  /**
   * The gateways the connection must arrive through ({@code mesh} for sidecars, or {@code
   * [namespace/]name} of a Gateway).
   *
   * @return the gateways, in order
   */
  public abstract List<String> gateways();

  /**
   * The destination IP subnets, in CIDR notation ({@code 10.0.0.0/16}).
   *
   * @return the subnets, in order
   */
  public abstract List<String> destinationSubnets();

  /** Builds an {@link L4Match}. */
  public static final class Builder extends ImmutableL4Match.Builder {
    Builder() {}
  }
}
