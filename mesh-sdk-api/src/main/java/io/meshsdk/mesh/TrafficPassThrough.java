package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.List;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Traffic a sidecar lets pass without intercepting it: inbound and outbound ports, and outbound
 * address ranges. Use it for ports that must bypass the proxy (health probes of another system,
 * a database speaking a protocol the proxy cannot parse) or ranges outside the mesh.
 *
 * <pre>{@code
 * TrafficPassThrough.builder().addExcludeInboundPort(9901).addExcludeOutboundIpRange("10.96.0.0/12").build()
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTrafficPassThrough.class)
@JsonDeserialize(as = ImmutableTrafficPassThrough.class)
public abstract class TrafficPassThrough {
  private static final Pattern IPV4_CIDR =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)");
  private static final Pattern IPV6_CIDR = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*/(12[0-8]|1[01]\\d|[1-9]?\\d)");

  TrafficPassThrough() {}

  /**
   * Starts the settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Inbound ports not intercepted.
   *
   * @return the ports
   */
  public abstract List<Integer> excludeInboundPorts();

  /**
   * Outbound ports not intercepted.
   *
   * @return the ports
   */
  public abstract List<Integer> excludeOutboundPorts();

  /**
   * Outbound address ranges not intercepted, in CIDR form.
   *
   * @return the ranges
   */
  public abstract List<String> excludeOutboundIpRanges();

  /**
   * The only outbound ranges intercepted, in CIDR form; every range when empty.
   *
   * @return the ranges
   */
  public abstract List<String> includeOutboundIpRanges();

  @Value.Check
  void check() {
    Violations v = new Violations();
    ports(v, "excludeInboundPorts", excludeInboundPorts());
    ports(v, "excludeOutboundPorts", excludeOutboundPorts());
    cidrs(v, "excludeOutboundIpRanges", excludeOutboundIpRanges());
    cidrs(v, "includeOutboundIpRanges", includeOutboundIpRanges());
    v.throwIfAny("TrafficPassThrough");
  }

  private static void ports(Violations v, String field, List<Integer> ports) {
    for (int i = 0; i < ports.size(); i++) {
      v.range(field + "[" + i + "]", ports.get(i), 1, 65535);
    }
  }

  private static void cidrs(Violations v, String field, List<String> ranges) {
    for (int i = 0; i < ranges.size(); i++) {
      String range = ranges.get(i);
      if (!IPV4_CIDR.matcher(range).matches() && !IPV6_CIDR.matcher(range).matches()) {
        v.add(field + "[" + i + "]", "must be an address range in CIDR form such as 10.0.0.0/8, but was \"" + range + "\"");
      }
    }
  }

  /** Builds {@link TrafficPassThrough}. */
  public static final class Builder extends ImmutableTrafficPassThrough.Builder {
    Builder() {}
  }
}
