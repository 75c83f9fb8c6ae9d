package io.meshsdk.policy;

import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The rules a {@link TrafficPolicy} must follow, as strict as Istio's own validation of the
 * VirtualService and DestinationRule it becomes, and a little stricter where Istio would accept a
 * setting that silently does nothing. Every rule adds to one {@link Violations} with the field
 * path of the offending value, so one {@code build()} reports every mistake.
 */
final class TrafficPolicyRules {
  private static final Pattern WILDCARD_HOST =
      Pattern.compile("\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  /** RFC 7230 token characters: what an HTTP header name may be made of. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
  private static final Pattern GATEWAY =
      Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern CIDR = Pattern.compile(
      "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?");
  /** Constructs Java accepts but RE2 (Envoy's regex engine) does not. */
  private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?<?[=!]|\\\\[1-9]|[*+?}][+]|\\(\\?>");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  private static final Duration MAX_CORS_AGE = Duration.ofSeconds(Integer.MAX_VALUE);

  private final TrafficPolicy policy;
  private final Violations v;
  private final Set<String> subsetNames = new HashSet<>();

  TrafficPolicyRules(TrafficPolicy policy, Violations violations) {
    this.policy = policy;
    this.v = violations;
  }

  void check() {
    checkIdentity();
    if (!policy.hasRoutes() && !policy.hasDestinationSettings()) {
      v.add("routes", "a traffic policy must declare at least one route, subset or resilience setting");
    }
    for (int i = 0; i < policy.subsets().size(); i++) {
      checkSubset("subsets[" + i + "]", policy.subsets().get(i));
    }
    for (int i = 0; i < policy.routes().size(); i++) {
      checkRoute("routes[" + i + "]", policy.routes().get(i));
      if (i < policy.routes().size() - 1 && policy.routes().get(i).matchesEverything()) {
        v.add("routes[" + (i + 1) + "]",
            "is unreachable: routes[" + i + "] has no condition and takes every request");
      }
    }
    for (int i = 0; i < policy.tcpRoutes().size(); i++) {
      TcpRoute route = policy.tcpRoutes().get(i);
      String path = "tcpRoutes[" + i + "]";
      for (int m = 0; m < route.matches().size(); m++) {
        L4Match match = route.matches().get(m);
        checkL4Match(path + ".matches[" + m + "]", match);
        if (!match.sniHosts().isEmpty()) {
          v.add(path + ".matches[" + m + "].sniHosts", "applies to TLS routes only; use a tlsRoute to route by SNI");
        }
      }
      checkDestinations(path + ".destinations", route.destinations(), true);
      if (i < policy.tcpRoutes().size() - 1 && route.matches().isEmpty()) {
        v.add("tcpRoutes[" + (i + 1) + "]",
            "is unreachable: tcpRoutes[" + i + "] has no condition and takes every connection");
      }
    }
    for (int i = 0; i < policy.tlsRoutes().size(); i++) {
      TlsRoute route = policy.tlsRoutes().get(i);
      String path = "tlsRoutes[" + i + "]";
      if (route.matches().isEmpty()) {
        v.add(path + ".matches", "a TLS route must match at least one SNI host");
      }
      for (int m = 0; m < route.matches().size(); m++) {
        L4Match match = route.matches().get(m);
        String matchPath = path + ".matches[" + m + "]";
        checkL4Match(matchPath, match);
        if (match.sniHosts().isEmpty()) {
          v.add(matchPath + ".sniHosts", "must name at least one SNI host");
        }
        for (int h = 0; h < match.sniHosts().size(); h++) {
          checkSniHost(matchPath + ".sniHosts[" + h + "]", match.sniHosts().get(h));
        }
      }
      checkDestinations(path + ".destinations", route.destinations(), true);
    }
    policy.circuitBreaker().ifPresent(cb -> checkCircuitBreaker("circuitBreaker", cb));
    policy.loadBalancer().ifPresent(lb -> checkLoadBalancer("loadBalancer", lb, policy.circuitBreaker()));
    policy.tls().ifPresent(tls -> checkTls("tls", tls));
    checkPortOverrides("portOverrides", policy.portOverrides(), policy.circuitBreaker());
  }

  // ---------------------------------------------------------------- identity and subsets

  private void checkIdentity() {
    String host = policy.host();
    if (host.isEmpty()) {
      v.add("host", "must not be empty");
    } else if (host.equals("*")) {
      v.add("host", "must not be the bare wildcard \"*\"; name the hosts it covers, for example *.example.com");
    } else if (host.startsWith("*")) {
      if (!WILDCARD_HOST.matcher(host).matches() || host.length() > 253) {
        v.add("host", "must be a DNS-1123 subdomain or a wildcard of the form *.example.com, but was "
            + Violations.quote(host));
      }
      if (policy.name().equals("*")) {
        v.add("name", "must be set with named(...) for the wildcard host " + Violations.quote(host));
      } else {
        v.dnsLabel("name", policy.name());
      }
    } else {
      v.dnsSubdomain("host", host);
      v.dnsLabel("name", policy.name());
    }
    v.dnsLabel("namespace", policy.namespace());
  }

  private void checkSubset(String path, Subset subset) {
    v.dnsLabel(path + ".name", subset.name());
    if (!subsetNames.add(subset.name())) {
      v.add(path + ".name", "repeats subset " + Violations.quote(subset.name()));
    }
    if (subset.labels().isEmpty()) {
      v.add(path + ".labels", "must select workloads by at least one label");
    }
    v.labels(path + ".labels", subset.labels());
    subset.circuitBreaker().ifPresent(cb -> checkCircuitBreaker(path + ".circuitBreaker", cb));
    Optional<CircuitBreaker> outlier = subset.circuitBreaker().or(policy::circuitBreaker);
    subset.loadBalancer().ifPresent(lb -> checkLoadBalancer(path + ".loadBalancer", lb, outlier));
    subset.tls().ifPresent(tls -> checkTls(path + ".tls", tls));
    checkPortOverrides(path + ".portOverrides", subset.portOverrides(), outlier);
  }

  private void checkPortOverrides(String path, List<PortOverride> overrides, Optional<CircuitBreaker> outer) {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < overrides.size(); i++) {
      PortOverride override = overrides.get(i);
      String overridePath = path + "[" + i + "]";
      v.range(overridePath + ".port", override.port(), 1, 65535);
      if (!ports.add(override.port())) {
        v.add(overridePath + ".port", "repeats port " + override.port());
      }
      if (override.circuitBreaker().isEmpty() && override.loadBalancer().isEmpty() && override.tls().isEmpty()) {
        v.add(overridePath, "must set a circuit breaker, load balancing or TLS for port " + override.port());
      }
      override.circuitBreaker().ifPresent(cb -> checkCircuitBreaker(overridePath + ".circuitBreaker", cb));
      Optional<CircuitBreaker> outlier = override.circuitBreaker().or(() -> outer);
      override.loadBalancer().ifPresent(lb -> checkLoadBalancer(overridePath + ".loadBalancer", lb, outlier));
      override.tls().ifPresent(tls -> checkTls(overridePath + ".tls", tls));
    }
  }

