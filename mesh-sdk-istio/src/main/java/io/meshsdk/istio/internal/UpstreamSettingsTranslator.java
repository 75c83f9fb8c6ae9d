package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.IsLoadBalancerSettingsConsistentHashLBHashKey;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHash;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLB;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHTTPCookie_;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpCookie;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpHeaderName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpQueryParameterName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBUseSourceIp;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimple;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimpleLB;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSetting;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSettingDistribute;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSettingFailover;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetectionBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import io.meshsdk.policy.CircuitBreaker;
import io.meshsdk.policy.LoadBalancer;
import io.meshsdk.policy.PortOverride;
import io.meshsdk.policy.UpstreamTls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates resilience settings (circuit breaker, load balancing, upstream TLS, port overrides)
 * into an Istio traffic policy, as used service-wide and per subset in a DestinationRule. Returns
 * {@code null} wherever nothing is set, so no empty objects are written.
 */
final class UpstreamSettingsTranslator {

  private UpstreamSettingsTranslator() {}

  static TrafficPolicy trafficPolicy(Optional<CircuitBreaker> circuitBreaker, Optional<LoadBalancer> loadBalancer,
      Optional<UpstreamTls> tls, List<PortOverride> portOverrides) {
    ConnectionPoolSettings pool = circuitBreaker.map(UpstreamSettingsTranslator::connectionPool).orElse(null);
    OutlierDetection outlier = circuitBreaker.map(UpstreamSettingsTranslator::outlierDetection).orElse(null);
    LoadBalancerSettings lb = loadBalancer.map(UpstreamSettingsTranslator::loadBalancer).orElse(null);
    ClientTLSSettings clientTls = tls.map(UpstreamSettingsTranslator::tls).orElse(null);
    List<TrafficPolicyPortTrafficPolicy> ports = portOverrides.stream()
        .map(o -> new TrafficPolicyPortTrafficPolicy(
            o.circuitBreaker().map(UpstreamSettingsTranslator::connectionPool).orElse(null),
            o.loadBalancer().map(UpstreamSettingsTranslator::loadBalancer).orElse(null),
            o.circuitBreaker().map(UpstreamSettingsTranslator::outlierDetection).orElse(null),
            new PortSelector((long) o.port()),
            o.tls().map(UpstreamSettingsTranslator::tls).orElse(null)))
        .toList();
    if (pool == null && outlier == null && lb == null && clientTls == null && ports.isEmpty()) {
      return null;
    }
    return new TrafficPolicyBuilder()
        .withConnectionPool(pool)
        .withOutlierDetection(outlier)
        .withLoadBalancer(lb)
        .withTls(clientTls)
        .withPortLevelSettings(ports)
        .build();
  }

  private static ConnectionPoolSettings connectionPool(CircuitBreaker cb) {
    ConnectionPoolSettingsTCPSettings tcp = cb.maxConnections().isPresent() || cb.connectTimeout().isPresent()
        ? new ConnectionPoolSettingsTCPSettingsBuilder()
            .withMaxConnections(cb.maxConnections().orElse(null))
            .withConnectTimeout(TrafficPolicyTranslator.duration(cb.connectTimeout()))
            .build()
        : null;
    ConnectionPoolSettingsHTTPSettings http = cb.maxPendingRequests().isPresent() || cb.maxRequests().isPresent()
        || cb.maxRequestsPerConnection().isPresent() || cb.maxRetries().isPresent() || cb.idleTimeout().isPresent()
        ? new ConnectionPoolSettingsHTTPSettingsBuilder()
            .withHttp1MaxPendingRequests(cb.maxPendingRequests().orElse(null))
            .withHttp2MaxRequests(cb.maxRequests().orElse(null))
            .withMaxRequestsPerConnection(cb.maxRequestsPerConnection().orElse(null))
            .withMaxRetries(cb.maxRetries().orElse(null))
            .withIdleTimeout(TrafficPolicyTranslator.duration(cb.idleTimeout()))
            .build()
        : null;
    return tcp != null || http != null ? new ConnectionPoolSettingsBuilder().withTcp(tcp).withHttp(http).build() : null;
  }

