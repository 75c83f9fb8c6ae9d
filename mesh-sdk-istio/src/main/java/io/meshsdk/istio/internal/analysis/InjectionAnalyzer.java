package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Map;

/**
 * Sidecar injection on the data-plane clusters: namespaces without injection (IST0102) or with two
 * kinds of injection label (IST0123), pods of injected namespaces without a proxy (IST0103), and
 * workloads with {@code image: auto} that no injection will fill in (IST0146 for deployments,
 * IST0147 for pods). Injection is judged as Istio's default webhooks select: the namespace's
 * {@code istio-injection} or {@code istio.io/rev} label, and the workload's {@code
 * sidecar.istio.io/inject} label.
 */
final class InjectionAnalyzer extends IstioAnalyzer {
  static final String INJECTION_LABEL = "istio-injection";
  static final String REVISION_LABEL = "istio.io/rev";
  static final String POD_INJECT = "sidecar.istio.io/inject";

  InjectionAnalyzer() {
    super("injection", List.of(IstioCode.IST0102, IstioCode.IST0103, IstioCode.IST0123, IstioCode.IST0146,
        IstioCode.IST0147), List.of(Kinds.NAMESPACE, Kinds.POD, Kinds.DEPLOYMENT));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj ns : index.workloads(Kinds.NAMESPACE)) {
      if (ServicePortAnalyzer.SYSTEM_NAMESPACES.contains(ns.name())
          || "ambient".equals(ns.labels().get("istio.io/dataplane-mode"))) {
        continue;
      }
      boolean legacy = ns.labels().containsKey(INJECTION_LABEL);
      boolean revision = ns.labels().containsKey(REVISION_LABEL);
      if (legacy && revision) {
        out.add(IstioCode.IST0123.finding(ns.ref(), ns.cluster)
            .message("The namespace has more than one type of injection labels [" + INJECTION_LABEL + " "
                + REVISION_LABEL + "], which may lead to undefined behavior. Make sure only one injection label exists.")
            .fieldPath("metadata.labels")
            .remediation("Keep either " + INJECTION_LABEL + " or " + REVISION_LABEL + " on namespace " + ns.name() + ".")
            .build());
      } else if (!legacy && !revision) {
        out.add(IstioCode.IST0102.finding(ns.ref(), ns.cluster)
            .message("The namespace is not enabled for Istio injection. Run 'kubectl label namespace " + ns.name()
                + " istio-injection=enabled' to enable it, or 'kubectl label namespace " + ns.name()
                + " istio-injection=disabled' to explicitly mark it as not needing injection.")
            .fieldPath("metadata.labels")
            .remediation("Label namespace " + ns.name() + " istio-injection=enabled (or =disabled to opt out).")
            .build());
      }
    }
    if (!index.complete(Kinds.NAMESPACE)) {
      return;
    }
    for (Obj pod : index.workloads(Kinds.POD)) {
      JsonNode spec = pod.spec();
      boolean injected = injected(index, pod.cluster, pod.namespace(), pod.labels());
      if (injected && !spec.path("hostNetwork").asBoolean(false) && !hasProxy(spec)) {
        out.add(IstioCode.IST0103.finding(pod.ref(), pod.cluster)
            .message("The pod " + pod.key() + " is missing the Istio proxy. This can often be resolved by"
                + " restarting or redeploying the workload.")
            .fieldPath("spec.containers")
            .remediation("Restart the pod's workload so the injection webhook adds the proxy.")
            .build());
      }
      if (!injected && imageAuto(spec)) {
        out.add(IstioCode.IST0147.finding(pod.ref(), pod.cluster)
            .message("Pod " + pod.key() + " contains `image: auto` but does not match any Istio injection webhook"
                + " selectors.")
            .fieldPath("spec.containers")
            .remediation("Enable injection for namespace " + pod.namespace() + " or label the pod "
                + POD_INJECT + "=true.")
            .build());
      }
    }
    for (Obj deployment : index.workloads(Kinds.DEPLOYMENT)) {
      JsonNode template = deployment.spec().path("template");
      Map<String, String> labels = Obj.stringMap(template.path("metadata").path("labels"));
      if (!injected(index, deployment.cluster, deployment.namespace(), labels) && imageAuto(template.path("spec"))) {
        out.add(IstioCode.IST0146.finding(deployment.ref(), deployment.cluster)
            .message("Deployment " + deployment.key() + " contains `image: auto` but does not match any Istio"
                + " injection webhook selectors.")
            .fieldPath("spec.template.spec.containers")
            .remediation("Enable injection for namespace " + deployment.namespace() + " or label the pod template "
                + POD_INJECT + "=true.")
            .build());
      }
    }
  }

  /** Whether Istio's default webhooks inject a workload with these labels in a namespace. */
  static boolean injected(MeshIndex index, String cluster, String namespace, Map<String, String> labels) {
    String pod = labels.get(POD_INJECT);
    if ("false".equals(pod)) {
      return false;
    }
    for (Obj ns : index.namespaces().getOrDefault(namespace, List.of())) {
      if (ns.cluster.equals(cluster)) {
        if (ns.labels().containsKey(REVISION_LABEL)) {
          return true;
        }
        String label = ns.labels().get(INJECTION_LABEL);
        if (label != null) {
          return label.equals("enabled");
        }
      }
    }
    return "true".equals(pod);
  }

  private static boolean hasProxy(JsonNode spec) {
    for (String field : List.of("containers", "initContainers")) {
      for (JsonNode c : spec.path(field)) {
        if (c.path("name").asText().equals("istio-proxy")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean imageAuto(JsonNode spec) {
    for (JsonNode c : spec.path("containers")) {
      if (c.path("image").asText().equals("auto")) {
        return true;
      }
    }
    return false;
  }
}
