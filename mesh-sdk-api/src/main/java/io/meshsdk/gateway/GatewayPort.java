package io.meshsdk.gateway;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One port of a gateway's Service: its name, the port clients connect to and the port the gateway
 * pod listens on. Gateway pods run without privileges, so ports below 1024 are usually forwarded
 * to a higher target port (80 to 8080).
 *
 * <pre>{@code
 * GatewayPort.of("http2", 80, 8080)
 * }</pre>
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGatewayPort.class)
@JsonDeserialize(as = ImmutableGatewayPort.class)
public abstract class GatewayPort {

  GatewayPort() {}

  /**
   * A port whose target is another port.
   *
   * @param name the port's name, a DNS-1123 label such as {@code http2} or {@code tls}
   * @param port the Service port
   * @param targetPort the port the gateway pod listens on
   * @return the port
   */
  public static GatewayPort of(String name, int port, int targetPort) {
    return builder().name(name).port(port).targetPort(targetPort).build();
  }

  /**
   * A port that the gateway pod listens on as it is.
   *
   * @param name the port's name
   * @param port the Service port and target port
   * @return the port
   */
  public static GatewayPort of(String name, int port) {
    return builder().name(name).port(port).build();
  }

  /**
   * Starts a port.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The port's name; Istio reads the protocol from its prefix ({@code http2-}, {@code tls-}...).
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The port clients connect to.
   *
   * @return the Service port
   */
  public abstract int port();

  /**
   * The port the gateway pod listens on.
   *
   * @return the target port; absent means the same as {@link #port()}
   */
  public abstract Optional<Integer> targetPort();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("name", name());
    if (name().length() > 15) {
      v.add("name", "must be at most 15 characters, as a container port name is, but was " + Violations.quote(name()));
    }
    v.range("port", port(), 1, 65535);
    targetPort().ifPresent(t -> v.range("targetPort", t, 1, 65535));
    v.throwIfAny("GatewayPort " + name());
  }

  /** Builds {@link GatewayPort}. */
  public static final class Builder extends ImmutableGatewayPort.Builder {
    Builder() {}
  }
}