  private static OutlierDetection outlierDetection(CircuitBreaker cb) {
    return cb.hasOutlierDetection()
        ? new OutlierDetectionBuilder()
            .withConsecutive5xxErrors(cb.consecutive5xxErrors().orElse(null))
            .withConsecutiveGatewayErrors(cb.consecutiveGatewayErrors().orElse(null))
            .withInterval(TrafficPolicyTranslator.duration(cb.interval()))
            .withBaseEjectionTime(TrafficPolicyTranslator.duration(cb.baseEjectionTime()))
            .withMaxEjectionPercent(cb.maxEjectionPercent().orElse(null))
            .withMinHealthPercent(cb.minHealthPercent().orElse(null))
            .build()
        : null;
  }

  private static LoadBalancerSettings loadBalancer(LoadBalancer lb) {
    LoadBalancerSettingsBuilder builder = new LoadBalancerSettingsBuilder();
    lb.algorithm().ifPresent(a -> builder.withLbPolicy(new LoadBalancerSettingsSimple(switch (a) {
      case ROUND_ROBIN -> LoadBalancerSettingsSimpleLB.ROUND_ROBIN;
      case LEAST_REQUEST -> LoadBalancerSettingsSimpleLB.LEAST_REQUEST;
      case RANDOM -> LoadBalancerSettingsSimpleLB.RANDOM;
      case PASSTHROUGH -> LoadBalancerSettingsSimpleLB.PASSTHROUGH;
    })));
    if (lb.hasConsistentHash()) {
      builder.withLbPolicy(new LoadBalancerSettingsConsistentHash(consistentHash(lb)));
    }
    if (lb.hasLocalitySettings()) {
      builder.withLocalityLbSetting(new LocalityLoadBalancerSetting(
          lb.distribute().stream()
              .map(d -> {
                Map<String, Long> to = new LinkedHashMap<>();
                d.to().forEach((locality, weight) -> to.put(locality, weight.longValue()));
                return new LocalityLoadBalancerSettingDistribute(d.from(), to);
              })
              .toList(),
          lb.localityEnabled().orElse(null),
          lb.failover().stream().map(f -> new LocalityLoadBalancerSettingFailover(f.from(), f.to())).toList(),
          lb.failoverPriority()));
    }
    return builder.build();
  }

  private static LoadBalancerSettingsConsistentHashLB consistentHash(LoadBalancer lb) {
    IsLoadBalancerSettingsConsistentHashLBHashKey key;
    if (lb.hashHeader().isPresent()) {
      key = new LoadBalancerSettingsConsistentHashLBHttpHeaderName(lb.hashHeader().get());
    } else if (lb.hashCookie().isPresent()) {
      key = new LoadBalancerSettingsConsistentHashLBHttpCookie(new LoadBalancerSettingsConsistentHashLBHTTPCookie_(
          List.of(), lb.hashCookie().get(), lb.hashCookiePath().orElse(null),
          lb.hashCookieTtl().map(IstioDurations::format).orElse(null)));
    } else if (lb.hashQueryParam().isPresent()) {
      key = new LoadBalancerSettingsConsistentHashLBHttpQueryParameterName(lb.hashQueryParam().get());
    } else {
      key = new LoadBalancerSettingsConsistentHashLBUseSourceIp(true);
    }
    return new LoadBalancerSettingsConsistentHashLBBuilder().withHashKey(key).build();
  }

  private static ClientTLSSettings tls(UpstreamTls tls) {
    return new ClientTLSSettingsBuilder()
        .withMode(switch (tls.mode()) {
          case DISABLE -> ClientTLSSettingsTLSmode.DISABLE;
          case SIMPLE -> ClientTLSSettingsTLSmode.SIMPLE;
          case MUTUAL -> ClientTLSSettingsTLSmode.MUTUAL;
          case ISTIO_MUTUAL -> ClientTLSSettingsTLSmode.ISTIO_MUTUAL;
        })
        .withCredentialName(tls.credentialName().orElse(null))
        .withSni(tls.sni().orElse(null))
        .withSubjectAltNames(tls.subjectAltNames())
        .build();
  }
}