  // ---------------------------------------------------------------- HTTP routes

  private void checkRoute(String path, HttpRoute route) {
    route.name().ifPresent(n -> {
      if (n.isBlank()) {
        v.add(path + ".name", "must not be blank");
      }
    });
    for (int m = 0; m < route.matches().size(); m++) {
      checkHttpMatch(path + ".matches[" + m + "]", route.matches().get(m));
    }
    boolean forwards = !route.destinations().isEmpty();
    int actions = (forwards ? 1 : 0) + (route.redirect().isPresent() ? 1 : 0)
        + (route.directResponse().isPresent() ? 1 : 0);
    if (actions == 0) {
      v.add(path + ".destinations", "must name at least one destination, or the route must redirect or respond directly");
    } else if (actions > 1) {
      v.add(path, "must either forward to destinations, redirect or respond directly, but does "
          + String.join(" and ", actionNames(route)));
    }
    checkDestinations(path + ".destinations", route.destinations(), false);
    route.timeout().ifPresent(t -> {
      v.duration(path + ".timeout", t);
      requireForwarding(path + ".timeout", forwards, "a timeout");
    });
    route.retries().ifPresent(r -> {
      checkRetries(path, route, r);
      requireForwarding(path + ".retries", forwards, "retries");
    });
    route.fault().ifPresent(f -> checkFault(path + ".fault", f));
    route.mirror().ifPresent(m -> {
      checkMirror(path + ".mirror", m);
      requireForwarding(path + ".mirror", forwards, "a mirror");
    });
    route.rewriteUri().ifPresent(uri -> {
      if (!uri.startsWith("/")) {
        v.add(path + ".rewriteUri", "must start with \"/\", but was " + Violations.quote(uri));
      }
      MeshRules.headerValue(v, path + ".rewriteUri", uri);
    });
    route.rewriteAuthority().ifPresent(a -> checkAuthority(path + ".rewriteAuthority", a));
    if ((route.rewriteUri().isPresent() || route.rewriteAuthority().isPresent()) && !forwards) {
      v.add(path + (route.rewriteUri().isPresent() ? ".rewriteUri" : ".rewriteAuthority"),
          "applies only to a route that forwards to destinations; a redirect sets the new URI itself");
    }
    route.redirect().ifPresent(r -> checkRedirect(path + ".redirect", r));
    route.directResponse().ifPresent(d -> v.range(path + ".directResponse.status", d.status(), 200, 599));
    route.cors().ifPresent(c -> checkCors(path + ".cors", c));
    route.requestHeaders().ifPresent(h -> checkHeaderOperations(path + ".requestHeaders", h));
    route.responseHeaders().ifPresent(h -> checkHeaderOperations(path + ".responseHeaders", h));
  }

