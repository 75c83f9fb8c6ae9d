package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBody;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyString;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPDirectResponse;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjection;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirect;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirectBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirectPort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetryBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRewrite;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Headers;
import io.fabric8.istio.api.api.networking.v1alpha3.HeadersHeaderOperations;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.SubsetBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributesBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.meshsdk.policy.FaultInjection;
import io.meshsdk.policy.HeaderOperations;
import io.meshsdk.policy.HttpMatch;
import io.meshsdk.policy.HttpRoute;
import io.meshsdk.policy.L4Match;
import io.meshsdk.policy.Mirror;
import io.meshsdk.policy.Redirect;
import io.meshsdk.policy.Retries;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.TranslationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates one {@link io.meshsdk.policy.TrafficPolicy} into a DestinationRule (when it says how
 * callers connect: subsets, circuit breaker, load balancing, TLS, port overrides) and a
 * VirtualService (when it declares HTTP, TCP or TLS routes), both named after the policy (or as
 * the policy names them, to keep the names of adopted objects) and placed in its namespace.
 * Short host names are qualified with the policy's namespace and the cluster domain, so the objects mean the same wherever Istio reads them; a destination that names
 * the policy's own service in any form ({@code reviews.bookinfo}, {@code reviews.bookinfo.svc})
 * gets the DestinationRule's host, so Istio finds the subsets it routes to. Fields the policy
 * leaves unset are left out, so Istio's defaults apply. The resilience settings are translated by
 * {@link UpstreamSettingsTranslator}.
 */
final class TrafficPolicyTranslator {
  /** The gateway name of the sidecars, which a VirtualService binds to unless told otherwise. */
  private static final String MESH = "mesh";

  private final io.meshsdk.policy.TrafficPolicy policy;
  private final String clusterDomain;
  private final String host;

  TrafficPolicyTranslator(io.meshsdk.policy.TrafficPolicy policy, TranslationContext context) {
    this.policy = policy;
    this.clusterDomain = context.clusterDomain();
    this.host = qualify(policy.host());
  }

  /** Returns the objects in creation order: the DestinationRule first. */
  List<MeshResource> translate() {
    List<MeshResource> resources = new ArrayList<>(2);
    if (policy.hasDestinationSettings()) {
      resources.add(IstioJson.toResource(destinationRule()));
    }
    if (policy.hasRoutes()) {
      resources.add(IstioJson.toResource(virtualService()));
    }
    return List.copyOf(resources);
  }

  /** Qualifies a short service name ({@code reviews}) in the policy's namespace. */
  private String qualify(String name) {
    return Hosts.qualify(name, policy.namespace(), clusterDomain);
  }

  // ---------------------------------------------------------------- DestinationRule

  private DestinationRule destinationRule() {
    return new DestinationRuleBuilder()
        .withNewMetadata()
        .withName(policy.destinationRuleName().orElse(policy.name()))
        .withNamespace(policy.namespace())
        .endMetadata()
        .withNewSpec()
        .withHost(host)
        .withSubsets(policy.subsets().stream().map(TrafficPolicyTranslator::subset).toList())
        .withTrafficPolicy(UpstreamSettingsTranslator.trafficPolicy(
            policy.circuitBreaker(), policy.loadBalancer(), policy.tls(), policy.portOverrides()))
        .endSpec()
        .build();
  }

  private static Subset subset(io.meshsdk.policy.Subset subset) {
    return new SubsetBuilder()
        .withName(subset.name())
        .withLabels(new LinkedHashMap<>(subset.labels()))
        .withTrafficPolicy(UpstreamSettingsTranslator.trafficPolicy(
            subset.circuitBreaker(), subset.loadBalancer(), subset.tls(), subset.portOverrides()))
        .build();
  }

  // ---------------------------------------------------------------- VirtualService

  private VirtualService virtualService() {
    return new VirtualServiceBuilder()
        .withNewMetadata()
        .withName(policy.virtualServiceName().orElse(policy.name()))
        .withNamespace(policy.namespace())
        .endMetadata()
        .withNewSpec()
        .withHosts(host)
        .withGateways(gateways())
        .withHttp(policy.routes().stream().map(this::httpRoute).toList())
        .withTcp(policy.tcpRoutes().stream()
            .map(r -> new TCPRoute(r.matches().stream().map(TrafficPolicyTranslator::l4Match).toList(),
                routeDestinations(r.destinations())))
            .toList())
        .withTls(policy.tlsRoutes().stream()
            .map(r -> new TLSRoute(r.matches().stream().map(this::tlsMatch).toList(),
                routeDestinations(r.destinations())))
            .toList())
        .endSpec()
        .build();
  }

