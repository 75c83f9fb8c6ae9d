package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * One TLS route of a {@link TrafficPolicy}: passes TLS connections through unterminated, chosen by
 * the SNI host the client asks for. Routes are tried in order; the first that matches wins.
 *
 * <pre>{@code
 * tlsRoute(t -> t.whenSni("api.example.com").toHost("api.example.com", 443))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableTlsRoute.class)
@JsonDeserialize(as = ImmutableTlsRoute.class)
public abstract class TlsRoute {

  TlsRoute() {}

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
   * Builds a {@link TlsRoute}. The {@code when*} steps add conditions that must all hold; use
   * {@link #match(Consumer)} for an alternative set of conditions.
   */
  public static final class Builder extends ImmutableTlsRoute.Builder {
    private L4Match.Builder conditions;

    Builder() {}

    private L4Match.Builder conditions() {
      if (conditions == null) {
        conditions = L4Match.builder();
      }
      return conditions;
    }

    /**
     * Adds SNI hosts the connection may ask for: {@code t.whenSni("api.example.com")}.
     *
     * @param hosts the SNI hosts, wildcards such as {@code *.example.com} allowed
     * @return this builder
     */
    public Builder whenSni(String... hosts) {
      conditions().addSniHosts(hosts);
      return this;
    }

    /**
     * Adds the condition that the connection is addressed to a port: {@code t.whenPort(443)}.
     *
     * @param port the service port
     * @return this builder
     */
    public Builder whenPort(int port) {
      conditions().port(port);
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
    public TlsRoute build() {
      if (conditions != null) {
        addMatch(conditions.build());
        conditions = null;
      }
      return super.build();
    }
  }
}
