package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshException;
import io.meshsdk.PolicyValidationException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.mesh.DiscoveredObject;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.policy.AuthorizationPolicy;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.JwtPolicy;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.Policies;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Istio objects the SDK did not write back into policies. Each object (or the
 * VirtualService and DestinationRule of one host, together) is read into the typed policy that
 * would say the same; that policy is translated again and kept only when the translation gives
 * back exactly the objects found, name for name and spec for spec. Otherwise the objects are kept
 * as they are in a {@link RawPolicy}, with the first field that did not read back as the reason.
 * Reading is deliberately partial: a field it does not know is simply not read, and the
 * comparison then names it.
 */
final class IstioDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(IstioDiscovery.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|ns)");
  private static final String NETWORKING = "networking.istio.io/";
  private static final String SECURITY = "security.istio.io/";

  private final IstioBackend backend;
  private final String cluster;
  private final TranslationContext context;

  IstioDiscovery(IstioBackend backend, String cluster, TranslationContext context) {
    this.backend = backend;
    this.cluster = cluster;
    this.context = context;
  }

  List<DiscoveredPolicy> discover(List<MeshResource> objects) {
    List<DiscoveredPolicy> out = new ArrayList<>();
    for (List<MeshResource> group : groups(objects)) {
      out.addAll(read(group));
    }
    out.sort(Comparator.comparing((DiscoveredPolicy d) -> d.policy().ref()).thenComparing(d -> d.sources().get(0)));
    return out;
  }

  /**
   * The objects to read together: the one VirtualService and the one DestinationRule of a host in
   * a namespace; every other object alone.
   */
  private List<List<MeshResource>> groups(List<MeshResource> objects) {
    Map<String, List<MeshResource>> services = new LinkedHashMap<>();
    Map<String, List<MeshResource>> rules = new LinkedHashMap<>();
    List<List<MeshResource>> groups = new ArrayList<>();
    for (MeshResource object : objects) {
      if (is(object, NETWORKING, "VirtualService") && object.content().path("spec").path("hosts").size() == 1) {
        services.computeIfAbsent(hostKey(object, object.content().path("spec").path("hosts").get(0)),
            k -> new ArrayList<>()).add(object);
      } else if (is(object, NETWORKING, "DestinationRule")) {
        rules.computeIfAbsent(hostKey(object, object.content().path("spec").path("host")), k -> new ArrayList<>())
            .add(object);
      } else {
        groups.add(List.of(object));
      }
    }
    services.forEach((host, list) -> {
      List<MeshResource> sameHost = rules.getOrDefault(host, List.of());
      if (list.size() == 1 && sameHost.size() == 1) {
        groups.add(List.of(sameHost.get(0), list.get(0)));
        rules.remove(host);
      } else {
        list.forEach(o -> groups.add(List.of(o)));
      }
    });
    rules.values().forEach(list -> list.forEach(o -> groups.add(List.of(o))));
    return groups;
  }

  private String hostKey(MeshResource object, JsonNode host) {
    String namespace = object.namespace().orElse("");
    return namespace + "/" + (host.isTextual() ? Hosts.qualify(host.asText(), namespace, context) : "");
  }

  /** One group read as a typed policy if it reads back exactly, else each object as a raw policy. */
  private List<DiscoveredPolicy> read(List<MeshResource> group) {
    String reason;
    try {
      Optional<ObjectNode> intent = intent(group);
      if (intent.isEmpty()) {
        reason = "discovery reads no " + group.get(0).kind() + " into a typed policy; it is kept as it is";
      } else {
        Policy policy = Policies.fromJson(intent.get().toString());
        Optional<String> mismatch = mismatch(group, backend.translate(policy, context));
        if (mismatch.isEmpty()) {
          return List.of(DiscoveredPolicy.builder().policy(policy).sources(sources(group)).build());
        }
        reason = mismatch.get();
      }
    } catch (ValidationException e) {
      reason = "the typed policy refuses it: " + e.violations().stream().findFirst().map(Violation::toString)
          .orElse(String.valueOf(e.getMessage()));
    } catch (MeshException | IllegalArgumentException e) {
      reason = "it cannot be read as a typed policy: " + e.getMessage();
    }
    List<DiscoveredPolicy> out = new ArrayList<>();
    for (MeshResource object : group) {
      raw(object, group.size() > 1 ? describe(object) + ": " + reason : reason).ifPresent(out::add);
    }
    return out;
  }

  private Optional<DiscoveredPolicy> raw(MeshResource object, String reason) {
    RawPolicy.Builder builder = RawPolicy.builder();
    builder.resource(object);
    String name = (object.kind() + "-" + object.name()).toLowerCase(Locale.ROOT);
    if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
      String cleaned = name.replaceAll("[^a-z0-9-]", "-");
      builder.named(cleaned.substring(0, Math.min(63, cleaned.length())).replaceAll("^-+|-+$", ""));
    }
    try {
      return Optional.of(DiscoveredPolicy.builder().policy(builder.build()).addSources(source(object))
          .reason(reason).build());
    } catch (PolicyValidationException e) {
      LOG.warn("{} on cluster {} cannot be held even as a raw policy and is left out of discovery: {}",
          object.ref(), cluster, e.getMessage());
      return Optional.empty();
    }
  }

  private List<DiscoveredObject> sources(List<MeshResource> group) {
    List<DiscoveredObject> out = new ArrayList<>();
    group.forEach(o -> out.add(source(o)));
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private DiscoveredObject source(MeshResource object) {
    return DiscoveredObject.of(cluster, object.ref());
  }

  private static String describe(MeshResource object) {
    return object.kind() + " " + object.namespace().map(n -> n + "/").orElse("") + object.name();
  }

  private static boolean is(MeshResource object, String group, String kind) {
    return object.kind().equals(kind) && object.apiVersion().startsWith(group);
  }

  // ---------------------------------------------------------------- exactness

  /**
   * The first way the translation of the policy read differs from the objects found: another set
   * of objects, or a spec field that does not read back.
   */
  private static Optional<String> mismatch(List<MeshResource> found, List<MeshResource> translated) {
    Map<ResourceRef, MeshResource> byRef = new HashMap<>();
    translated.forEach(o -> byRef.put(key(o), o));
    for (MeshResource object : found) {
      MeshResource again = byRef.remove(key(object));
      if (again == null) {
        return Optional.of(describe(object) + " would be written under another name: the typed policy writes "
            + translated.stream().map(IstioDiscovery::describe).toList());
      }
      Optional<String> field = firstDifference("spec", object.content().path("spec"), again.content().path("spec"));
      if (field.isPresent()) {
        return Optional.of((found.size() > 1 ? describe(object) + ": " : "") + field.get());
      }
    }
    if (!byRef.isEmpty()) {
      return Optional.of("the typed policy would also write " + byRef.values().stream().map(IstioDiscovery::describe)
          .toList());
    }
    return Optional.empty();
  }

  private static ResourceRef key(MeshResource object) {
    String apiVersion = object.apiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return ResourceRef.of(group, object.kind(), object.namespace().orElse(null), object.name());
  }

  /** Compares two JSON trees exactly (numbers by value), naming the first field that differs. */
  static Optional<String> firstDifference(String path, JsonNode found, JsonNode again) {
    if (found.equals(again)) {
      return Optional.empty();
    }
    if (found.isNumber() && again.isNumber() && found.decimalValue().compareTo(again.decimalValue()) == 0) {
      return Optional.empty();
    }
    if (found.isObject() && again.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = found.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = path + "." + field.getKey();
        if (!again.has(field.getKey())) {
          return Optional.of("field " + child + " has no typed equivalent");
        }
        Optional<String> inner = firstDifference(child, field.getValue(), again.get(field.getKey()));
        if (inner.isPresent()) {
          return inner;
        }
      }
      for (Iterator<String> it = again.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!found.has(name)) {
          return Optional.of("field " + path + "." + name + " is absent, but the typed policy always writes it");
        }
      }
      return Optional.empty();
    }
    if (found.isArray() && again.isArray()) {
      for (int i = 0; i < Math.min(found.size(), again.size()); i++) {
        Optional<String> inner = firstDifference(path + "[" + i + "]", found.get(i), again.get(i));
        if (inner.isPresent()) {
          return inner;
        }
      }
      if (found.size() != again.size()) {
        return Optional.of("field " + path + " has " + found.size() + " entries, of which the typed policy keeps "
            + again.size());
      }
      return Optional.empty();
    }
    return Optional.of("field " + path + " is " + found + ", which the typed policy writes as " + again);
  }

  // ---------------------------------------------------------------- reading

  /** The intent JSON of the typed policy the group would be, or empty for a kind without one. */
  private Optional<ObjectNode> intent(List<MeshResource> group) {
    MeshResource first = group.get(0);
    if (group.size() == 2 || is(first, NETWORKING, "VirtualService") || is(first, NETWORKING, "DestinationRule")) {
      return Optional.of(traffic(group));
    }
    if (is(first, SECURITY, "PeerAuthentication")) {
      return Optional.of(mtls(first));
    }
    if (is(first, SECURITY, "AuthorizationPolicy")) {
      return Optional.of(authorization(first));
    }
    if (is(first, NETWORKING, "ServiceEntry")) {
      return Optional.of(externalService(first));
    }
    if (is(first, NETWORKING, "Gateway")) {
      return Optional.of(gateway(first));
    }
    if (is(first, NETWORKING, "Sidecar")) {
      return Optional.of(sidecar(first));
    }
    if (is(first, "telemetry.istio.io/", "Telemetry")) {
      return Optional.of(telemetry(first));
    }
    if (is(first, SECURITY, "RequestAuthentication")) {
      return Optional.of(jwt(first));
    }
    return Optional.empty();
  }

  private static ObjectNode base(String kind, MeshResource object) {
    ObjectNode intent = NODES.objectNode();
    intent.put("kind", kind);
    intent.put("namespace", object.namespace().orElse(""));
    return intent;
  }

  // TrafficPolicy: DestinationRule + VirtualService

  private ObjectNode traffic(List<MeshResource> group) {
    MeshResource rule = group.stream().filter(o -> o.kind().equals("DestinationRule")).findFirst().orElse(null);
    MeshResource service = group.stream().filter(o -> o.kind().equals("VirtualService")).findFirst().orElse(null);
    MeshResource any = service != null ? service : rule;
    ObjectNode intent = base(TrafficPolicy.KIND, any);
    String host = service != null ? service.content().path("spec").path("hosts").path(0).asText()
        : rule.content().path("spec").path("host").asText();
    intent.put("host", host);
    String name = service != null && DNS_LABEL.matcher(service.name()).matches() ? service.name()
        : rule != null && DNS_LABEL.matcher(rule.name()).matches() ? rule.name()
        : host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    intent.put("name", name);
    if (service != null && !service.name().equals(name)) {
      intent.put("virtualServiceName", service.name());
    }
    if (rule != null && !rule.name().equals(name)) {
      intent.put("destinationRuleName", rule.name());
    }
    if (rule != null) {
      JsonNode spec = rule.content().path("spec");
      ArrayNode subsets = NODES.arrayNode();
      for (JsonNode subset : spec.path("subsets")) {
        ObjectNode out = subsets.addObject();
        copy(subset, out, "name", "labels");
        upstream(subset.path("trafficPolicy"), out);
      }
      putArray(intent, "subsets", subsets);
      upstream(spec.path("trafficPolicy"), intent);
    }
    if (service != null) {
      JsonNode spec = service.content().path("spec");
      putArray(intent, "routes", map(spec.path("http"), this::httpRoute));
      putArray(intent, "tcpRoutes", map(spec.path("tcp"), r -> l4Route(r, "match")));
      putArray(intent, "tlsRoutes", map(spec.path("tls"), r -> l4Route(r, "match")));
    }
    return intent;
  }

  /** A DestinationRule's traffic policy, as the circuit breaker, load balancer, TLS and port overrides of {@code out}. */
  private static void upstream(JsonNode policy, ObjectNode out) {
    if (!policy.isObject()) {
      return;
    }
    settings(policy, out);
    ArrayNode ports = NODES.arrayNode();
    for (JsonNode port : policy.path("portLevelSettings")) {
      ObjectNode override = ports.addObject();
      override.set("port", port.path("port").path("number"));
      settings(port, override);
    }
    putArray(out, "portOverrides", ports);
  }

  private static void settings(JsonNode policy, ObjectNode out) {
    ObjectNode breaker = NODES.objectNode();
    JsonNode tcp = policy.path("connectionPool").path("tcp");
    copy(tcp, breaker, "maxConnections");
    duration(tcp, "connectTimeout", breaker, "connectTimeout");
    JsonNode http = policy.path("connectionPool").path("http");
    rename(http, "http1MaxPendingRequests", breaker, "maxPendingRequests");
    rename(http, "http2MaxRequests", breaker, "maxRequests");
    copy(http, breaker, "maxRequestsPerConnection", "maxRetries");
    duration(http, "idleTimeout", breaker, "idleTimeout");
    JsonNode outlier = policy.path("outlierDetection");
    copy(outlier, breaker, "consecutive5xxErrors", "consecutiveGatewayErrors", "maxEjectionPercent", "minHealthPercent");
    duration(outlier, "interval", breaker, "interval");
    duration(outlier, "baseEjectionTime", breaker, "baseEjectionTime");
    if (!breaker.isEmpty()) {
      out.set("circuitBreaker", breaker);
    }
    JsonNode lb = policy.path("loadBalancer");
    if (lb.isObject()) {
      ObjectNode balancer = out.putObject("loadBalancer");
      if (lb.path("simple").isTextual()) {
        balancer.put("algorithm", lb.path("simple").asText());
      }
      JsonNode hash = lb.path("consistentHash");
      rename(hash, "httpHeaderName", balancer, "hashHeader");
      rename(hash, "httpQueryParameterName", balancer, "hashQueryParam");
      rename(hash, "useSourceIp", balancer, "hashSourceIp");
      JsonNode cookie = hash.path("httpCookie");
      rename(cookie, "name", balancer, "hashCookie");
      rename(cookie, "path", balancer, "hashCookiePath");
      duration(cookie, "ttl", balancer, "hashCookieTtl");
      JsonNode locality = lb.path("localityLbSetting");
      rename(locality, "enabled", balancer, "localityEnabled");
      copy(locality, balancer, "distribute", "failover", "failoverPriority");
    }
    JsonNode tls = policy.path("tls");
    if (tls.isObject()) {
      ObjectNode upstream = out.putObject("tls");
      copy(tls, upstream, "mode", "credentialName", "sni", "subjectAltNames");
    }
  }

  private ObjectNode httpRoute(JsonNode route) {
    ObjectNode out = NODES.objectNode();
    copy(route, out, "name");
    ArrayNode matches = NODES.arrayNode();
    for (JsonNode match : route.path("match")) {
      ObjectNode m = matches.addObject();
      for (String field : List.of("uri", "method", "authority")) {
        if (match.has(field)) {
          m.set(field, stringMatch(match.get(field)));
        }
      }
      for (String field : List.of("headers", "queryParams")) {
        if (match.path(field).isObject()) {
          ObjectNode map = m.putObject(field);
          match.get(field).fields().forEachRemaining(e -> map.set(e.getKey(), stringMatch(e.getValue())));
        }
      }
      copy(match, m, "port", "sourceLabels", "sourceNamespace", "gateways");
    }
    putArray(out, "matches", matches);
    putArray(out, "destinations", map(route.path("route"), IstioDiscovery::destination));
    duration(route, "timeout", out, "timeout");
    JsonNode retries = route.path("retries");
    if (retries.isObject()) {
      ObjectNode r = out.putObject("retries");
      copy(retries, r, "attempts", "retryOn");
      duration(retries, "perTryTimeout", r, "perTryTimeout");
    }
    JsonNode fault = route.path("fault");
    if (fault.isObject()) {
      ObjectNode f = out.putObject("fault");
      duration(fault.path("delay"), "fixedDelay", f, "delay");
      rename(fault.path("delay").path("percentage"), "value", f, "delayPercent");
      rename(fault.path("abort"), "httpStatus", f, "abortStatus");
      rename(fault.path("abort").path("percentage"), "value", f, "abortPercent");
    }
    JsonNode mirror = route.path("mirror");
    if (mirror.isObject()) {
      ObjectNode m = out.putObject("mirror");
      copy(mirror, m, "host", "subset");
      rename(mirror.path("port"), "number", m, "port");
      rename(route.path("mirrorPercentage"), "value", m, "percent");
    }
    JsonNode redirect = route.path("redirect");
    if (redirect.isObject()) {
      ObjectNode r = out.putObject("redirect");
      copy(redirect, r, "uri", "authority", "scheme");
      rename(redirect, "redirectCode", r, "code");
      rename(redirect, "port", r, "port");
    }
    JsonNode direct = route.path("directResponse");
    if (direct.isObject()) {
      ObjectNode d = out.putObject("directResponse");
      copy(direct, d, "status");
      rename(direct.path("body"), "string", d, "body");
    }
    JsonNode cors = route.path("corsPolicy");
    if (cors.isObject()) {
      ObjectNode c = out.putObject("cors");
      putArray(c, "allowOrigins", map(cors.path("allowOrigins"), IstioDiscovery::stringMatch));
      copy(cors, c, "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials");
      duration(cors, "maxAge", c, "maxAge");
    }
    JsonNode headers = route.path("headers");
    for (String side : List.of("request", "response")) {
      if (headers.path(side).isObject()) {
        ObjectNode h = out.putObject(side + "Headers");
        copy(headers.get(side), h, "add", "remove", "set");
      }
    }
    JsonNode rewrite = route.path("rewrite");
    rename(rewrite, "uri", out, "rewriteUri");
    rename(rewrite, "authority", out, "rewriteAuthority");
    return out;
  }

  private ObjectNode l4Route(JsonNode route, String matchField) {
    ObjectNode out = NODES.objectNode();
    ArrayNode matches = NODES.arrayNode();
    for (JsonNode match : route.path(matchField)) {
      ObjectNode m = matches.addObject();
      copy(match, m, "port", "sourceLabels", "sourceNamespace", "gateways", "destinationSubnets", "sniHosts");
    }
    putArray(out, "matches", matches);
    putArray(out, "destinations", map(route.path("route"), IstioDiscovery::destination));
    return out;
  }

  private static ObjectNode destination(JsonNode route) {
    ObjectNode out = NODES.objectNode();
    JsonNode destination = route.path("destination");
    copy(destination, out, "host", "subset");
    rename(destination.path("port"), "number", out, "port");
    copy(route, out, "weight");
    return out;
  }

  private static ObjectNode stringMatch(JsonNode match) {
    ObjectNode out = NODES.objectNode();
    for (String type : List.of("exact", "prefix", "regex")) {
      if (match.has(type)) {
        out.put("type", type.toUpperCase(Locale.ROOT));
        out.set("value", match.get(type));
      }
    }
    return out;
  }

  // MtlsPolicy: PeerAuthentication

  private static ObjectNode mtls(MeshResource object) {
    ObjectNode intent = base(MtlsPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    rename(spec.path("selector"), "matchLabels", intent, "selector");
    rename(spec.path("mtls"), "mode", intent, "mode");
    if (spec.path("portLevelMtls").isObject()) {
      ObjectNode ports = intent.putObject("portModes");
      spec.get("portLevelMtls").fields().forEachRemaining(e -> ports.set(e.getKey(), e.getValue().path("mode")));
    }
    return intent;
  }

  // AuthorizationPolicy

  private static ObjectNode authorization(MeshResource object) {
    ObjectNode intent = base(AuthorizationPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    rename(spec.path("selector"), "matchLabels", intent, "selector");
    copy(spec, intent, "action");
    rename(spec.path("provider"), "name", intent, "provider");
    ArrayNode rules = NODES.arrayNode();
    for (JsonNode rule : spec.path("rules")) {
      ObjectNode r = rules.addObject();
      putArray(r, "from", map(rule.path("from"), f -> f.path("source").deepCopy()));
      putArray(r, "to", map(rule.path("to"), t -> t.path("operation").deepCopy()));
      putArray(r, "when", map(rule.path("when"), JsonNode::deepCopy));
    }
    putArray(intent, "rules", rules);
    return intent;
  }

  // ExternalService: ServiceEntry

  private static ObjectNode externalService(MeshResource object) {
    ObjectNode intent = base(ExternalService.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    copy(spec, intent, "hosts", "addresses", "ports", "location", "resolution", "endpoints");
    rename(spec.path("workloadSelector"), "labels", intent, "workloadSelector");
    return intent;
  }

  // GatewayPolicy: a Gateway on its own (VirtualServices bound to it are read as traffic policies or kept raw)

  private static ObjectNode gateway(MeshResource object) {
    ObjectNode intent = base(GatewayPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    copy(spec, intent, "selector");
    ArrayNode servers = NODES.arrayNode();
    for (JsonNode server : spec.path("servers")) {
      ObjectNode s = servers.addObject();
      rename(server.path("port"), "number", s, "port");
      rename(server.path("port"), "name", s, "portName");
      rename(server.path("port"), "protocol", s, "protocol");
      copy(server, s, "hosts");
      JsonNode tls = server.path("tls");
      copy(tls, s, "httpsRedirect", "credentialName");
      rename(tls, "mode", s, "tlsMode");
    }
    putArray(intent, "servers", servers);
    return intent;
  }

  // SidecarPolicy: Sidecar

  private static ObjectNode sidecar(MeshResource object) {
    ObjectNode intent = base(SidecarPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    rename(spec.path("workloadSelector"), "labels", intent, "selector");
    if (spec.path("egress").size() == 1) {
      rename(spec.path("egress").get(0), "hosts", intent, "egressHosts");
    }
    rename(spec.path("outboundTrafficPolicy"), "mode", intent, "outboundTraffic");
    return intent;
  }

  // TelemetryPolicy: Telemetry

  private static ObjectNode telemetry(MeshResource object) {
    ObjectNode intent = base(TelemetryPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    rename(spec.path("selector"), "matchLabels", intent, "selector");
    if (spec.path("accessLogging").size() == 1) {
      JsonNode logging = spec.get("accessLogging").get(0);
      putArray(intent, "accessLogProviders", map(logging.path("providers"), p -> p.path("name").deepCopy()));
      rename(logging.path("filter"), "expression", intent, "accessLogFilter");
      rename(logging, "disabled", intent, "accessLogDisabled");
    }
    if (spec.path("tracing").size() == 1) {
      JsonNode tracing = spec.get("tracing").get(0);
      putArray(intent, "tracingProviders", map(tracing.path("providers"), p -> p.path("name").deepCopy()));
      rename(tracing, "randomSamplingPercentage", intent, "tracingSampling");
    }
    return intent;
  }

  // JwtPolicy: RequestAuthentication (a token required through an AuthorizationPolicy is read on its own)

  private static ObjectNode jwt(MeshResource object) {
    ObjectNode intent = base(JwtPolicy.KIND, object);
    intent.put("name", object.name());
    JsonNode spec = object.content().path("spec");
    rename(spec.path("selector"), "matchLabels", intent, "selector");
    intent.put("requireValidToken", false);
    ArrayNode rules = NODES.arrayNode();
    for (JsonNode rule : spec.path("jwtRules")) {
      ObjectNode r = rules.addObject();
      copy(rule, r, "issuer", "jwksUri", "jwks", "audiences", "fromHeaders", "fromParams", "forwardOriginalToken",
          "outputPayloadToHeader");
      if (rule.path("outputClaimToHeaders").isArray()) {
        ObjectNode claims = r.putObject("outputClaimToHeaders");
        rule.get("outputClaimToHeaders").forEach(c -> claims.set(c.path("header").asText(), c.path("claim")));
      }
    }
    putArray(intent, "rules", rules);
    return intent;
  }

  // ---------------------------------------------------------------- JSON helpers

  private static ArrayNode map(JsonNode array, Function<JsonNode, ? extends JsonNode> each) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode item : array) {
      out.add(each.apply(item));
    }
    return out;
  }

  private static void putArray(ObjectNode target, String field, ArrayNode values) {
    if (!values.isEmpty()) {
      target.set(field, values);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      if (from.has(field) && !from.get(field).isNull()) {
        to.set(field, from.get(field).deepCopy());
      }
    }
  }

  private static void rename(JsonNode from, String field, ObjectNode to, String as) {
    if (from.has(field) && !from.get(field).isNull()) {
      to.set(as, from.get(field).deepCopy());
    }
  }

  /** A Go duration string as the ISO-8601 form policies hold; left out when it is not one. */
  private static void duration(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode value = from.path(field);
    if (!value.isTextual()) {
      return;
    }
    java.util.regex.Matcher part = GO_DURATION.matcher(value.asText());
    java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      end = part.end();
      long unit = switch (part.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        case "ms" -> 1_000_000L;
        case "us" -> 1_000L;
        default -> 1L;
      };
      nanos = nanos.add(new java.math.BigDecimal(part.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
    }
    if (end == 0 || end != value.asText().length()) {
      return;
    }
    to.put(as, java.time.Duration.ofNanos(nanos.longValue()).toString());
  }
}
