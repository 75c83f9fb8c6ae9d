package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A VirtualService bound to a gateway routes to a host without a subset while another
 * VirtualService of that host splits it by subsets (IST0140): requests through the gateway go to
 * every subset, whatever the other VirtualService says, since a gateway's proxies apply only the
 * routes bound to the gateway. Hosts are compared as written, as Istio compares them.
 */
final class IngressSubsetAnalyzer extends IstioAnalyzer {
  IngressSubsetAnalyzer() {
    super("virtualservice.ingresssubsets", List.of(IstioCode.IST0140), List.of(Kinds.VIRTUAL_SERVICE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    // per cluster and host: the VirtualServices of that host that route it to subsets
    Map<String, Set<Obj>> subsetRouted = new HashMap<>();
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      Set<String> hosts = new LinkedHashSet<>();
      vs.spec().path("hosts").forEach(h -> hosts.add(h.asText()));
      for (JsonNode rule : vs.spec().path("http")) {
        for (JsonNode route : rule.path("route")) {
          JsonNode destination = route.path("destination");
          String host = destination.path("host").asText("");
          if (!destination.path("subset").asText("").isEmpty() && hosts.contains(host)) {
            subsetRouted.computeIfAbsent(vs.cluster + "|" + host, k -> new LinkedHashSet<>()).add(vs);
          }
        }
      }
    }
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      if (vs.spec().path("gateways").size() == 0) {
        continue;
      }
      JsonNode rules = vs.spec().path("http");
      for (int i = 0; i < rules.size(); i++) {
        JsonNode routes = rules.get(i).path("route");
        for (int j = 0; j < routes.size(); j++) {
          JsonNode destination = routes.get(j).path("destination");
          if (!destination.path("subset").asText("").isEmpty()) {
            continue;
          }
          List<Obj> others = new ArrayList<>(subsetRouted.getOrDefault(
              vs.cluster + "|" + destination.path("host").asText(""), Set.of()));
          for (Obj other : others) {
            out.add(IstioCode.IST0140.finding(vs.ref(), vs.cluster)
                .message("Subset in virtual service " + other.key() + " has no effect on ingress gateway "
                    + vs.key() + " requests")
                .fieldPath("spec.http[" + i + "].route[" + j + "].destination.host")
                .remediation("Route to the subsets in " + vs.key() + " too, or bind " + other.key()
                    + " to the gateway as well.")
                .related(List.of(other.describe()))
                .build());
          }
        }
      }
    }
  }
}
