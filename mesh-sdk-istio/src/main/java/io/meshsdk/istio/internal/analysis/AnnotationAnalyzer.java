package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.spi.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Istio annotations on Kubernetes objects: unknown to Istio (IST0108), on a kind that ignores them
 * (IST0107), with a value Istio cannot use (IST0125) or deprecated (IST0135). Pod annotations are
 * read on pods and on deployments' pod templates. The table holds the annotations of Istio's API
 * for workloads, services and namespaces, with the kinds they apply to and whether they are
 * deprecated; none of them is of an alpha-phase feature in the Istio version the SDK targets.
 */
final class AnnotationAnalyzer extends IstioAnalyzer {
  private enum Status { CURRENT, DEPRECATED }

  private enum Value { ANY, BOOLEAN, INTEGER, PORTS, CIDRS, INTERCEPTION, QUANTITY, YAML_OBJECT }

  private static final class Known {
    final Set<String> kinds;
    final Status status;
    final Value value;
    final String replacement;

    Known(Set<String> kinds, Status status, Value value, String replacement) {
      this.kinds = kinds;
      this.status = status;
      this.value = value;
      this.replacement = replacement;
    }
  }

  private static final Set<String> POD = Set.of("Pod");
  private static final Set<String> ANY_KIND = Set.of("*");
  private static final Map<String, Known> KNOWN = known();
  private static final Pattern PORTS = Pattern.compile("\\*|\\d{1,5}(\\s*,\\s*\\d{1,5})*");
  private static final Pattern QUANTITY =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?");
  private static final Pattern CIDRS = Pattern.compile("\\*|[0-9a-fA-F.:]+/\\d{1,3}(\\s*,\\s*[0-9a-fA-F.:]+/\\d{1,3})*");

  AnnotationAnalyzer() {
    super("annotations", List.of(IstioCode.IST0107, IstioCode.IST0108, IstioCode.IST0125, IstioCode.IST0135),
        List.of(Kinds.NAMESPACE, Kinds.SERVICE, Kinds.POD, Kinds.DEPLOYMENT));
  }

  private static Map<String, Known> known() {
    Map<String, Known> m = new HashMap<>();
    for (String name : List.of("sidecar.istio.io/proxyCPU", "sidecar.istio.io/proxyCPULimit",
        "sidecar.istio.io/proxyMemory", "sidecar.istio.io/proxyMemoryLimit")) {
      m.put(name, new Known(POD, Status.CURRENT, Value.QUANTITY, null));
    }
    for (String name : List.of("sidecar.istio.io/proxyImage",
        "sidecar.istio.io/proxyImageType", "sidecar.istio.io/logLevel", "sidecar.istio.io/componentLogLevel",
        "sidecar.istio.io/agentLogLevel", "sidecar.istio.io/bootstrapOverride",
        "sidecar.istio.io/userVolume", "sidecar.istio.io/userVolumeMount", "sidecar.istio.io/statsHistogramBuckets",
        "sidecar.istio.io/nativeSidecar", "proxy.istio.io/overrides", "inject.istio.io/templates",
        "ambient.istio.io/bypass-inbound-capture")) {
      m.put(name, new Known(POD, Status.CURRENT, Value.ANY, null));
    }
    m.put("prometheus.istio.io/merge-metrics", new Known(POD, Status.CURRENT, Value.BOOLEAN, null));
    m.put("sidecar.istio.io/discoveryAddress", new Known(POD, Status.DEPRECATED, Value.ANY,
        " in favor of proxy.istio.io/config (discoveryAddress)"));
    for (String name : List.of("traffic.sidecar.istio.io/includeInboundPorts",
        "traffic.sidecar.istio.io/excludeInboundPorts", "traffic.sidecar.istio.io/includeOutboundPorts",
        "traffic.sidecar.istio.io/excludeOutboundPorts")) {
      m.put(name, new Known(POD, Status.CURRENT, Value.PORTS, null));
    }
    for (String name : List.of("traffic.sidecar.istio.io/includeOutboundIPRanges",
        "traffic.sidecar.istio.io/excludeOutboundIPRanges")) {
      m.put(name, new Known(POD, Status.CURRENT, Value.CIDRS, null));
    }
    m.put("traffic.sidecar.istio.io/excludeInterfaces", new Known(POD, Status.CURRENT, Value.ANY, null));
    m.put("traffic.sidecar.istio.io/kubevirtInterfaces", new Known(POD, Status.DEPRECATED, Value.ANY,
        " in favor of istio.io/reroute-virtual-interfaces"));
    m.put("istio.io/reroute-virtual-interfaces", new Known(POD, Status.CURRENT, Value.ANY, null));
    m.put("sidecar.istio.io/interceptionMode", new Known(POD, Status.CURRENT, Value.INTERCEPTION, null));
    m.put("sidecar.istio.io/rewriteAppHTTPProbers", new Known(POD, Status.CURRENT, Value.BOOLEAN, null));
    m.put("sidecar.istio.io/inject", new Known(POD, Status.DEPRECATED, Value.BOOLEAN,
        " in favor of the sidecar.istio.io/inject label"));
    m.put("sidecar.istio.io/status", new Known(POD, Status.CURRENT, Value.ANY, null));
    for (String name : List.of("sidecar.istio.io/statsInclusionPrefixes", "sidecar.istio.io/statsInclusionSuffixes",
        "sidecar.istio.io/statsInclusionRegexps", "sidecar.istio.io/extraStatTags")) {
      m.put(name, new Known(POD, Status.DEPRECATED, Value.ANY, " in favor of proxy.istio.io/config"));
    }
    m.put("status.sidecar.istio.io/port", new Known(POD, Status.CURRENT, Value.INTEGER, null));
    for (String name : List.of("readiness.status.sidecar.istio.io/initialDelaySeconds",
        "readiness.status.sidecar.istio.io/periodSeconds", "readiness.status.sidecar.istio.io/failureThreshold")) {
      m.put(name, new Known(POD, Status.CURRENT, Value.INTEGER, null));
    }
    m.put("readiness.status.sidecar.istio.io/applicationPorts", new Known(POD, Status.CURRENT, Value.PORTS, null));
    m.put("proxy.istio.io/config", new Known(POD, Status.CURRENT, Value.YAML_OBJECT, null));
    m.put("networking.istio.io/exportTo", new Known(Set.of("Service"), Status.CURRENT, Value.ANY, null));
    m.put("networking.istio.io/traffic-distribution", new Known(Set.of("Service"), Status.CURRENT, Value.ANY, null));
    m.put("topology.istio.io/controlPlaneClusters", new Known(Set.of("Namespace"), Status.CURRENT, Value.ANY, null));
    m.put("galley.istio.io/analyze-suppress", new Known(ANY_KIND, Status.CURRENT, Value.ANY, null));
    m.put("istio.io/dry-run", new Known(Set.of("AuthorizationPolicy"), Status.CURRENT, Value.BOOLEAN, null));
    return m;
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (ResourceType kind : List.of(Kinds.NAMESPACE, Kinds.SERVICE, Kinds.POD)) {
      for (Obj o : index.workloads(kind)) {
        check(o, kind.kind(), o.tree.path("metadata").path("annotations"), "metadata.annotations", out);
      }
    }
    for (Obj d : index.workloads(Kinds.DEPLOYMENT)) {
      check(d, "Deployment", d.tree.path("metadata").path("annotations"), "metadata.annotations", out);
      check(d, "Pod", d.spec().path("template").path("metadata").path("annotations"),
          "spec.template.metadata.annotations", out);
    }
  }

