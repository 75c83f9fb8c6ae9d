package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.analysis.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP rules a request can never reach: a second rule without matches, or a rule whose every match
 * an earlier rule already takes (IST0130); single matches an earlier rule takes (IST0131).
 */
final class VirtualServiceRulesAnalyzer extends IstioAnalyzer {
  VirtualServiceRulesAnalyzer() {
    super("virtualservice.unreachablerules", List.of(IstioCode.IST0130, IstioCode.IST0131),
        List.of(Kinds.VIRTUAL_SERVICE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      JsonNode rules = vs.spec().path("http");
      Map<JsonNode, Integer> seen = new HashMap<>();
      boolean catchAll = false;
      for (int i = 0; i < rules.size(); i++) {
        JsonNode rule = rules.get(i);
        JsonNode matches = rule.path("match");
        String ruleName = rule.hasNonNull("name") ? "\"" + rule.get("name").asText() + "\"" : "#" + i;
        if (catchAll) {
          // a rule without matches takes every request: nothing after it is reached
          out.add(unreachable(vs, i, ruleName, "only the last rule can have no matches"));
          continue;
        }
        if (matches.size() == 0) {
          catchAll = true;
          continue;
        }
        int duplicates = 0;
        for (int m = 0; m < matches.size(); m++) {
          JsonNode match = matches.get(m).deepCopy();
          if (match instanceof ObjectNode) {
            ((ObjectNode) match).remove("name");
          }
          Integer earlier = seen.putIfAbsent(match, i);
          if (earlier != null) {
            duplicates++;
            String matchName = matches.get(m).hasNonNull("name")
                ? "\"" + matches.get(m).get("name").asText() + "\"" : "#" + m;
            out.add(IstioCode.IST0131.finding(vs.ref(), vs.cluster)
                .message("VirtualService rule " + ruleName + " match " + matchName
                    + " is not used (duplicate/overlapping match in rule #" + earlier + ").")
                .fieldPath("spec.http[" + i + "].match[" + m + "]")
                .remediation("Remove the match, or make it differ from the one of rule #" + earlier + ".")
                .build());
          }
        }
        if (duplicates == matches.size()) {
          out.add(unreachable(vs, i, ruleName, "all matches used by prior rules"));
        }
      }
    }
  }

  private static Finding unreachable(Obj vs, int i, String ruleName, String reason) {
    return IstioCode.IST0130.finding(vs.ref(), vs.cluster)
        .message("VirtualService rule " + ruleName + " not used (" + reason + ").")
        .fieldPath("spec.http[" + i + "]")
        .remediation("Order rules from the most specific to the catch-all, and keep one rule without matches, last.")
        .build();
  }
}