  /**
   * A VirtualService applies to the sidecars only, unless it names gateways. When a match names
   * gateways, the VirtualService must be bound to them too, and keeps {@code mesh} so its other
   * routes still apply inside the mesh. Without gateway conditions nothing is written: Istio's
   * default is {@code mesh}.
   */
  private List<String> gateways() {
    Set<String> named = new LinkedHashSet<>();
    policy.routes().forEach(r -> r.matches().forEach(m -> named.addAll(m.gateways())));
    policy.tcpRoutes().forEach(r -> r.matches().forEach(m -> named.addAll(m.gateways())));
    policy.tlsRoutes().forEach(r -> r.matches().forEach(m -> named.addAll(m.gateways())));
    if (named.isEmpty()) {
      return List.of();
    }
    Set<String> gateways = new LinkedHashSet<>();
    gateways.add(MESH);
    gateways.addAll(named);
    return List.copyOf(gateways);
  }

  private HTTPRoute httpRoute(HttpRoute route) {
    // A route that matches everything gets no match list: Istio then applies it to every request.
    List<HTTPMatchRequest> matches = route.matchesEverything()
        ? List.of()
        : route.matches().stream().map(TrafficPolicyTranslator::matchRequest).toList();
    boolean split = route.destinations().size() > 1;
    HTTPRouteBuilder builder = new HTTPRouteBuilder()
        .withName(route.name().orElse(null))
        .withMatch(matches)
        .withRoute(route.destinations().stream().map(d -> httpRouteDestination(d, split)).toList())
        .withTimeout(duration(route.timeout()))
        .withRetries(route.retries().map(TrafficPolicyTranslator::retry).orElse(null))
        .withFault(route.fault().map(TrafficPolicyTranslator::fault).orElse(null))
        .withRedirect(route.redirect().map(TrafficPolicyTranslator::redirect).orElse(null))
        .withDirectResponse(route.directResponse().map(TrafficPolicyTranslator::directResponse).orElse(null))
        .withCorsPolicy(route.cors().map(TrafficPolicyTranslator::cors).orElse(null))
        .withHeaders(headers(route.requestHeaders(), route.responseHeaders()));
    route.mirror().ifPresent(mirror -> builder
        .withMirror(mirrorDestination(mirror))
        .withMirrorPercentage(mirror.percent().map(Percent::new).orElse(null)));
    if (route.rewriteUri().isPresent() || route.rewriteAuthority().isPresent()) {
      builder.withRewrite(new HTTPRewrite(route.rewriteAuthority().orElse(null), route.rewriteUri().orElse(null), null));
    }
    return builder.build();
  }

  private static HTTPMatchRequest matchRequest(HttpMatch match) {
    return new HTTPMatchRequestBuilder()
        .withUri(match.uri().map(TrafficPolicyTranslator::stringMatch).orElse(null))
        .withHeaders(stringMatches(match.headers()))
        .withQueryParams(stringMatches(match.queryParams()))
        .withMethod(match.method().map(TrafficPolicyTranslator::stringMatch).orElse(null))
        .withAuthority(match.authority().map(TrafficPolicyTranslator::stringMatch).orElse(null))
        .withPort(match.port().map(Integer::longValue).orElse(null))
        .withSourceLabels(new LinkedHashMap<>(match.sourceLabels()))
        .withSourceNamespace(match.sourceNamespace().orElse(null))
        .withGateways(match.gateways())
        .build();
  }

  private static Map<String, StringMatch> stringMatches(Map<String, io.meshsdk.policy.StringMatch> matches) {
    Map<String, StringMatch> translated = new LinkedHashMap<>();
    matches.forEach((name, value) -> translated.put(name, stringMatch(value)));
    return translated;
  }

  private static StringMatch stringMatch(io.meshsdk.policy.StringMatch match) {
    return new StringMatch(switch (match.type()) {
      case EXACT -> new StringMatchExact(match.value());
      case PREFIX -> new StringMatchPrefix(match.value());
      case REGEX -> new StringMatchRegex(match.value());
    });
  }

  private static L4MatchAttributes l4Match(L4Match match) {
    return new L4MatchAttributesBuilder()
        .withPort(match.port().map(Integer::longValue).orElse(null))
        .withSourceLabels(new LinkedHashMap<>(match.sourceLabels()))
        .withSourceNamespace(match.sourceNamespace().orElse(null))
        .withGateways(match.gateways())
        .withDestinationSubnets(match.destinationSubnets())
        .build();
  }

