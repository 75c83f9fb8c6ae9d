package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * One HTTP route of a {@link TrafficPolicy}: when it applies, where it sends requests and with
 * which timeout and retries. Routes are tried in order; the first that matches wins.
 *
 * <pre>{@code
 * route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
 * route(r -> r.toSubset("v1", 90).toSubset("v2", 10).timeout(Duration.ofSeconds(2)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableHttpRoute.class)
@JsonDeserialize(as = ImmutableHttpRoute.class)
public abstract class HttpRoute {

  HttpRoute() {}

  /**
   * Starts a route.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The route's name, shown in Envoy's statistics and access logs.
   *
   * @return the name
   */
  public abstract Optional<String> name();

  /**
   * When the route applies: any one of these matches. No matches means every request.
   *
   * @return the matches
   */
  public abstract List<HttpMatch> matches();

  /**
   * Where requests go, with weights adding up to 100.
   *
   * @return the destinations, in order
   */
  public abstract List<RouteDestination> destinations();

  /**
   * How long a request may take in all, retries included. Istio's default (none) when absent.
   *
   * @return the timeout
   */
  public abstract Optional<Duration> timeout();

  /**
   * How failed requests are retried.
   *
   * @return the retry settings
   */
  public abstract Optional<Retries> retries();

  /**
   * Whether this route applies to every request, making later routes unreachable.
   *
   * @return {@code true} when the route has no condition
   */
  public final boolean matchesEverything() {
    return matches().isEmpty() || matches().stream().anyMatch(HttpMatch::matchesEverything);
  }

  /**
   * Builds an {@link HttpRoute}. The {@code when*} steps add conditions that must all hold; use
   * {@link #match(Consumer)} for an alternative set of conditions.
   */
  public static final class Builder extends ImmutableHttpRoute.Builder {
    private HttpMatch.Builder conditions;

    Builder() {}

    private HttpMatch.Builder conditions() {
      if (conditions == null) {
        conditions = HttpMatch.builder();
      }
      return conditions;
    }

    /**
     * Adds a condition on a request header; say how it compares next.
     *
     * @param name the header's lower-case name
     * @return the step that names the comparison
     */
    public HeaderMatchStep whenHeader(String name) {
      return match -> {
        conditions().putHeader(name, match);
        return this;
      };
    }

    /**
     * Adds the condition that the path starts with a prefix.
     *
     * @param prefix for example {@code /api/v1}
     * @return this builder
     */
    public Builder whenUriPrefix(String prefix) {
      conditions().uriPrefix(prefix);
      return this;
    }

    /**
     * Adds the condition that the path equals a value.
     *
     * @param path for example {@code /login}
     * @return this builder
     */
    public Builder whenUriExact(String path) {
      conditions().uriExact(path);
      return this;
    }

    /**
     * Adds an alternative set of conditions: the route applies when these all hold, or when any
     * other match holds.
     *
     * @param match configures the conditions
     * @return this builder
     */
    public Builder match(Consumer<HttpMatch.Builder> match) {
      HttpMatch.Builder builder = HttpMatch.builder();
      match.accept(builder);
      return addMatch(builder.build());
    }

    /**
     * Sends all of the route's requests to a subset of the policy's service.
     *
     * @param subset the subset's name
     * @return this builder
     */
    public Builder toSubset(String subset) {
      return addDestination(RouteDestination.builder().subset(subset).build());
    }

    /**
     * Sends a share of the route's requests to a subset of the policy's service.
     *
     * @param subset the subset's name
     * @param weight the share in percent
     * @return this builder
     */
    public Builder toSubset(String subset, int weight) {
      return addDestination(RouteDestination.subset(subset, weight));
    }

    /**
     * Retries failed requests.
     *
     * @param attempts how many retries
     * @param perTryTimeout how long each try may take
     * @return this builder
     */
    public Builder retries(int attempts, Duration perTryTimeout) {
      return retries(Retries.of(attempts, perTryTimeout));
    }

    @Override
    public HttpRoute build() {
      if (conditions != null) {
        addMatch(conditions.build());
        conditions = null;
      }
      return super.build();
    }
  }

  /** Names how a header condition compares; every step returns the route builder. */
  @FunctionalInterface
  public interface HeaderMatchStep {
    /**
     * Compares with a {@link StringMatch}.
     *
     * @param match the comparison
     * @return the route builder
     */
    Builder matching(StringMatch match);

    /**
     * Requires the header to equal a value.
     *
     * @param value the expected value
     * @return the route builder
     */
    default Builder exact(String value) {
      return matching(StringMatch.exact(value));
    }

    /**
     * Requires the header to start with a prefix.
     *
     * @param prefix the prefix
     * @return the route builder
     */
    default Builder prefix(String prefix) {
      return matching(StringMatch.prefix(prefix));
    }

    /**
     * Requires the header to match a regular expression.
     *
     * @param regex the expression, RE2 syntax
     * @return the route builder
     */
    default Builder regex(String regex) {
      return matching(StringMatch.regex(regex));
    }
  }
}
