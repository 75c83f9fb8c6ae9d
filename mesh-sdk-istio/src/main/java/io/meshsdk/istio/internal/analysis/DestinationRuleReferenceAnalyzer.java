package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The subsets VirtualServices route to are defined by a DestinationRule of the host (IST0101). */
final class DestinationRuleReferenceAnalyzer extends IstioAnalyzer {
  DestinationRuleReferenceAnalyzer() {
    super("virtualservice.destinationrules", List.of(IstioCode.IST0101),
        List.of(Kinds.VIRTUAL_SERVICE, Kinds.DESTINATION_RULE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    if (!index.complete(Kinds.DESTINATION_RULE)) {
      return;
    }
    // per config cluster: the subsets known for each host
    Map<String, Set<String>> subsets = new HashMap<>();
    List<String[]> wildcard = new ArrayList<>();
    for (Obj dr : index.config(Kinds.DESTINATION_RULE)) {
      String host = Hostnames.qualify(dr.spec().path("host").asText(""), dr.namespace());
      for (JsonNode subset : dr.spec().path("subsets")) {
        String name = subset.path("name").asText();
        subsets.computeIfAbsent(dr.cluster + "|" + host, k -> new HashSet<>()).add(name);
        if (host.startsWith("*")) {
          wildcard.add(new String[] {dr.cluster, host, name});
        }
      }
    }
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      for (Routes.Destination d : Routes.destinations(vs.spec())) {
        if (d.subset().isEmpty() || d.host().isEmpty()) {
          continue;
        }
        String fqdn = Hostnames.qualify(d.host(), vs.namespace());
        if (subsets.getOrDefault(vs.cluster + "|" + fqdn, Set.of()).contains(d.subset())
            || wildcard.stream().anyMatch(w -> w[0].equals(vs.cluster) && w[2].equals(d.subset())
                && Hostnames.matches(w[1], fqdn))) {
          continue;
        }
        out.add(IstioCode.IST0101.finding(vs.ref(), vs.cluster)
            .message("Referenced host+subset in destinationrule not found: \"" + d.host() + "+" + d.subset() + "\"")
            .fieldPath(d.path + ".subset")
            .remediation("Define subset " + d.subset() + " in the DestinationRule of " + fqdn
                + ", or route to a subset it defines.")
            .build());
      }
    }
  }
}
