package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.spi.ResourceType;
import java.util.List;

/** Istio objects whose status holds a condition that is not met (IST0171). */
final class ConditionAnalyzer extends IstioAnalyzer {
  private static final List<ResourceType> KINDS = List.of(Kinds.VIRTUAL_SERVICE, Kinds.DESTINATION_RULE,
      Kinds.GATEWAY, Kinds.SERVICE_ENTRY, Kinds.SIDECAR, Kinds.WORKLOAD_ENTRY, Kinds.AUTHORIZATION_POLICY,
      Kinds.PEER_AUTHENTICATION, Kinds.REQUEST_AUTHENTICATION, Kinds.TELEMETRY);

  ConditionAnalyzer() {
    super("conditions", List.of(IstioCode.IST0171), KINDS);
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (ResourceType kind : KINDS) {
      for (Obj o : index.config(kind)) {
        JsonNode conditions = o.tree.path("status").path("conditions");
        for (int i = 0; i < conditions.size(); i++) {
          JsonNode c = conditions.get(i);
          if (c.path("status").asText().equals("False")) {
            out.add(IstioCode.IST0171.finding(o.ref(), o.cluster)
                .message("A condition with a negative status is present: type=" + c.path("type").asText()
                    + ", reason=" + c.path("reason").asText() + ", message=" + c.path("message").asText() + ".")
                .fieldPath("status.conditions[" + i + "]")
                .remediation("Fix what the condition's reason names; the control plane updates the status.")
                .build());
          }
        }
      }
    }
  }
}
