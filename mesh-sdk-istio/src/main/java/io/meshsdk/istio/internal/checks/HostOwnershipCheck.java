package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * MSH0006: one host claimed by objects of different owners, where the SDK owns at least one of
 * them for VirtualServices (two foreign ones are Istio's IST0109) and whoever owns them for
 * DestinationRules: an SDK policy and a foreign object, or two policies. On one config cluster
 * Istio keeps one of them for the host and ignores the other's routes or traffic policy, by
 * creation time; across the config clusters of a multi-primary mesh, the routing of the host
 * depends on the client's cluster.
 */
final class HostOwnershipCheck extends Check {
  static final String CODE = "MSH0006";

  HostOwnershipCheck() {
    super(CODE, "HostClaimedByTwoOwners", Severity.ERROR);
  }

  @Override
  public List<ResourceType> inputs() {
    return List.of(IstioResourceTypes.VIRTUAL_SERVICE, IstioResourceTypes.DESTINATION_RULE);
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    List<Finding> out = new ArrayList<>();
    for (ResourceType type : inputs()) {
      boolean virtualService = type.equals(IstioResourceTypes.VIRTUAL_SERVICE);
      // host (and, for VirtualServices, gateway) -> the claims in the order of the clusters
      Map<String, List<ClusterResource>> claims = new LinkedHashMap<>();
      for (ClusterResource object : context.objects(type)) {
        if (!context.isConfigCluster(object.cluster())) {
          continue;
        }
        for (String key : keys(object.resource(), virtualService)) {
          claims.computeIfAbsent(key, k -> new ArrayList<>()).add(object);
        }
      }
      claims.forEach((key, objects) -> judge(key, objects, virtualService, out));
    }
    return out;
  }

  private void judge(String key, List<ClusterResource> objects, boolean virtualService, List<Finding> out) {
    if (objects.size() < 2) {
      return;
    }
    String host = key.substring(key.indexOf(' ') + 1);
    for (int i = 1; i < objects.size(); i++) {
      ClusterResource later = objects.get(i);
      ClusterResource earlier = null;
      for (int j = 0; j < i; j++) {
        ClusterResource candidate = objects.get(j);
        if (conflict(later, candidate, virtualService)
            && (earlier == null || candidate.cluster().equals(later.cluster()))) {
          earlier = candidate; // one on the same cluster is the one to name
        }
      }
      if (earlier == null) {
        continue;
      }
      String laterOwner = owner(later.resource());
      String earlierOwner = owner(earlier.resource());
      boolean sameCluster = later.cluster().equals(earlier.cluster());
      String kind = later.ref().kind();
      String message = sameCluster
          ? "host " + host + " is claimed by " + kind + "s of two owners on cluster " + later.cluster() + ": "
              + laterOwner + " and " + earlierOwner + "; Istio uses one of them and ignores the other"
          : "host " + host + " is claimed by " + laterOwner + " on cluster " + later.cluster() + " and by "
              + earlierOwner + " on cluster " + earlier.cluster() + "; its " + kind + " differs by the client's cluster";
      out.add(finding(sameCluster ? Severity.ERROR : Severity.WARNING, later, "spec.host" + (virtualService ? "s" : ""),
          message, "Say everything about the host in one policy: adopt or delete the foreign object, or merge"
              + " the policies.")
          .addRelated(earlier.toString()).build());
    }
  }

  /** Whether two claims of a host come from different owners that this check judges. */
  private static boolean conflict(ClusterResource a, ClusterResource b, boolean virtualService) {
    if (owner(a.resource()).equals(owner(b.resource()))) {
      return false;
    }
    return !virtualService || sdkOwned(a.resource()) || sdkOwned(b.resource());
  }

  /** The hosts an object claims, with the gateways a VirtualService binds them to. */
  private static TreeSet<String> keys(MeshResource object, boolean virtualService) {
    String namespace = object.namespace().orElse("");
    JsonNode spec = object.content().path("spec");
    TreeSet<String> keys = new TreeSet<>();
    if (!virtualService) {
      if (spec.path("workloadSelector").isMissingNode()) {
        keys.add("- " + fqdn(spec.path("host").asText(""), namespace));
      }
      return keys;
    }
    TreeSet<String> gateways = new TreeSet<>();
    for (JsonNode gateway : spec.path("gateways")) {
      String name = gateway.asText();
      gateways.add(name.equals("mesh") || name.contains("/") ? name : namespace + "/" + name);
    }
    if (gateways.isEmpty()) {
      gateways.add("mesh");
    }
    for (JsonNode host : spec.path("hosts")) {
      for (String gateway : gateways) {
        keys.add(gateway + " " + fqdn(host.asText(), namespace));
      }
    }
    return keys;
  }
}
