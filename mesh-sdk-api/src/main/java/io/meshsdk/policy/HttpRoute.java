package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * One HTTP route of a {@link TrafficPolicy}: when it applies, what it does with the request and
 * how. A route either forwards to weighted destinations, or answers with a redirect, or with a
 * direct response; forwarding routes may add a timeout, retries, a mirror and rewrites. Any route
 * may inject faults, answer CORS and change headers. Routes are tried in order; the first that
 * matches wins.
 *
 * <pre>{@code
 * route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
 * route(r -> r.toSubset("v1", 90).toSubset("v2", 10).timeout(Duration.ofSeconds(2)))
 * route(r -> r.whenUriPrefix("/old").redirect(d -> d.uri("/new")))
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
   * Faults injected into the route's requests.
   *
   * @return the fault injection
   */
  public abstract Optional<FaultInjection> fault();

  /**
   * Where the route's requests are copied.
   *
   * @return the mirror
   */
  public abstract Optional<Mirror> mirror();

  /**
   * The path prefix that replaces the matched URI prefix (or the whole path on an exact match)
   * before forwarding.
   *
   * @return the replacement
   */
  public abstract Optional<String> rewriteUri();

  /**
   * The authority (host) that replaces the request's before forwarding.
   *
   * @return the replacement
   */
  public abstract Optional<String> rewriteAuthority();

  /**
   * The redirect the route answers with; excludes destinations and a direct response.
   *
   * @return the redirect
   */
  public abstract Optional<Redirect> redirect();

  /**
   * The fixed answer the route sends; excludes destinations and a redirect.
   *
   * @return the direct response
   */
  public abstract Optional<DirectResponse> directResponse();

  /**
   * Cross-origin resource sharing answered by the proxy.
   *
   * @return the CORS policy
   */
  public abstract Optional<CorsPolicy> cors();

  /**
   * Changes to request headers before forwarding.
   *
   * @return the operations
   */
  public abstract Optional<HeaderOperations> requestHeaders();

  /**
   * Changes to response headers before answering.
   *
   * @return the operations
   */
  public abstract Optional<HeaderOperations> responseHeaders();

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
    private HeaderOperations.Builder request;
    private HeaderOperations.Builder response;

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
     * Adds the condition that the path matches a regular expression: {@code
     * r.whenUriRegex("/api/v[0-9]+/.*")}.
     *
     * @param regex the expression, RE2 syntax
     * @return this builder
     */
    public Builder whenUriRegex(String regex) {
      conditions().uriRegex(regex);
      return this;
    }

    /**
     * Adds a condition on a query parameter; say how it compares next: {@code
     * r.whenQueryParam("debug").exact("1")}.
     *
     * @param name the parameter's name
     * @return the step that names the comparison
     */
    public HeaderMatchStep whenQueryParam(String name) {
      return match -> {
        conditions().putQueryParam(name, match);
        return this;
      };
    }

    /**
     * Adds the condition on the HTTP method: {@code r.whenMethod("POST")}.
     *
     * @param method the method, upper case
     * @return this builder
     */
    public Builder whenMethod(String method) {
      conditions().method(method);
      return this;
    }

    /**
     * Adds a condition on the authority (the {@code Host} header); say how it compares next:
     * {@code r.whenAuthority().prefix("api.")}.
     *
     * @return the step that names the comparison
     */
    public HeaderMatchStep whenAuthority() {
      return match -> {
        conditions().authority(match);
        return this;
      };
    }

    /**
     * Adds the condition that the request is addressed to a service port: {@code
     * r.whenPort(9080)}.
     *
     * @param port the port
     * @return this builder
     */
    public Builder whenPort(int port) {
      conditions().port(port);
      return this;
    }

    /**
     * Adds the condition that the client carries pod labels: {@code
     * r.whenSourceLabels(Map.of("app", "productpage"))}.
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
     * Adds the condition that the client runs in a namespace: {@code
     * r.whenSourceNamespace("frontend")}.
     *
     * @param namespace the client's namespace
     * @return this builder
     */
    public Builder whenSourceNamespace(String namespace) {
      conditions().sourceNamespace(namespace);
      return this;
    }

    /**
     * Adds the condition that the request arrives through a gateway: {@code
     * r.whenGateway("istio-system/public")}; {@code mesh} names the sidecars.
     *
     * @param gateway {@code mesh} or {@code [namespace/]name} of a Gateway
     * @return this builder
     */
    public Builder whenGateway(String gateway) {
      conditions().addGateway(gateway);
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
     * Sends all of the route's requests to another host: {@code r.toHost("reviews-next")}.
     *
     * @param host the host, short or fully qualified
     * @return this builder
     */
    public Builder toHost(String host) {
      return addDestination(RouteDestination.builder().host(host).build());
    }

    /**
     * Sends a share of the route's requests to a port of another host: {@code
     * r.toHost("ratings-next", 9080, 20)}.
     *
     * @param host the host, short or fully qualified
     * @param port the destination port
     * @param weight the share in percent
     * @return this builder
     */
    public Builder toHost(String host, int port, int weight) {
      return addDestination(RouteDestination.builder().host(host).port(port).weight(weight).build());
    }

    /**
     * Configures retries in full: {@code r.retries(x -> x.attempts(3).retryOn("5xx,reset"))}.
     *
     * @param retries configures them
     * @return this builder
     */
    public Builder retries(Consumer<Retries.Builder> retries) {
      Retries.Builder builder = Retries.builder();
      retries.accept(builder);
      return retries(builder.build());
    }

    /**
     * Injects faults: {@code r.fault(f -> f.delay(Duration.ofSeconds(7), 100))}.
     *
     * @param fault configures the faults
     * @return this builder
     */
    public Builder fault(Consumer<FaultInjection.Builder> fault) {
      FaultInjection.Builder builder = FaultInjection.builder();
      fault.accept(builder);
      return fault(builder.build());
    }

    /**
     * Copies requests: {@code r.mirror(m -> m.subset("v2").percent(50))}.
     *
     * @param mirror configures the mirror
     * @return this builder
     */
    public Builder mirror(Consumer<Mirror.Builder> mirror) {
      Mirror.Builder builder = Mirror.builder();
      mirror.accept(builder);
      return mirror(builder.build());
    }

    /**
     * Answers with a redirect instead of forwarding: {@code r.redirect(d -> d.uri("/v2"))}.
     *
     * @param redirect configures the redirect
     * @return this builder
     */
    public Builder redirect(Consumer<Redirect.Builder> redirect) {
      Redirect.Builder builder = Redirect.builder();
      redirect.accept(builder);
      return redirect(builder.build());
    }

    /**
     * Answers with a fixed status and body instead of forwarding: {@code r.respond(503, "maintenance")}.
     *
     * @param status the HTTP status, 200 to 599
     * @param body the body, as text
     * @return this builder
     */
    public Builder respond(int status, String body) {
      return directResponse(DirectResponse.of(status, body));
    }

    /**
     * Answers CORS requests: {@code r.cors(c -> c.addAllowOrigin(StringMatch.exact("https://a.example")))}.
     *
     * @param cors configures the CORS policy
     * @return this builder
     */
    public Builder cors(Consumer<CorsPolicy.Builder> cors) {
      CorsPolicy.Builder builder = CorsPolicy.builder();
      cors.accept(builder);
      return cors(builder.build());
    }

    private HeaderOperations.Builder request() {
      if (request == null) {
        request = HeaderOperations.builder();
      }
      return request;
    }

    private HeaderOperations.Builder response() {
      if (response == null) {
        response = HeaderOperations.builder();
      }
      return response;
    }

    /**
     * Overwrites a request header before forwarding: {@code r.setRequestHeader("x-env", "prod")}.
     *
     * @param name the header's lower-case name
     * @param value its value
     * @return this builder
     */
    public Builder setRequestHeader(String name, String value) {
      request().putSet(name, value);
      return this;
    }

    /**
     * Appends a request header before forwarding: {@code r.addRequestHeader("x-trace", "on")}.
     *
     * @param name the header's lower-case name
     * @param value its value
     * @return this builder
     */
    public Builder addRequestHeader(String name, String value) {
      request().putAdd(name, value);
      return this;
    }

    /**
     * Removes a request header before forwarding: {@code r.removeRequestHeader("cookie")}.
     *
     * @param name the header's lower-case name
     * @return this builder
     */
    public Builder removeRequestHeader(String name) {
      request().addRemove(name);
      return this;
    }

    /**
     * Overwrites a response header: {@code r.setResponseHeader("cache-control", "no-store")}.
     *
     * @param name the header's lower-case name
     * @param value its value
     * @return this builder
     */
    public Builder setResponseHeader(String name, String value) {
      response().putSet(name, value);
      return this;
    }

    /**
     * Appends a response header: {@code r.addResponseHeader("x-served-by", "v2")}.
     *
     * @param name the header's lower-case name
     * @param value its value
     * @return this builder
     */
    public Builder addResponseHeader(String name, String value) {
      response().putAdd(name, value);
      return this;
    }

    /**
     * Removes a response header: {@code r.removeResponseHeader("server")}.
     *
     * @param name the header's lower-case name
     * @return this builder
     */
    public Builder removeResponseHeader(String name) {
      response().addRemove(name);
      return this;
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
      if (request != null) {
        requestHeaders(request.build());
        request = null;
      }
      if (response != null) {
        responseHeaders(response.build());
        response = null;
      }
      return super.build();
    }
  }

  /**
   * Names how a header, query parameter or authority condition compares; every step returns the
   * route builder.
   */
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
