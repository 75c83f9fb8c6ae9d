package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DestinationRules: TLS to upstreams without a CA to verify them (IST0128, IST0129), subsets that
 * select no pod in any cluster of the mesh (IST0173), hosts no service of the mesh has (IST0174).
 */
final class DestinationRuleAnalyzer extends IstioAnalyzer {
  private static final Set<String> VERIFYING_MODES = Set.of("SIMPLE", "MUTUAL");

  DestinationRuleAnalyzer() {
    super("destinationrule", List.of(IstioCode.IST0128, IstioCode.IST0129, IstioCode.IST0173, IstioCode.IST0174),
        List.of(Kinds.DESTINATION_RULE, Kinds.SERVICE, Kinds.SERVICE_ENTRY, Kinds.POD));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    boolean registry = index.registryComplete();
    boolean pods = index.complete(Kinds.POD);
    for (Obj dr : index.config(Kinds.DESTINATION_RULE)) {
      String host = dr.spec().path("host").asText("");
      String fqdn = Hostnames.qualify(host, dr.namespace());
      tls(dr, host, out);
      if (host.isEmpty() || host.contains("*")) {
        continue;
      }
      if (!index.hostKnown(fqdn)) {
        if (registry) {
          out.add(IstioCode.IST0174.finding(dr.ref(), dr.cluster)
              .message("The host " + host + " defined in the DestinationRule does not match any services in the mesh.")
              .fieldPath("spec.host")
              .remediation("Correct the host, or create the Service or ServiceEntry for " + fqdn + ".")
              .build());
        }
        continue;
      }
      if (pods) {
        subsets(index, dr, fqdn, out);
      }
    }
  }

  private static void tls(Obj dr, String host, List<Finding> out) {
    JsonNode policy = dr.spec().path("trafficPolicy");
    String mode = unverified(policy.path("tls"));
    if (mode != null) {
      out.add(IstioCode.IST0128.finding(dr.ref(), dr.cluster)
          .message("DestinationRule " + dr.name() + " in namespace " + dr.namespace() + " has TLS mode set to " + mode
              + " but no caCertificates are set to validate server identity for host: " + host)
          .fieldPath("spec.trafficPolicy.tls")
          .remediation("Set tls.caCertificates or tls.credentialName so the proxy verifies the server's certificate.")
          .build());
    }
    JsonNode ports = policy.path("portLevelSettings");
    for (int i = 0; i < ports.size(); i++) {
      String portMode = unverified(ports.get(i).path("tls"));
      if (portMode != null) {
        out.add(IstioCode.IST0129.finding(dr.ref(), dr.cluster)
            .message("DestinationRule " + dr.name() + " in namespace " + dr.namespace() + " has TLS mode set to "
                + portMode + " but no caCertificates are set to validate server identity for host: " + host
                + " at port " + ports.get(i).path("port").path("number").asText())
            .fieldPath("spec.trafficPolicy.portLevelSettings[" + i + "].tls")
            .remediation("Set tls.caCertificates or tls.credentialName so the proxy verifies the server's certificate.")
            .build());
      }
    }
  }

  /** The mode, when TLS is originated without any way to verify the server. */
  private static String unverified(JsonNode tls) {
    String mode = tls.path("mode").asText("");
    if (!VERIFYING_MODES.contains(mode) || tls.path("insecureSkipVerify").asBoolean(false)) {
      return null;
    }
    if (!tls.path("caCertificates").asText("").isEmpty() || !tls.path("credentialName").asText("").isEmpty()) {
      return null;
    }
    return mode;
  }

  private static void subsets(MeshIndex index, Obj dr, String fqdn, List<Finding> out) {
    List<Obj> services = index.servicesByHost().getOrDefault(fqdn, List.of());
    if (services.isEmpty()) {
      return; // a ServiceEntry's workloads are not pods of a Service
    }
    JsonNode subsets = dr.spec().path("subsets");
    for (int i = 0; i < subsets.size(); i++) {
      Map<String, String> labels = Obj.stringMap(subsets.get(i).path("labels"));
      boolean selected = false;
      for (Obj service : services) {
        Map<String, String> selector = new HashMap<>(service.selector());
        selector.putAll(labels);
        if (index.anyPodSelected(service.namespace(), selector)) {
          selected = true;
          break;
        }
      }
      if (!selected) {
        String name = subsets.get(i).path("name").asText();
        out.add(IstioCode.IST0173.finding(dr.ref(), dr.cluster).dependsOnDeployment(true)
            .message("The Subset " + name + " defined in the DestinationRule does not select any pods."
                + " Which may lead to 503 UH (NoHealthyUpstream).")
            .fieldPath("spec.subsets[" + i + "]")
            .remediation("Correct the subset's labels to those of the pods of " + fqdn
                + ", or deploy the workloads it names.")
            .build());
      }
    }
  }
}
