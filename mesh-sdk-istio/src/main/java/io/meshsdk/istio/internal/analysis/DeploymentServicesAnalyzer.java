package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A deployment behind several Services that give one port different protocols (IST0116), or one
 * target port different service ports (IST0137).
 */
final class DeploymentServicesAnalyzer extends IstioAnalyzer {
  DeploymentServicesAnalyzer() {
    super("deployment.multiservice", List.of(IstioCode.IST0116, IstioCode.IST0137),
        List.of(Kinds.DEPLOYMENT, Kinds.SERVICE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj deployment : index.workloads(Kinds.DEPLOYMENT)) {
      if (ServicePortAnalyzer.SYSTEM_NAMESPACES.contains(deployment.namespace())) {
        continue;
      }
      Map<String, String> labels = Obj.stringMap(deployment.spec().path("template").path("metadata").path("labels"));
      Map<Integer, Map<String, List<String>>> protocolsByPort = new LinkedHashMap<>();
      Map<String, Map<Integer, List<String>>> portsByTarget = new LinkedHashMap<>();
      for (Obj service : index.servicesSelecting(deployment.cluster, deployment.namespace(), labels)) {
        for (JsonNode port : service.spec().path("ports")) {
          int number = port.path("port").asInt();
          String protocol = port.path("protocol").asText("TCP");
          protocolsByPort.computeIfAbsent(number, k -> new LinkedHashMap<>())
              .computeIfAbsent(protocol, k -> new ArrayList<>()).add(service.name());
          String target = port.path("targetPort").asText(Integer.toString(number));
          portsByTarget.computeIfAbsent(target, k -> new LinkedHashMap<>())
              .computeIfAbsent(number, k -> new ArrayList<>()).add(service.name());
        }
      }
      String name = deployment.key();
      for (Map.Entry<Integer, Map<String, List<String>>> e : protocolsByPort.entrySet()) {
        if (e.getValue().size() > 1) {
          List<String> services = e.getValue().values().stream().flatMap(List::stream).distinct().sorted()
              .collect(Collectors.toList());
          out.add(IstioCode.IST0116.finding(deployment.ref(), deployment.cluster)
              .message("This deployment " + name + " is associated with multiple services using port " + e.getKey()
                  + " but different protocols: " + services)
              .fieldPath("spec.template.metadata.labels")
              .remediation("Give port " + e.getKey() + " one protocol in every Service selecting the deployment.")
              .build());
        }
      }
      for (Map.Entry<String, Map<Integer, List<String>>> e : portsByTarget.entrySet()) {
        if (e.getValue().size() > 1) {
          List<String> services = e.getValue().values().stream().flatMap(List::stream).distinct().sorted()
              .collect(Collectors.toList());
          out.add(IstioCode.IST0137.finding(deployment.ref(), deployment.cluster)
              .message("This deployment " + name + " is associated with multiple services " + services
                  + " using targetPort \"" + e.getKey() + "\" but different ports: "
                  + new TreeSet<>(e.getValue().keySet()) + ".")
              .fieldPath("spec.template.metadata.labels")
              .remediation("Expose targetPort " + e.getKey() + " under one port number in every Service.")
              .build());
        }
      }
    }
  }
}
