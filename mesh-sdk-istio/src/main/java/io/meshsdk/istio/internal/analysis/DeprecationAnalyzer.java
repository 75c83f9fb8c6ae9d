package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;

/** Fields Istio's API marks deprecated, with what replaces them (IST0002). */
final class DeprecationAnalyzer extends IstioAnalyzer {
  DeprecationAnalyzer() {
    super("deprecation", List.of(IstioCode.IST0002), List.of(Kinds.VIRTUAL_SERVICE, Kinds.DESTINATION_RULE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      JsonNode http = vs.spec().path("http");
      for (int i = 0; i < http.size(); i++) {
        for (String field : List.of("mirrorPercent", "mirror_percent")) {
          if (http.get(i).has(field)) {
            out.add(deprecated(vs, "spec.http[" + i + "]." + field, "mirrorPercent", "mirrorPercentage"));
          }
        }
      }
    }
    for (Obj dr : index.config(Kinds.DESTINATION_RULE)) {
      policy(dr, dr.spec().path("trafficPolicy"), "spec.trafficPolicy", out);
      JsonNode ports = dr.spec().path("trafficPolicy").path("portLevelSettings");
      for (int i = 0; i < ports.size(); i++) {
        policy(dr, ports.get(i), "spec.trafficPolicy.portLevelSettings[" + i + "]", out);
      }
      JsonNode subsets = dr.spec().path("subsets");
      for (int i = 0; i < subsets.size(); i++) {
        policy(dr, subsets.get(i).path("trafficPolicy"), "spec.subsets[" + i + "].trafficPolicy", out);
      }
    }
  }

  private static void policy(Obj dr, JsonNode policy, String path, List<Finding> out) {
    JsonNode lb = policy.path("loadBalancer");
    if (lb.has("warmupDurationSecs")) {
      out.add(deprecated(dr, path + ".loadBalancer.warmupDurationSecs", "warmupDurationSecs", "warmup"));
    }
    if (lb.path("consistentHash").has("minimumRingSize")) {
      out.add(deprecated(dr, path + ".loadBalancer.consistentHash.minimumRingSize", "minimumRingSize",
          "consistentHash.ringHash.minimumRingSize"));
    }
  }

  private static Finding deprecated(Obj o, String path, String field, String replacement) {
    return IstioCode.IST0002.finding(o.ref(), o.cluster)
        .message("Deprecated: " + o.resource.kind() + " field " + field + " is deprecated; use " + replacement
            + " instead.")
        .fieldPath(path)
        .remediation("Replace " + field + " with " + replacement + ".")
        .build();
  }
}