  private static List<String> actionNames(HttpRoute route) {
    return Stream.of(
            route.destinations().isEmpty() ? null : "forward",
            route.redirect().isPresent() ? "redirect" : null,
            route.directResponse().isPresent() ? "respond directly" : null)
        .filter(Objects::nonNull)
        .toList();
  }

  private void requireForwarding(String path, boolean forwards, String what) {
    if (!forwards) {
      v.add(path, "applies only to a route that forwards to destinations, but the route has none for " + what);
    }
  }

  private void checkHttpMatch(String path, HttpMatch match) {
    match.uri().ifPresent(uri -> checkStringMatch(path + ".uri", uri, true));
    for (Map.Entry<String, StringMatch> header : match.headers().entrySet()) {
      String headerPath = path + ".headers." + header.getKey();
      if (header.getKey().isEmpty()) {
        v.add(path + ".headers", "must not contain an empty header name");
      } else if (!header.getKey().equals(header.getKey().toLowerCase(Locale.ROOT))) {
        v.add(headerPath, "header names must be lower case, but was " + Violations.quote(header.getKey()));
      } else if (!header.getKey().startsWith(":") && !HEADER_NAME.matcher(header.getKey()).matches()) {
        v.add(headerPath, "is not a valid HTTP header name");
      }
      checkStringMatch(headerPath, header.getValue(), false);
    }
    for (Map.Entry<String, StringMatch> param : match.queryParams().entrySet()) {
      if (param.getKey().isEmpty()) {
        v.add(path + ".queryParams", "must not contain an empty parameter name");
      }
      if (param.getValue().type() == StringMatch.Type.PREFIX) {
        v.add(path + ".queryParams." + param.getKey(), "query parameters match exactly or by regex only, not by prefix");
      } else {
        checkStringMatch(path + ".queryParams." + param.getKey(), param.getValue(), false);
      }
    }
    match.method().ifPresent(m -> {
      if (m.type() == StringMatch.Type.EXACT && !METHODS.contains(m.value())) {
        v.add(path + ".method", "must be an HTTP method such as GET or POST (upper case), but was " + Violations.quote(m.value()));
      } else {
        checkStringMatch(path + ".method", m, false);
      }
    });
    match.authority().ifPresent(a -> checkStringMatch(path + ".authority", a, true));
    match.port().ifPresent(p -> v.range(path + ".port", p, 1, 65535));
    checkSourceLabels(path + ".sourceLabels", match.sourceLabels());
    match.sourceNamespace().ifPresent(ns -> v.dnsLabel(path + ".sourceNamespace", ns));
    checkGateways(path + ".gateways", match.gateways());
  }

