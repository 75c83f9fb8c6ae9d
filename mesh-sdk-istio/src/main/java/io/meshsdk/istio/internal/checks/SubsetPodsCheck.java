package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MSH0003: a DestinationRule subset that selects no running pod of its service on any data-plane
 * cluster of the mesh. Traffic routed to the subset fails with "no healthy upstream". Pods are
 * looked for on every cluster, since a subset may well have its pods on one cluster only.
 */
final class SubsetPodsCheck extends Check {
  static final String CODE = "MSH0003";

  SubsetPodsCheck() {
    super(CODE, "SubsetSelectsNoPodInMesh", Severity.WARNING);
  }

  @Override
  public List<ResourceType> inputs() {
    return List.of(IstioResourceTypes.DESTINATION_RULE, KubernetesResourceTypes.SERVICE, KubernetesResourceTypes.POD);
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    if (!context.complete(KubernetesResourceTypes.POD) || !context.complete(KubernetesResourceTypes.SERVICE)) {
      return List.of(); // a pod on a cluster that could not be read may be the one selected
    }
    Map<String, Map<String, String>> selectors = new HashMap<>();
    for (ClusterResource service : context.objects(KubernetesResourceTypes.SERVICE)) {
      Map<String, String> selector = strings(service.resource().content().path("spec").path("selector"));
      if (!selector.isEmpty()) {
        selectors.merge(service.ref().namespace().orElse("") + "/" + service.ref().name(), selector, Check::merged);
      }
    }
    // namespace -> "key=value" -> the labels of the running pods that carry that label
    Map<String, Map<String, List<Map<String, String>>>> podsByLabel = new HashMap<>();
    for (ClusterResource pod : context.objects(KubernetesResourceTypes.POD)) {
      String phase = pod.resource().content().path("status").path("phase").asText("");
      if (context.isDataPlaneCluster(pod.cluster()) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        Map<String, String> labels = pod.resource().labels();
        Map<String, List<Map<String, String>>> index =
            podsByLabel.computeIfAbsent(pod.ref().namespace().orElse(""), n -> new HashMap<>());
        labels.forEach((k, v) -> index.computeIfAbsent(k + "=" + v, l -> new ArrayList<>()).add(labels));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (ClusterResource rule : context.objects(IstioResourceTypes.DESTINATION_RULE)) {
      if (!context.isConfigCluster(rule.cluster())) {
        continue;
      }
      MeshResource object = rule.resource();
      String host = object.content().path("spec").path("host").asText("");
      String service = service(fqdn(host, object.namespace().orElse("")));
      Map<String, String> selector = service == null ? null : selectors.get(service);
      if (selector == null) {
        continue; // not a Service of the mesh's clusters: an unknown host is another check's concern
      }
      Map<String, List<Map<String, String>>> pods =
          podsByLabel.getOrDefault(service.substring(0, service.indexOf('/')), Map.of());
      JsonNode subsets = object.content().path("spec").path("subsets");
      for (int i = 0; i < subsets.size(); i++) {
        Map<String, String> labels = strings(subsets.get(i).path("labels"));
        Map<String, String> wanted = merged(selector, labels);
        if (candidates(pods, wanted).stream().noneMatch(p -> selects(wanted, p))) {
          String subset = subsets.get(i).path("name").asText("#" + i);
          out.add(finding(rule, "spec.subsets[" + i + "].labels", "subset " + subset + " of DestinationRule "
                  + rule.ref().namespace().orElse("") + "/" + rule.ref().name() + " selects no running pod of service "
                  + service + " (labels " + wanted + ") on any cluster of the mesh",
              "Deploy the workload version the subset names, or correct the subset's labels to those of its pods.")
              .dependsOnDeployment(true).build());
        }
      }
    }
    return out;
  }

  /** The pods carrying the rarest of the wanted labels: the only ones that may carry them all. */
  private static List<Map<String, String>> candidates(Map<String, List<Map<String, String>>> pods,
      Map<String, String> wanted) {
    List<Map<String, String>> fewest = null;
    for (Map.Entry<String, String> label : wanted.entrySet()) {
      List<Map<String, String>> carrying = pods.getOrDefault(label.getKey() + "=" + label.getValue(), List.of());
      if (fewest == null || carrying.size() < fewest.size()) {
        fewest = carrying;
      }
    }
    return fewest == null ? List.of() : fewest;
  }
}