  private static void check(Obj o, String kind, JsonNode annotations, String path, List<Finding> out) {
    for (Map.Entry<String, String> e : Obj.stringMap(annotations).entrySet()) {
      String name = e.getKey();
      int slash = name.indexOf('/');
      if (slash < 0 || !name.substring(0, slash).endsWith("istio.io")) {
        continue;
      }
      String field = path + "['" + name + "']";
      Known known = KNOWN.get(name);
      if (known == null) {
        out.add(IstioCode.IST0108.finding(o.ref(), o.cluster)
            .message("Unknown annotation: " + name)
            .fieldPath(field)
            .remediation("Remove the annotation or correct its name; Istio ignores it.")
            .build());
        continue;
      }
      if (!known.kinds.contains("*") && !known.kinds.contains(kind)) {
        out.add(IstioCode.IST0107.finding(o.ref(), o.cluster)
            .message("Misplaced annotation: " + name + " can only be applied to " + String.join(", ", known.kinds))
            .fieldPath(field)
            .remediation(known.kinds.contains("Pod") && o.resource.kind().equals("Deployment")
                ? "Move the annotation to the pod template (spec.template.metadata.annotations)."
                : "Move the annotation to a " + String.join(" or ", known.kinds) + ".")
            .build());
        continue;
      }
      String problem = problem(known.value, e.getValue());
      if (problem != null) {
        out.add(IstioCode.IST0125.finding(o.ref(), o.cluster)
            .message("Invalid annotation " + name + ": " + problem)
            .fieldPath(field)
            .remediation("Correct the value of " + name + ".")
            .build());
      }
      if (known.status == Status.DEPRECATED) {
        out.add(IstioCode.IST0135.finding(o.ref(), o.cluster)
            .message("Annotation \"" + name + "\" has been deprecated" + known.replacement
                + " and may not work in future Istio versions.")
            .fieldPath(field)
            .remediation("Replace the annotation" + known.replacement.replace(" in favor of", " with") + ".")
            .build());
      }
    }
  }

  private static String problem(Value value, String text) {
    String v = text.trim();
    switch (value) {
      case BOOLEAN:
        return v.equals("true") || v.equals("false") ? null : "\"" + text + "\" is not true or false";
      case INTEGER:
        return v.matches("\\d+") ? null : "\"" + text + "\" is not a whole number";
      case PORTS:
        return v.isEmpty() || PORTS.matcher(v).matches() ? null : "\"" + text + "\" is not a list of ports";
      case CIDRS:
        return v.isEmpty() || CIDRS.matcher(v).matches() ? null : "\"" + text + "\" is not a list of CIDR ranges";
      case QUANTITY:
        return QUANTITY.matcher(v).matches() ? null : "\"" + text + "\" is not a Kubernetes quantity such as 100m or 128Mi";
      case YAML_OBJECT:
        return v.contains(":") || v.startsWith("{") ? null : "\"" + text + "\" is not a ProxyConfig in YAML or JSON";
      case INTERCEPTION:
        return Set.of("REDIRECT", "TPROXY", "NONE").contains(v) ? null
            : "\"" + text + "\" is not one of REDIRECT, TPROXY, NONE";
      default:
        return null;
    }
  }
}
