package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A port of an {@link ExternalService}.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableServicePort.class)
@JsonDeserialize(as = ImmutableServicePort.class)
public abstract class ServicePort {

  ServicePort() {}

  /**
   * A port named after its protocol and number.
   *
   * @param number the port
   * @param protocol its protocol
   * @return the port
   */
  public static ServicePort of(int number, PortProtocol protocol) {
    return ImmutableServicePort.builder().number(number).protocol(protocol).build();
  }

  /**
   * A port whose traffic goes to another port of the endpoints, as for TLS origination (80 to
   * 443).
   *
   * @param number the port clients use
   * @param protocol its protocol
   * @param targetPort the endpoints' port
   * @return the port
   */
  public static ServicePort of(int number, PortProtocol protocol, int targetPort) {
    return ImmutableServicePort.builder().number(number).protocol(protocol).targetPort(targetPort).build();
  }

  /**
   * A port with a name of its own, such as the name an existing ServiceEntry gives it.
   *
   * @param name the port's name
   * @param number the port clients use
   * @param protocol its protocol
   * @return the port
   * @since 0.2.0
   */
  public static ServicePort named(String name, int number, PortProtocol protocol) {
    return ImmutableServicePort.builder().name(name).number(number).protocol(protocol).build();
  }

  /**
   * A named port whose traffic goes to another port of the endpoints.
   *
   * @param name the port's name
   * @param number the port clients use
   * @param protocol its protocol
   * @param targetPort the endpoints' port
   * @return the port
   * @since 0.2.0
   */
  public static ServicePort named(String name, int number, PortProtocol protocol, int targetPort) {
    return ImmutableServicePort.builder().name(name).number(number).protocol(protocol).targetPort(targetPort).build();
  }

  /**
   * The port clients use.
   *
   * @return the number
   */
  public abstract int number();

  /**
   * The protocol.
   *
   * @return the protocol
   */
  public abstract PortProtocol protocol();

  /**
   * The port's name.
   *
   * @return the protocol and number ({@code http-80}) unless set, for example with {@link
   *     #named(String, int, PortProtocol)}
   */
  @Value.Default
  public String name() {
    return protocol().name().toLowerCase(Locale.ROOT) + "-" + number();
  }

  /**
   * The endpoints' port, when it differs.
   *
   * @return the target port
   */
  public abstract Optional<Integer> targetPort();
}
