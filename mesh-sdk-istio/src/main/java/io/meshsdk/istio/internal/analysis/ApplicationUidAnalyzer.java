package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.spi.ResourceType;
import java.util.List;

/** Applications running as user 1337, the proxy's, whose traffic the proxy then skips (IST0144). */
final class ApplicationUidAnalyzer extends IstioAnalyzer {
  private static final int PROXY_UID = 1337;

  ApplicationUidAnalyzer() {
    super("applicationuid", List.of(IstioCode.IST0144), List.of(Kinds.POD, Kinds.DEPLOYMENT));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    check(index, Kinds.POD, "spec", out);
    check(index, Kinds.DEPLOYMENT, "spec.template.spec", out);
  }

  private static void check(MeshIndex index, ResourceType kind, String podSpecPath, List<Finding> out) {
    for (Obj o : index.workloads(kind)) {
      JsonNode spec = kind == Kinds.POD ? o.spec() : o.spec().path("template").path("spec");
      String path = null;
      if (spec.path("securityContext").path("runAsUser").asInt(-1) == PROXY_UID) {
        path = podSpecPath + ".securityContext.runAsUser";
      }
      JsonNode containers = spec.path("containers");
      for (int i = 0; path == null && i < containers.size(); i++) {
        if (!containers.get(i).path("name").asText().equals("istio-proxy")
            && containers.get(i).path("securityContext").path("runAsUser").asInt(-1) == PROXY_UID) {
          path = podSpecPath + ".containers[" + i + "].securityContext.runAsUser";
        }
      }
      if (path != null) {
        out.add(IstioCode.IST0144.finding(o.ref(), o.cluster)
            .message("User ID (UID) 1337 is reserved for the sidecar proxy.")
            .fieldPath(path)
            .remediation("Run the application as another user ID.")
            .build());
      }
    }
  }
}
