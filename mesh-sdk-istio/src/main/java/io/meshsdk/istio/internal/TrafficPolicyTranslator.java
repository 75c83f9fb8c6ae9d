package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequestBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetryBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestinationBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetectionBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.SubsetBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyBuilder;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.meshsdk.policy.CircuitBreaker;
import io.meshsdk.policy.HttpMatch;
import io.meshsdk.policy.HttpRoute;
import io.meshsdk.policy.Retries;
import io.meshsdk.policy.RouteDestination;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.TranslationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Translates one {@link io.meshsdk.policy.TrafficPolicy} into a DestinationRule (when it declares
 * subsets or a circuit breaker) and a VirtualService (when it declares routes), both named after
 * the policy and placed in its namespace. Short host names are qualified with the policy's
 * namespace and the cluster domain, so the objects mean the same wherever Istio reads them.
 * Fields the policy leaves unset are left out, so Istio's defaults apply.
 */
final class TrafficPolicyTranslator {
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
    if (!policy.subsets().isEmpty() || policy.circuitBreaker().isPresent()) {
      resources.add(IstioJson.toResource(destinationRule()));
    }
    if (!policy.routes().isEmpty()) {
      resources.add(IstioJson.toResource(virtualService()));
    }
    return List.copyOf(resources);
  }

  /** Qualifies a short service name ({@code reviews}) in the policy's namespace. */
  private String qualify(String name) {
    return name.indexOf('.') >= 0 ? name : name + "." + policy.namespace() + ".svc." + clusterDomain;
  }

  // ---------------------------------------------------------------- DestinationRule

  private DestinationRule destinationRule() {
    return new DestinationRuleBuilder()
        .withNewMetadata()
        .withName(policy.name())
        .withNamespace(policy.namespace())
        .endMetadata()
        .withNewSpec()
        .withHost(host)
        .withSubsets(policy.subsets().stream().map(TrafficPolicyTranslator::subset).toList())
        .withTrafficPolicy(policy.circuitBreaker().map(TrafficPolicyTranslator::trafficPolicy).orElse(null))
        .endSpec()
        .build();
  }

  private static Subset subset(io.meshsdk.policy.Subset subset) {
    return new SubsetBuilder()
        .withName(subset.name())
        .withLabels(new LinkedHashMap<>(subset.labels()))
        .build();
  }

  /** Returns the circuit breaker's settings, or {@code null} when it sets nothing. */
  private static TrafficPolicy trafficPolicy(CircuitBreaker cb) {
    ConnectionPoolSettingsTCPSettings tcp = cb.maxConnections()
        .map(max -> new ConnectionPoolSettingsTCPSettingsBuilder().withMaxConnections(max).build())
        .orElse(null);
    ConnectionPoolSettingsHTTPSettings http =
        anyPresent(cb.maxPendingRequests(), cb.maxRequestsPerConnection())
            ? new ConnectionPoolSettingsHTTPSettingsBuilder()
                .withHttp1MaxPendingRequests(cb.maxPendingRequests().orElse(null))
                .withMaxRequestsPerConnection(cb.maxRequestsPerConnection().orElse(null))
                .build()
            : null;
    ConnectionPoolSettings pool = tcp != null || http != null
        ? new ConnectionPoolSettingsBuilder().withTcp(tcp).withHttp(http).build()
        : null;
    OutlierDetection outlier =
        anyPresent(cb.consecutive5xxErrors(), cb.interval(), cb.baseEjectionTime())
            ? new OutlierDetectionBuilder()
                .withConsecutive5xxErrors(cb.consecutive5xxErrors().orElse(null))
                .withInterval(duration(cb.interval()))
                .withBaseEjectionTime(duration(cb.baseEjectionTime()))
                .build()
            : null;
    return pool != null || outlier != null
        ? new TrafficPolicyBuilder().withConnectionPool(pool).withOutlierDetection(outlier).build()
        : null;
  }

  private static boolean anyPresent(Optional<?>... values) {
    return Stream.of(values).anyMatch(Optional::isPresent);
  }

  // ---------------------------------------------------------------- VirtualService

  private VirtualService virtualService() {
    return new VirtualServiceBuilder()
        .withNewMetadata()
        .withName(policy.name())
        .withNamespace(policy.namespace())
        .endMetadata()
        .withNewSpec()
        .withHosts(host)
        .withHttp(policy.routes().stream().map(this::httpRoute).toList())
        .endSpec()
        .build();
  }

  private HTTPRoute httpRoute(HttpRoute route) {
    // A route that matches everything gets no match list: Istio then applies it to every request.
    List<HTTPMatchRequest> matches = route.matchesEverything()
        ? List.of()
        : route.matches().stream().map(TrafficPolicyTranslator::matchRequest).toList();
    boolean split = route.destinations().size() > 1;
    return new HTTPRouteBuilder()
        .withName(route.name().orElse(null))
        .withMatch(matches)
        .withRoute(route.destinations().stream().map(d -> routeDestination(d, split)).toList())
        .withTimeout(duration(route.timeout()))
        .withRetries(route.retries().map(TrafficPolicyTranslator::retry).orElse(null))
        .build();
  }

  private static HTTPMatchRequest matchRequest(HttpMatch match) {
    Map<String, StringMatch> headers = new LinkedHashMap<>();
    match.headers().forEach((name, value) -> headers.put(name, stringMatch(value)));
    return new HTTPMatchRequestBuilder()
        .withUri(match.uri().map(TrafficPolicyTranslator::stringMatch).orElse(null))
        .withHeaders(headers)
        .build();
  }

  private static StringMatch stringMatch(io.meshsdk.policy.StringMatch match) {
    return new StringMatch(switch (match.type()) {
      case EXACT -> new StringMatchExact(match.value());
      case PREFIX -> new StringMatchPrefix(match.value());
      case REGEX -> new StringMatchRegex(match.value());
    });
  }

  /** Weights are written only for a split: a single destination takes everything anyway. */
  private HTTPRouteDestination routeDestination(RouteDestination destination, boolean split) {
    return new HTTPRouteDestinationBuilder()
        .withDestination(new DestinationBuilder()
            .withHost(destination.host().map(this::qualify).orElse(host))
            .withSubset(destination.subset().orElse(null))
            .withPort(destination.port().map(port -> new PortSelector(port.longValue())).orElse(null))
            .build())
        .withWeight(split ? destination.weight() : null)
        .build();
  }

  private static HTTPRetry retry(Retries retries) {
    return new HTTPRetryBuilder()
        .withAttempts(retries.attempts())
        .withPerTryTimeout(duration(retries.perTryTimeout()))
        .withRetryOn(retries.retryOn().orElse(null))
        .build();
  }

  private static String duration(Optional<Duration> duration) {
    return duration.map(IstioDurations::format).orElse(null);
  }
}
