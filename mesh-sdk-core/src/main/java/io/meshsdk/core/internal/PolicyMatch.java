package io.meshsdk.core.internal;

import io.meshsdk.policy.AuthorizationPolicy;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.GatewayRoute;
import io.meshsdk.policy.JwtPolicy;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.PolicyScope;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.policy.TrafficPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which policies act on a host or a workload, the way Istio matches hosts and workload selectors. */
final class PolicyMatch {
  private PolicyMatch() {}

  /** The policies about traffic to a host, among those given, in their order. */
  static List<Policy> affectingHost(List<Policy> policies, String host) {
    String wanted = normalise(host);
    return policies.stream().filter(p -> aboutHost(p, wanted)).collect(Collectors.toList());
  }

  private static boolean aboutHost(Policy policy, String host) {
    if (policy instanceof TrafficPolicy) {
      TrafficPolicy traffic = (TrafficPolicy) policy;
      return sameService(traffic.host(), traffic.namespace(), host);
    }
    if (policy instanceof ExternalService) {
      return ((ExternalService) policy).hosts().stream().anyMatch(h -> hostMatches(normalise(h), host));
    }
    if (policy instanceof GatewayPolicy) {
      GatewayPolicy gateway = (GatewayPolicy) policy;
      return gateway.routes().stream().map(GatewayRoute::destination).flatMap(Optional::stream)
          .anyMatch(d -> sameService(d, gateway.namespace(), host));
    }
    return false;
  }

  /** Whether a host as a policy in {@code namespace} writes it names the same Kubernetes service as {@code host}. */
  private static boolean sameService(String policyHost, String namespace, String host) {
    String own = normalise(policyHost);
    if (own.equals(host)) {
      return true;
    }
    String a = serviceOf(own, namespace);
    return a != null && a.equals(serviceOf(host, null));
  }

  /**
   * The {@code name.namespace} of the service a host names: a short name is resolved in {@code
   * namespace}, {@code name.namespace} and {@code name.namespace.svc[.domain]} name a service;
   * anything else is outside the cluster's service domain ({@code null}).
   */
  private static String serviceOf(String host, String namespace) {
    String[] labels = host.split("\\.", -1);
    if (labels.length == 1) {
      return namespace == null ? null : labels[0] + "." + namespace;
    }
    if (labels.length == 2 || labels[2].equals("svc")) {
      return labels[0] + "." + labels[1];
    }
    return null;
  }

  /** A policy host, possibly a wildcard such as {@code *.example.com}, against a concrete host. */
  private static boolean hostMatches(String pattern, String host) {
    if (pattern.equals(host) || pattern.equals("*")) {
      return true;
    }
    return pattern.startsWith("*.") && host.endsWith(pattern.substring(1));
  }

  private static String normalise(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** The workload-selected policies that apply to a workload with these labels in this namespace. */
  static List<Policy> affectingWorkload(List<Policy> policies, String namespace, Map<String, String> labels) {
    return policies.stream()
        .filter(p -> selector(p).map(s -> (p.namespace().equals(namespace)
                || p.namespace().equals(PolicyScope.DEFAULT_ROOT_NAMESPACE))
            && labels.entrySet().containsAll(s.entrySet())).orElse(false))
        .collect(Collectors.toList());
  }

  private static Optional<Map<String, String>> selector(Policy policy) {
    if (policy instanceof MtlsPolicy) {
      return Optional.of(((MtlsPolicy) policy).selector());
    }
    if (policy instanceof AuthorizationPolicy) {
      return Optional.of(((AuthorizationPolicy) policy).selector());
    }
    if (policy instanceof JwtPolicy) {
      return Optional.of(((JwtPolicy) policy).selector());
    }
    if (policy instanceof SidecarPolicy) {
      return Optional.of(((SidecarPolicy) policy).selector());
    }
    if (policy instanceof TelemetryPolicy) {
      return Optional.of(((TelemetryPolicy) policy).selector());
    }
    if (policy instanceof GatewayPolicy) {
      return Optional.of(((GatewayPolicy) policy).selector());
    }
    return Optional.empty();
  }
}