  /** SNI hosts are qualified like the VirtualService's host, of which they must be a part. */
  private TLSMatchAttributes tlsMatch(L4Match match) {
    return new TLSMatchAttributesBuilder()
        .withSniHosts(match.sniHosts().stream().map(sni -> sni.equals(policy.host()) ? host : sni).toList())
        .withPort(match.port().map(Integer::longValue).orElse(null))
        .withSourceLabels(new LinkedHashMap<>(match.sourceLabels()))
        .withSourceNamespace(match.sourceNamespace().orElse(null))
        .withGateways(match.gateways())
        .withDestinationSubnets(match.destinationSubnets())
        .build();
  }

  /** Weights are written only for a split: a single destination takes everything anyway. */
  private HTTPRouteDestination httpRouteDestination(io.meshsdk.policy.RouteDestination destination, boolean split) {
    return new HTTPRouteDestinationBuilder()
        .withDestination(destination(destination.host(), destination.subset(), destination.port()))
        .withWeight(split ? destination.weight() : null)
        .build();
  }

  private List<RouteDestination> routeDestinations(List<io.meshsdk.policy.RouteDestination> destinations) {
    boolean split = destinations.size() > 1;
    return destinations.stream()
        .map(d -> new RouteDestination(destination(d.host(), d.subset(), d.port()), split ? d.weight() : null))
        .toList();
  }

  private Destination destination(Optional<String> destinationHost, Optional<String> subset, Optional<Integer> port) {
    return new DestinationBuilder()
        .withHost(destinationHost.filter(h -> !policy.isOwnService(h)).map(this::qualify).orElse(host))
        .withSubset(subset.orElse(null))
        .withPort(port.map(p -> new PortSelector(p.longValue())).orElse(null))
        .build();
  }

  private Destination mirrorDestination(Mirror mirror) {
    return destination(mirror.host(), mirror.subset(), mirror.port());
  }

  private static HTTPRetry retry(Retries retries) {
    return new HTTPRetryBuilder()
        .withAttempts(retries.attempts())
        .withPerTryTimeout(duration(retries.perTryTimeout()))
        .withRetryOn(retries.retryOn().orElse(null))
        .build();
  }

  private static HTTPFaultInjection fault(FaultInjection fault) {
    HTTPFaultInjectionDelay delay = fault.delay()
        .map(d -> new HTTPFaultInjectionDelay(new HTTPFaultInjectionDelayFixedDelay(IstioDurations.format(d)), null,
            fault.delayPercent().map(Percent::new).orElse(null)))
        .orElse(null);
    HTTPFaultInjectionAbort abort = fault.abortStatus()
        .map(s -> new HTTPFaultInjectionAbort(new HTTPFaultInjectionAbortHttpStatus(s),
            fault.abortPercent().map(Percent::new).orElse(null)))
        .orElse(null);
    return new HTTPFaultInjection(abort, delay);
  }

  private static HTTPRedirect redirect(Redirect redirect) {
    return new HTTPRedirectBuilder()
        .withUri(redirect.uri().orElse(null))
        .withAuthority(redirect.authority().orElse(null))
        .withScheme(redirect.scheme().orElse(null))
        .withRedirectPort(redirect.port().map(p -> new HTTPRedirectPort(p.longValue())).orElse(null))
        .withRedirectCode(redirect.code() == 301 ? null : (long) redirect.code())
        .build();
  }

  private static HTTPDirectResponse directResponse(io.meshsdk.policy.DirectResponse response) {
    return new HTTPDirectResponse(
        response.body().map(body -> new HTTPBody(new HTTPBodyString(body))).orElse(null),
        (long) response.status());
  }

  private static CorsPolicy cors(io.meshsdk.policy.CorsPolicy cors) {
    return new CorsPolicyBuilder()
        .withAllowOrigins(cors.allowOrigins().stream().map(TrafficPolicyTranslator::stringMatch).toList())
        .withAllowMethods(cors.allowMethods())
        .withAllowHeaders(cors.allowHeaders())
        .withExposeHeaders(cors.exposeHeaders())
        .withMaxAge(duration(cors.maxAge()))
        .withAllowCredentials(cors.allowCredentials().orElse(null))
        .build();
  }

  private static Headers headers(Optional<HeaderOperations> request, Optional<HeaderOperations> response) {
    if (request.isEmpty() && response.isEmpty()) {
      return null;
    }
    Function<HeaderOperations, HeadersHeaderOperations> operations = ops -> new HeadersHeaderOperations(
        new LinkedHashMap<>(ops.add()), ops.remove(), new LinkedHashMap<>(ops.set()));
    return new Headers(request.map(operations).orElse(null), response.map(operations).orElse(null));
  }

  static String duration(Optional<Duration> duration) {
    return duration.map(IstioDurations::format).orElse(null);
  }
}
