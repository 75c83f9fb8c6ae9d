package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;

/**
 * Telemetry access logging without providers is ignored, since Istio's default mesh configuration
 * names no default access log provider (IST0157).
 */
final class TelemetryProviderAnalyzer extends IstioAnalyzer {
  TelemetryProviderAnalyzer() {
    super("telemetry.providers", List.of(IstioCode.IST0157), List.of(Kinds.TELEMETRY));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    telemetries:
    for (Obj t : index.config(Kinds.TELEMETRY)) {
      for (String section : List.of("accessLogging")) {
        JsonNode entries = t.spec().path(section);
        for (int i = 0; i < entries.size(); i++) {
          if (entries.get(i).path("providers").size() == 0) {
            out.add(IstioCode.IST0157.finding(t.ref(), t.cluster)
                .message("The Telemetry " + t.name() + " in namespace \"" + t.namespace()
                    + "\" with empty providers will be ignored.")
                .fieldPath("spec." + section + "[" + i + "].providers")
                .remediation("Name the providers (for example envoy for access logs) the entry applies to.")
                .build());
            continue telemetries;
          }
        }
      }
    }
  }
}
