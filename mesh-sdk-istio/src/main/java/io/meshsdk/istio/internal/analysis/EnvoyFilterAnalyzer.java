package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EnvoyFilter patches that Envoy ignores or applies unpredictably: a relative patch (insert before
 * or after, remove, replace) without a priority (IST0151), or, when another patch of the same
 * filter is pinned to a proxy version, one that breaks on upgrade (IST0155); REPLACE other than of
 * a filter (IST0152); ADD or REMOVE of routes (IST0153, IST0154).
 */
final class EnvoyFilterAnalyzer extends IstioAnalyzer {
  private static final Set<String> ROUTE_LEVEL = Set.of("ROUTE_CONFIGURATION", "HTTP_ROUTE");
  private static final Set<String> FILTERS = Set.of("HTTP_FILTER", "NETWORK_FILTER");

  EnvoyFilterAnalyzer() {
    super("envoyfilter", List.of(IstioCode.IST0151, IstioCode.IST0152, IstioCode.IST0153, IstioCode.IST0154,
        IstioCode.IST0155), List.of(Kinds.ENVOY_FILTER));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    // per cluster, the filters that some patch pinned to a proxy version touches, with the patch
    Map<String, List<String>> pinned = new HashMap<>();
    for (Obj ef : index.config(Kinds.ENVOY_FILTER)) {
      JsonNode patches = ef.spec().path("configPatches");
      for (int i = 0; i < patches.size(); i++) {
        String filter = filterName(patches.get(i));
        if (!filter.isEmpty() && !patches.get(i).path("match").path("proxy").path("proxyVersion").asText("").isEmpty()) {
          pinned.computeIfAbsent(ef.cluster + "|" + filter, k -> new ArrayList<>()).add(ef.key() + "#" + i);
        }
      }
    }
    for (Obj ef : index.config(Kinds.ENVOY_FILTER)) {
      boolean priority = ef.spec().path("priority").asInt(0) != 0;
      JsonNode patches = ef.spec().path("configPatches");
      for (int i = 0; i < patches.size(); i++) {
        JsonNode patch = patches.get(i);
        String operation = patch.path("patch").path("operation").asText("");
        String applyTo = patch.path("applyTo").asText("");
        String path = "spec.configPatches[" + i + "].patch.operation";
        boolean relative = false;
        if (operation.equals("ADD") && ROUTE_LEVEL.contains(applyTo)) {
          out.add(IstioCode.IST0153.finding(ef.ref(), ef.cluster)
              .message("The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.")
              .fieldPath(path)
              .remediation("Use MERGE for " + applyTo + ".")
              .build());
        } else if (operation.equals("REMOVE")) {
          if (ROUTE_LEVEL.contains(applyTo)) {
            out.add(IstioCode.IST0154.finding(ef.ref(), ef.cluster)
                .message("The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.")
                .fieldPath(path)
                .remediation("Remove the routes with a VirtualService, or patch them with MERGE.")
                .build());
          } else {
            relative = true;
          }
        } else if (operation.equals("REPLACE")) {
          if (!FILTERS.contains(applyTo)) {
            out.add(IstioCode.IST0152.finding(ef.ref(), ef.cluster)
                .message("The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.")
                .fieldPath(path)
                .remediation("Use MERGE for " + applyTo + ", or apply the patch to a filter.")
                .build());
          } else {
            relative = true;
          }
        } else if (operation.equals("INSERT_BEFORE") || operation.equals("INSERT_AFTER")) {
          relative = true;
        }
        if (!relative || priority) {
          continue;
        }
        int patchIndex = i;
        String self = ef.key() + "#" + i;
        boolean pinnedElsewhere = pinned.getOrDefault(ef.cluster + "|" + filterName(patch), List.of()).stream()
            .anyMatch(p -> !p.equals(self) && !(p.startsWith(ef.key() + "#")
                && Integer.parseInt(p.substring(p.indexOf('#') + 1)) > patchIndex));
        if (pinnedElsewhere) {
          out.add(IstioCode.IST0155.finding(ef.ref(), ef.cluster)
              .message("This EnvoyFilter does not have a priority and has a relative patch operation"
                  + " (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the"
                  + " EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or"
                  + " setting the priority may help in ensuring the EnvoyFilter is applied correctly.")
              .fieldPath(path)
              .remediation("Set spec.priority, or use INSERT_FIRST or ADD, so the patch of " + filterName(patch)
                  + " does not depend on the order of the EnvoyFilters pinned to proxy versions.")
              .build());
        } else {
          out.add(IstioCode.IST0151.finding(ef.ref(), ef.cluster)
              .message("This EnvoyFilter does not have a priority and has a relative patch operation set which can"
                  + " cause the EnvoyFilter not to be applied. Using the INSERT_FIRST or ADD option or setting the"
                  + " priority may help in ensuring the EnvoyFilter is applied correctly.")
              .fieldPath(path)
              .remediation("Set spec.priority, or use INSERT_FIRST or ADD.")
              .build());
        }
      }
    }
  }

  /** The filter a patch adds or matches, by name. */
  private static String filterName(JsonNode patch) {
    String name = patch.path("patch").path("value").path("name").asText("");
    if (!name.isEmpty()) {
      return name;
    }
    JsonNode filter = patch.path("match").path("listener").path("filterChain").path("filter");
    return filter.path("subFilter").path("name").asText(filter.path("name").asText(""));
  }
}