  private void checkL4Match(String path, L4Match match) {
    match.port().ifPresent(p -> v.range(path + ".port", p, 1, 65535));
    checkSourceLabels(path + ".sourceLabels", match.sourceLabels());
    match.sourceNamespace().ifPresent(ns -> v.dnsLabel(path + ".sourceNamespace", ns));
    checkGateways(path + ".gateways", match.gateways());
    for (int i = 0; i < match.destinationSubnets().size(); i++) {
      String subnet = match.destinationSubnets().get(i);
      if (!CIDR.matcher(subnet).matches()) {
        v.add(path + ".destinationSubnets[" + i + "]", "must be an IPv4 address or CIDR block such as 10.0.0.0/16, but was "
            + Violations.quote(subnet));
      }
    }
  }

  private void checkSourceLabels(String path, Map<String, String> labels) {
    v.labels(path, labels);
  }

  private void checkGateways(String path, List<String> gateways) {
    for (int i = 0; i < gateways.size(); i++) {
      String gateway = gateways.get(i);
      if (!gateway.equals("mesh") && !GATEWAY.matcher(gateway).matches()) {
        v.add(path + "[" + i + "]", "must be \"mesh\" or [namespace/]name of a Gateway, but was " + Violations.quote(gateway));
      }
    }
  }

  private void checkStringMatch(String path, StringMatch match, boolean uriLike) {
    MeshRules.headerValue(v, path, match.value());
    switch (match.type()) {
      case PREFIX:
        if (match.value().isEmpty()) {
          v.add(path, "prefix must not be empty; leave the condition out to match everything");
        }
        break;
      case REGEX:
        checkRegex(path, match.value());
        break;
      default:
        if (uriLike && match.value().isEmpty()) {
          v.add(path, "exact value must not be empty");
        }
        break;
    }
  }

  private void checkRegex(String path, String regex) {
    if (regex.isEmpty()) {
      v.add(path, "regular expression must not be empty");
      return;
    }
    try {
      Pattern.compile(regex);
      if (NOT_RE2.matcher(regex).find()) {
        v.add(path, "uses lookaround, backreferences or possessive quantifiers, which Envoy's RE2 engine"
            + " does not support: " + Violations.quote(regex));
      }
    } catch (PatternSyntaxException e) {
      v.add(path, "is not a valid regular expression: " + e.getDescription());
    }
  }

  // ---------------------------------------------------------------- destinations

  private void checkDestinations(String path, List<RouteDestination> destinations, boolean required) {
    if (required && destinations.isEmpty()) {
      v.add(path, "must name at least one destination");
    }
    int sum = 0;
    for (int d = 0; d < destinations.size(); d++) {
      RouteDestination destination = destinations.get(d);
      String destinationPath = path + "[" + d + "]";
      v.range(destinationPath + ".weight", destination.weight(), 0, 100);
      sum += destination.weight();
      checkTarget(destinationPath, destination.host(), destination.subset(), destination.port());
    }
    if (destinations.size() == 1 && sum != 100) {
      v.add(path + "[0].weight",
          "must be 100 (or unset) for a route's only destination, which takes all its requests, but was " + sum);
    }
    if (destinations.size() > 1 && sum != 100) {
      v.add(path, "weights must add up to 100, but add up to " + sum);
    }
  }

  /** Checks a host, subset and port that traffic is sent to: a destination or a mirror. */
  private void checkTarget(String path, Optional<String> host, Optional<String> subset, Optional<Integer> port) {
    host.ifPresent(h -> {
      if (h.contains("*")) {
        v.add(path + ".host", "must name one host, not the wildcard " + Violations.quote(h));
      } else {
        v.dnsSubdomain(path + ".host", h);
      }
    });
    port.ifPresent(p -> v.range(path + ".port", p, 1, 65535));
    boolean ownHost = host.map(policy::isOwnService).orElse(true);
    subset.ifPresent(s -> {
      if (ownHost && !subsetNames.contains(s)) {
        v.add(path + ".subset", "refers to subset " + Violations.quote(s) + ", which the policy does not declare");
      } else if (!ownHost) {
        v.dnsLabel(path + ".subset", s);
      }
    });
  }

