package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Set;

/**
 * EnvoyFilter patches that Envoy ignores or applies unpredictably (IST0151 to IST0155).
 */
final class EnvoyFilterAnalyzer extends IstioAnalyzer {
  private static final Set<String> RELATIVE = Set.of("INSERT_BEFORE", "INSERT_AFTER", "REPLACE");
  private static final Set<String> RELATIVE_WITH_VERSION = Set.of("INSERT_BEFORE", "INSERT_AFTER", "REPLACE",
      "MERGE", "REMOVE");
  private static final Set<String> ROUTE_LEVEL = Set.of("ROUTE_CONFIGURATION", "HTTP_ROUTE");
  private static final Set<String> FILTERS = Set.of("HTTP_FILTER", "NETWORK_FILTER");

  EnvoyFilterAnalyzer() {
    super("envoyfilter", List.of(IstioCode.IST0151, IstioCode.IST0152, IstioCode.IST0153, IstioCode.IST0154,
        IstioCode.IST0155), List.of(Kinds.ENVOY_FILTER));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj ef : index.config(Kinds.ENVOY_FILTER)) {
      boolean priority = ef.spec().path("priority").asInt(0) != 0;
      JsonNode patches = ef.spec().path("configPatches");
      for (int i = 0; i < patches.size(); i++) {
        JsonNode patch = patches.get(i);
        String operation = patch.path("patch").path("operation").asText("");
        String applyTo = patch.path("applyTo").asText("");
        String path = "spec.configPatches[" + i + "].patch.operation";
        boolean version = !patch.path("match").path("proxy").path("proxyVersion").asText("").isEmpty();
        if (!priority && version && RELATIVE_WITH_VERSION.contains(operation)) {
          out.add(IstioCode.IST0155.finding(ef.ref(), ef.cluster)
              .message("This EnvoyFilter does not have a priority and has a relative patch operation"
                  + " (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the"
                  + " EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or"
                  + " setting the priority may help in ensuring the EnvoyFilter is applied correctly.")
              .fieldPath(path)
              .remediation("Set spec.priority, or use INSERT_FIRST or ADD.")
              .build());
        } else if (!priority && RELATIVE.contains(operation)) {
          out.add(IstioCode.IST0151.finding(ef.ref(), ef.cluster)
              .message("This EnvoyFilter does not have a priority and has a relative patch operation set which can"
                  + " cause the EnvoyFilter not to be applied. Using the INSERT_FIRST or ADD option or setting the"
                  + " priority may help in ensuring the EnvoyFilter is applied correctly.")
              .fieldPath(path)
              .remediation("Set spec.priority, or use INSERT_FIRST or ADD.")
              .build());
        }
        if (operation.equals("REPLACE") && !FILTERS.contains(applyTo)) {
          out.add(IstioCode.IST0152.finding(ef.ref(), ef.cluster)
              .message("The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.")
              .fieldPath(path)
              .remediation("Use MERGE for " + applyTo + ", or apply the patch to a filter.")
              .build());
        }
        if (operation.equals("ADD") && ROUTE_LEVEL.contains(applyTo)) {
          out.add(IstioCode.IST0153.finding(ef.ref(), ef.cluster)
              .message("The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.")
              .fieldPath(path)
              .remediation("Use MERGE for " + applyTo + ".")
              .build());
        }
        if (operation.equals("REMOVE") && ROUTE_LEVEL.contains(applyTo)) {
          out.add(IstioCode.IST0154.finding(ef.ref(), ef.cluster)
              .message("The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.")
              .fieldPath(path)
              .remediation("Remove the routes with a VirtualService, or patch with MERGE.")
              .build());
        }
      }
    }
  }
}
