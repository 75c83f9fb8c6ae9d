package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * One TCP route of a {@link TrafficPolicy}: which connections it takes (by port, client or gateway)
 * and where it sends them, with weights for shifting traffic between versions. Routes are tried
 * in order; the first that matches wins.
 *
 * <pre>{@code
 * tcpRoute(t -> t.whenPort(31400).toSubset("v1", 80).toSubset("v2", 20))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTcpRoute.class)
@JsonDeserialize(as = ImmutableTcpRoute.class)
public abstract class TcpRoute {

  TcpRoute() {}

  /**
   * Starts a route.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * When the route applies: any one of these matches. No matches means every connection.
   *
   * @return the matches, in order
   */
  public abstract List<L4Match> matches();

  /**
   * Where connections go, with weights adding up to 100.
   *
   * @return the destinations, in order
   */
  public abstract List<RouteDestination> destinations();

  /**
   * Builds a {@link TcpRoute}. The {@code when*} steps add conditions that must all hold; use
   * {@link #match(Consumer)} for an alternative set of conditions.
   */
  public static final class Builder extends ImmutableTcpRoute.Builder {
    private L4Match.Builder conditions;

    Builder() {}

    private L4Match.Builder conditions() {
      if (conditions == null) {
        conditions = L4Match.builder();
      }
      return conditions;
    }

    /**
     * Adds the condition that the connection is addressed to a port: {@code t.whenPort(31400)}.
     *
     * @param port the service port
     * @return this builder
     */
    public Builder whenPort(int port) {
      conditions().port(port);
      return this;
    }

    /**
     * Adds the condition that the connection arrives through a gateway: {@code
     * t.whenGateway("istio-system/tcp-gateway")}.
     *
     * @param gateway {@code mesh} or {@code [namespace/]name} of a Gateway
     * @return this builder
     */
    public Builder whenGateway(String gateway) {
      conditions().addGateway(gateway);
      return this;
    }

    /**
     * Adds the condition that the client carries pod labels: {@code
     * t.whenSourceLabels(Map.of("app", "reviews"))}.
     *
     * @param labels the client's labels; at least one
     * @return this builder
     * @throws io.meshsdk.PolicyValidationException if the labels are empty, which would match every
     *     client
     */
    public Builder whenSourceLabels(Map<String, String> labels) {
      PolicyBuilder.requireLabels("route condition", "sourceLabels", labels,
          "without one the condition matches every client; leave it out to mean that");
      conditions().putAllSourceLabels(labels);
      return this;
    }

    /**
     * Adds the condition that the client runs in a namespace: {@code t.whenSourceNamespace("shop")}.
     *
     * @param namespace the client's namespace
     * @return this builder
     */
    public Builder whenSourceNamespace(String namespace) {
      conditions().sourceNamespace(namespace);
      return this;
    }

    /**
     * Adds an alternative set of conditions: {@code t.match(m -> m.port(443))}.
     *
     * @param match configures the conditions
     * @return this builder
     */
    public Builder match(Consumer<L4Match.Builder> match) {
      L4Match.Builder builder = L4Match.builder();
      match.accept(builder);
      return addMatch(builder.build());
    }

    /**
     * Sends every connection to a subset of the policy's service: {@code t.toSubset("v1")}.
     *
     * @param subset the subset's name
     * @return this builder
     */
    public Builder toSubset(String subset) {
      return addDestination(RouteDestination.builder().subset(subset).build());
    }

    /**
     * Sends a share of the connections to a subset: {@code t.toSubset("v2", 20)}.
     *
     * @param subset the subset's name
     * @param weight the share in percent
     * @return this builder
     */
    public Builder toSubset(String subset, int weight) {
      return addDestination(RouteDestination.subset(subset, weight));
    }

    /**
     * Sends every connection to a port of another host: {@code t.toHost("mongo-v2", 27017)}.
     *
     * @param host the host, short or fully qualified
     * @param port the destination port
     * @return this builder
     */
    public Builder toHost(String host, int port) {
      return addDestination(RouteDestination.builder().host(host).port(port).build());
    }

    @Override
    public TcpRoute build() {
      if (conditions != null) {
        addMatch(conditions.build());
        conditions = null;
      }
      return super.build();
    }
  }
}
