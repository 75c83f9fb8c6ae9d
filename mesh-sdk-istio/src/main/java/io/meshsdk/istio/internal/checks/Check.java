package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.Analyzer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the SDK's checks share: one code each, the owner of an object, hosts and label maps. */
abstract class Check implements Analyzer {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String POLICY = "mesh.meshsdk.io/policy";
  static final String POLICY_KIND = "mesh.meshsdk.io/policy-kind";
  /** The namespace whose mesh-wide objects apply everywhere, as Istio installs it by default. */
  static final String ROOT_NAMESPACE = "istio-system";

  private final String code;
  private final String name;
  private final Severity severity;

  Check(String code, String name, Severity severity) {
    this.code = code;
    this.name = name;
    this.severity = severity;
  }

  @Override
  public final Set<String> codes() {
    return Set.of(code);
  }

  @Override
  public final String name() {
    return name;
  }

  /** A finding of this check's code about an object on a cluster. */
  Finding.Builder finding(ClusterResource object, String field, String message, String remediation) {
    return finding(severity, object, field, message, remediation);
  }

  Finding.Builder finding(Severity level, ClusterResource object, String field, String message, String remediation) {
    return Finding.builder().code(code).name(name).severity(level).resource(object.ref())
        .cluster(object.cluster()).fieldPath(field).message(message).remediation(remediation);
  }

  /** Who owns an object: the SDK policy that wrote it, or the object itself when the SDK did not. */
  static String owner(MeshResource object) {
    Map<String, String> labels = object.labels();
    if ("mesh-sdk".equals(labels.get(MANAGED_BY)) && labels.containsKey(POLICY)) {
      return "policy " + labels.getOrDefault(POLICY_KIND, "") + " " + object.namespace().orElse("") + "/"
          + labels.get(POLICY);
    }
    return "object " + object.ref();
  }

  static boolean sdkOwned(MeshResource object) {
    return "mesh-sdk".equals(object.labels().get(MANAGED_BY)) && object.labels().containsKey(POLICY);
  }

  /**
   * A host as Istio resolves it from an object in a namespace: a short name is a Service of that
   * namespace, {@code name.namespace} and {@code name.namespace.svc} complete to the cluster domain.
   */
  static String fqdn(String host, String namespace) {
    if (host.contains("*")) {
      return host;
    }
    String[] parts = host.split("\\.");
    if (parts.length == 1) {
      return host + "." + namespace + ".svc.cluster.local";
    }
    if (parts.length == 2) {
      return host + ".svc.cluster.local";
    }
    if (parts.length == 3 && parts[2].equals("svc")) {
      return host + ".cluster.local";
    }
    return host;
  }

  /** The Service a fully qualified host names, as {@code namespace/name}, if it names one of the cluster domain. */
  static String service(String fqdn) {
    String suffix = ".svc.cluster.local";
    if (!fqdn.endsWith(suffix)) {
      return null;
    }
    String[] parts = fqdn.substring(0, fqdn.length() - suffix.length()).split("\\.");
    return parts.length == 2 ? parts[1] + "/" + parts[0] : null;
  }

  /** A map of strings, sorted, from a JSON object; empty for anything else. */
  static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  /** Whether every label of a selector is among labels with the same value. */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  static <K, V> Map<K, V> merged(Map<K, V> a, Map<K, V> b) {
    Map<K, V> out = new LinkedHashMap<>(a);
    out.putAll(b);
    return out;
  }
}