  private void checkRetries(String path, HttpRoute route, Retries r) {
    v.range(path + ".retries.attempts", r.attempts(), 0, Integer.MAX_VALUE);
    if (r.attempts() == 0 && (r.perTryTimeout().isPresent() || r.retryOn().isPresent())) {
      v.add(path + ".retries", "sets a per-try timeout or retry conditions with 0 attempts, which disables retrying;"
          + " Istio refuses such a retry policy: set attempts above 0, or leave the other settings out");
    }
    r.perTryTimeout().ifPresent(t -> v.duration(path + ".retries.perTryTimeout", t));
    r.retryOn().ifPresent(on -> {
      if (on.isBlank()) {
        v.add(path + ".retries.retryOn", "must not be blank");
      } else {
        for (String condition : on.split(",", -1)) {
          String c = condition.trim();
          if (!RETRY_ON.contains(c) && !c.matches("[1-5][0-9][0-9]")) {
            v.add(path + ".retries.retryOn", Violations.quote(c) + " is not a retry condition Envoy knows (for example 5xx,"
                + " gateway-error, reset, connect-failure, retriable-4xx, refused-stream, or an HTTP status)");
          }
        }
      }
    });
    if (route.timeout().isPresent() && r.perTryTimeout().isPresent()
        && r.perTryTimeout().get().compareTo(route.timeout().get()) > 0) {
      v.add(path + ".retries.perTryTimeout",
          "must not exceed the route's timeout of " + route.timeout().get() + ", but was " + r.perTryTimeout().get());
    }
  }

  private static final Set<String> RETRY_ON = Set.of(
      "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "envoy-ratelimited",
      "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers", "http3-post-connect-failure",
      "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");

  private void checkFault(String path, FaultInjection f) {
    if (f.delay().isEmpty() && f.abortStatus().isEmpty()) {
      v.add(path, "must delay or abort requests, or both");
    }
    f.delay().ifPresent(d -> v.duration(path + ".delay", d));
    f.delayPercent().ifPresent(p -> {
      checkPercent(path + ".delayPercent", p);
      if (f.delay().isEmpty()) {
        v.add(path + ".delayPercent", "is set without a delay");
      }
    });
    f.abortStatus().ifPresent(s -> v.range(path + ".abortStatus", s, 200, 599));
    f.abortPercent().ifPresent(p -> {
      checkPercent(path + ".abortPercent", p);
      if (f.abortStatus().isEmpty()) {
        v.add(path + ".abortPercent", "is set without an abort status");
      }
    });
  }

  private void checkMirror(String path, Mirror m) {
    checkTarget(path, m.host(), m.subset(), m.port());
    m.percent().ifPresent(p -> checkPercent(path + ".percent", p));
  }

