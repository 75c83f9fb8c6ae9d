package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Two VirtualServices bound to the mesh gateway define one host (IST0109): the proxies pick one of
 * them. Judged per config cluster, since each control plane reads its own cluster's configuration.
 */
final class ConflictingMeshGatewayHostsAnalyzer extends IstioAnalyzer {
  ConflictingMeshGatewayHostsAnalyzer() {
    super("virtualservice.conflictingmeshgatewayhosts", List.of(IstioCode.IST0109), List.of(Kinds.VIRTUAL_SERVICE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    Map<String, List<Obj>> byHost = new LinkedHashMap<>();
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      if (!Routes.gateways(vs.spec()).contains("mesh") || exportedNowhere(vs.spec())) {
        continue;
      }
      for (JsonNode host : vs.spec().path("hosts")) {
        if (host.asText().contains("*")) {
          continue;
        }
        byHost.computeIfAbsent(vs.cluster + "|" + Hostnames.qualify(host.asText(), vs.namespace()),
            k -> new ArrayList<>()).add(vs);
      }
    }
    for (Map.Entry<String, List<Obj>> e : byHost.entrySet()) {
      List<Obj> all = e.getValue();
      if (all.size() < 2) {
        continue;
      }
      String host = e.getKey().substring(e.getKey().indexOf('|') + 1);
      String names = all.stream().map(Obj::key).collect(Collectors.joining(","));
      for (Obj vs : all) {
        out.add(IstioCode.IST0109.finding(vs.ref(), vs.cluster)
            .message("The VirtualServices " + names + " associated with mesh gateway define the same host " + host
                + " which can lead to undefined behavior. This can be fixed by merging the conflicting"
                + " VirtualServices into a single resource.")
            .fieldPath("spec.hosts")
            .remediation("Merge the routes for " + host + " into one VirtualService.")
            .related(all.stream().filter(o -> o != vs).map(Obj::describe).collect(Collectors.toList()))
            .build());
      }
    }
  }

  private static boolean exportedNowhere(JsonNode spec) {
    JsonNode export = spec.path("exportTo");
    return export.size() == 1 && export.get(0).asText().equals("~");
  }
}