  private void checkPercent(String path, double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      v.add(path, "must be between 0 and 100, but was " + percent);
    }
  }

  private void checkAuthority(String path, String authority) {
    String host = authority.contains(":") ? authority.substring(0, authority.lastIndexOf(':')) : authority;
    if (authority.contains(":")) {
      String port = authority.substring(authority.lastIndexOf(':') + 1);
      if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        v.add(path, "has an invalid port in " + Violations.quote(authority));
        return;
      }
    }
    v.dnsSubdomain(path, host);
  }

  private void checkRedirect(String path, Redirect r) {
    if (r.uri().isEmpty() && r.authority().isEmpty() && r.port().isEmpty() && r.scheme().isEmpty()) {
      v.add(path, "must replace at least one of uri, authority, port and scheme");
    }
    r.uri().ifPresent(uri -> {
      if (!uri.startsWith("/")) {
        v.add(path + ".uri", "must start with \"/\", but was " + Violations.quote(uri));
      }
      MeshRules.headerValue(v, path + ".uri", uri);
    });
    r.authority().ifPresent(a -> checkAuthority(path + ".authority", a));
    r.port().ifPresent(p -> v.range(path + ".port", p, 1, 65535));
    r.scheme().ifPresent(s -> {
      if (!s.equals("http") && !s.equals("https")) {
        v.add(path + ".scheme", "must be http or https, but was " + Violations.quote(s));
      }
    });
    v.range(path + ".code", r.code(), 300, 399);
  }

  private void checkCors(String path, CorsPolicy c) {
    if (c.allowOrigins().isEmpty()) {
      v.add(path + ".allowOrigins", "must allow at least one origin; without one the proxy answers no CORS request");
    }
    for (int i = 0; i < c.allowOrigins().size(); i++) {
      checkStringMatch(path + ".allowOrigins[" + i + "]", c.allowOrigins().get(i), true);
    }
    for (int i = 0; i < c.allowMethods().size(); i++) {
      String method = c.allowMethods().get(i);
      if (!METHODS.contains(method)) {
        v.add(path + ".allowMethods[" + i + "]", "must be an HTTP method such as GET or POST (upper case), but was "
            + Violations.quote(method));
      }
    }
    checkHeaderNames(path + ".allowHeaders", c.allowHeaders(), true);
    checkHeaderNames(path + ".exposeHeaders", c.exposeHeaders(), true);
    c.maxAge().ifPresent(age -> {
      if (age.isNegative() || age.isZero() || age.getNano() != 0 || age.compareTo(MAX_CORS_AGE) > 0) {
        v.add(path + ".maxAge", "must be a positive whole number of seconds, but was " + age);
      }
    });
  }

  private void checkHeaderNames(String path, List<String> names, boolean allowWildcard) {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!(allowWildcard && name.equals("*")) && !HEADER_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
        v.add(path + "[" + i + "]", "is not a valid HTTP header name: " + Violations.quote(name));
      }
    }
  }

  private void checkHeaderOperations(String path, HeaderOperations ops) {
    if (ops.isEmpty()) {
      v.add(path, "must set, add or remove at least one header");
    }
    ops.set().forEach((name, value) -> {
      checkHeaderOperationName(path + ".set." + name, name);
      MeshRules.headerValue(v, path + ".set." + name, value);
    });
    ops.add().forEach((name, value) -> {
      checkHeaderOperationName(path + ".add." + name, name);
      MeshRules.headerValue(v, path + ".add." + name, value);
    });
    for (int i = 0; i < ops.remove().size(); i++) {
      checkHeaderOperationName(path + ".remove[" + i + "]", ops.remove().get(i));
    }
  }

  private void checkHeaderOperationName(String path, String name) {
    if (name.isEmpty()) {
      v.add(path, "header name must not be empty");
    } else if (name.startsWith(":")) {
      v.add(path, "must not change the pseudo-header " + Violations.quote(name));
    } else if (name.equalsIgnoreCase("host")) {
      v.add(path, "must not change the host header; use rewriteAuthority");
    } else if (!HEADER_NAME.matcher(name).matches()) {
      v.add(path, "must be a lower-case HTTP header name, but was " + Violations.quote(name));
    }
  }

  private void checkSniHost(String path, String sni) {
    if (sni.startsWith("*")) {
      if (!WILDCARD_HOST.matcher(sni).matches()) {
        v.add(path, "must be a host name or a wildcard of the form *.example.com, but was " + Violations.quote(sni));
      }
    } else {
      v.dnsSubdomain(path, sni);
    }
    if (!coveredByPolicyHost(sni)) {
      v.add(path, Violations.quote(sni) + " is not covered by the policy's host " + Violations.quote(policy.host())
          + "; Istio only routes SNI hosts of the VirtualService's own hosts");
    }
  }

  private boolean coveredByPolicyHost(String sni) {
    String host = policy.host();
    if (sni.equals(host)) {
      return true;
    }
    if (host.startsWith("*.")) {
      String suffix = host.substring(1);
      return sni.endsWith(suffix) && (!sni.startsWith("*") || sni.length() >= host.length());
    }
    return host.indexOf('.') < 0 && sni.startsWith(host + "." + policy.namespace() + ".svc.");
  }

  // ---------------------------------------------------------------- resilience

  private void checkCircuitBreaker(String path, CircuitBreaker cb) {
    cb.maxConnections().ifPresent(n -> v.range(path + ".maxConnections", n, 1, Integer.MAX_VALUE));
    cb.connectTimeout().ifPresent(d -> v.duration(path + ".connectTimeout", d));
    cb.maxPendingRequests().ifPresent(n -> v.range(path + ".maxPendingRequests", n, 1, Integer.MAX_VALUE));
    cb.maxRequests().ifPresent(n -> v.range(path + ".maxRequests", n, 1, Integer.MAX_VALUE));
    cb.maxRequestsPerConnection().ifPresent(n -> v.range(path + ".maxRequestsPerConnection", n, 1, Integer.MAX_VALUE));
    cb.maxRetries().ifPresent(n -> v.range(path + ".maxRetries", n, 0, Integer.MAX_VALUE));
    cb.idleTimeout().ifPresent(d -> v.duration(path + ".idleTimeout", d));
    cb.consecutive5xxErrors().ifPresent(n -> v.range(path + ".consecutive5xxErrors", n, 1, Integer.MAX_VALUE));
    cb.consecutiveGatewayErrors().ifPresent(n -> v.range(path + ".consecutiveGatewayErrors", n, 1, Integer.MAX_VALUE));
    cb.interval().ifPresent(d -> v.duration(path + ".interval", d));
    cb.baseEjectionTime().ifPresent(d -> v.duration(path + ".baseEjectionTime", d));
    cb.maxEjectionPercent().ifPresent(n -> v.range(path + ".maxEjectionPercent", n, 0, 100));
    cb.minHealthPercent().ifPresent(n -> v.range(path + ".minHealthPercent", n, 0, 100));
  }

  private void checkLoadBalancer(String path, LoadBalancer lb, Optional<CircuitBreaker> outlier) {
    int keys = (lb.hashHeader().isPresent() ? 1 : 0) + (lb.hashCookie().isPresent() ? 1 : 0)
        + (lb.hashSourceIp() ? 1 : 0) + (lb.hashQueryParam().isPresent() ? 1 : 0);
    if (keys > 1) {
      v.add(path, "must hash on one key only (header, cookie, source IP or query parameter), but sets " + keys);
    }
    if (keys > 0 && lb.algorithm().isPresent()) {
      v.add(path + ".algorithm", "cannot be combined with a consistent hash; choose one");
    }
    lb.hashHeader().ifPresent(h -> checkHeaderOperationName(path + ".hashHeader", h));
    lb.hashCookie().ifPresent(c -> {
      if (c.isBlank()) {
        v.add(path + ".hashCookie", "must not be blank");
      }
      MeshRules.headerValue(v, path + ".hashCookie", c);
    });
    lb.hashCookieTtl().ifPresent(ttl -> {
      if (lb.hashCookie().isEmpty()) {
        v.add(path + ".hashCookieTtl", "is set without a hash cookie");
      }
      if (!ttl.isZero()) {
        v.duration(path + ".hashCookieTtl", ttl);
      }
    });
    lb.hashCookiePath().ifPresent(p -> {
      if (lb.hashCookie().isEmpty()) {
        v.add(path + ".hashCookiePath", "is set without a hash cookie");
      }
      if (!p.startsWith("/")) {
        v.add(path + ".hashCookiePath", "must start with \"/\", but was " + Violations.quote(p));
      }
      MeshRules.headerValue(v, path + ".hashCookiePath", p);
    });
    lb.hashQueryParam().ifPresent(q -> {
      if (q.isBlank()) {
        v.add(path + ".hashQueryParam", "must not be blank");
      }
      MeshRules.headerValue(v, path + ".hashQueryParam", q);
    });
    if (!lb.failover().isEmpty() && !lb.distribute().isEmpty()) {
      v.add(path, "cannot set both failover and distribute; Istio applies one locality mode");
    }
    for (int i = 0; i < lb.failover().size(); i++) {
      LoadBalancer.LocalityFailover f = lb.failover().get(i);
      String fPath = path + ".failover[" + i + "]";
      checkRegion(fPath + ".from", f.from());
      checkRegion(fPath + ".to", f.to());
      if (f.from().equals(f.to())) {
        v.add(fPath + ".to", "must differ from the region failed over from, " + Violations.quote(f.from()));
      }
    }
    for (int i = 0; i < lb.failoverPriority().size(); i++) {
      String label = lb.failoverPriority().get(i);
      String key = label.startsWith("!") ? label.substring(1) : label;
      String name = key.contains("=") ? key.substring(0, key.indexOf('=')) : key;
      Violations labelCheck = new Violations();
      labelCheck.labels("label", Map.of(name, ""));
      if (name.isEmpty() || !labelCheck.isEmpty()) {
        v.add(path + ".failoverPriority[" + i + "]", "must be a label key, but was " + Violations.quote(label));
      }
    }
    if ((!lb.failover().isEmpty() || !lb.failoverPriority().isEmpty())
        && outlier.filter(CircuitBreaker::hasOutlierDetection).isEmpty()) {
      v.add(path + ".failover", "needs outlier detection (for example circuitBreaker(cb -> cb.ejectAfter5xx(5)))"
          + " on the same settings; without it no endpoint is ever found unhealthy and failover never happens");
    }
    for (int i = 0; i < lb.distribute().size(); i++) {
      LoadBalancer.LocalityDistribution d = lb.distribute().get(i);
      String dPath = path + ".distribute[" + i + "]";
      checkLocality(dPath + ".from", d.from());
      if (d.to().isEmpty()) {
        v.add(dPath + ".to", "must name at least one locality");
      }
      int sum = 0;
      for (Map.Entry<String, Integer> to : d.to().entrySet()) {
        checkLocality(dPath + ".to." + to.getKey(), to.getKey());
        v.range(dPath + ".to." + to.getKey(), to.getValue(), 0, 100);
        sum += to.getValue();
      }
      if (!d.to().isEmpty() && sum != 100) {
        v.add(dPath + ".to", "weights must add up to 100, but add up to " + sum);
      }
    }
  }

  private void checkRegion(String path, String region) {
    if (region.isEmpty() || region.contains("/") || region.contains("*")) {
      v.add(path, "must be a region, without zone or wildcard, but was " + Violations.quote(region));
    }
  }

  private void checkLocality(String path, String locality) {
    String[] parts = locality.split("/", -1);
    boolean ok = locality.length() > 0 && parts.length <= 3;
    for (int i = 0; ok && i < parts.length; i++) {
      if (parts[i].isEmpty() || (parts[i].contains("*") && (!parts[i].equals("*") || i != parts.length - 1))) {
        ok = false;
      }
    }
    if (!ok) {
      v.add(path, "must be a locality region[/zone[/subzone]], with \"*\" only as the last part, but was "
          + Violations.quote(locality));
    }
  }

  private void checkTls(String path, UpstreamTls tls) {
    switch (tls.mode()) {
      case ISTIO_MUTUAL:
      case DISABLE:
        tls.credentialName().ifPresent(c -> v.add(path + ".credentialName",
            "must not be set in mode " + tls.mode() + (tls.mode() == UpstreamTls.Mode.ISTIO_MUTUAL
                ? ", which uses the certificates Istio issues" : ", which does not use TLS")));
        if (tls.mode() == UpstreamTls.Mode.DISABLE) {
          tls.sni().ifPresent(s -> v.add(path + ".sni", "must not be set in mode DISABLE, which does not use TLS"));
          if (!tls.subjectAltNames().isEmpty()) {
            v.add(path + ".subjectAltNames", "must not be set in mode DISABLE, which does not use TLS");
          }
        }
        break;
      case MUTUAL:
        if (tls.credentialName().isEmpty()) {
          v.add(path + ".credentialName", "must name the Secret holding the client certificate in mode MUTUAL");
        }
        break;
      default:
        break;
    }
    tls.credentialName().ifPresent(c -> v.dnsSubdomain(path + ".credentialName", c));
    tls.sni().ifPresent(s -> v.dnsSubdomain(path + ".sni", s));
    for (int i = 0; i < tls.subjectAltNames().size(); i++) {
      if (tls.subjectAltNames().get(i).isBlank()) {
        v.add(path + ".subjectAltNames[" + i + "]", "must not be blank");
      }
    }
  }
}
