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
 * ServiceEntries: TCP ports without addresses, which the proxies cannot tell apart (IST0134), and
 * one host and port given different protocols by several entries (IST0177).
 */
final class ServiceEntryAnalyzer extends IstioAnalyzer {
  ServiceEntryAnalyzer() {
    super("serviceentry", List.of(IstioCode.IST0134, IstioCode.IST0177), List.of(Kinds.SERVICE_ENTRY));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    Map<String, List<Object[]>> claims = new LinkedHashMap<>();
    for (Obj se : index.config(Kinds.SERVICE_ENTRY)) {
      JsonNode ports = se.spec().path("ports");
      boolean addresses = se.spec().path("addresses").size() > 0;
      for (int i = 0; i < ports.size(); i++) {
        String protocol = ports.get(i).path("protocol").asText("");
        if (!addresses && (protocol.isEmpty() || protocol.equalsIgnoreCase("TCP"))) {
          out.add(IstioCode.IST0134.finding(se.ref(), se.cluster)
              .message("ServiceEntry addresses are required for this protocol.")
              .fieldPath("spec.ports[" + i + "].protocol")
              .remediation("Set spec.addresses to the service's IP addresses, or enable DNS address auto-allocation.")
              .build());
        }
        for (JsonNode host : se.spec().path("hosts")) {
          claims.computeIfAbsent(se.cluster + "|" + host.asText() + "|" + ports.get(i).path("number").asInt(),
              k -> new ArrayList<>()).add(new Object[] {se, protocol.isEmpty() ? "TCP" : protocol.toUpperCase()});
        }
      }
    }
    for (Map.Entry<String, List<Object[]>> e : claims.entrySet()) {
      TreeSet<String> protocols = new TreeSet<>();
      e.getValue().forEach(c -> protocols.add((String) c[1]));
      if (protocols.size() < 2) {
        continue;
      }
      String[] key = e.getKey().split("\\|");
      List<Obj> entries = e.getValue().stream().map(c -> (Obj) c[0]).distinct().collect(Collectors.toList());
      String names = entries.stream().map(Obj::key).sorted().collect(Collectors.joining(", "));
      for (Obj se : entries) {
        out.add(IstioCode.IST0177.finding(se.ref(), se.cluster)
            .message("Multiple ServiceEntries (" + names + ") define the same host \"" + key[1] + "\" and port "
                + key[2] + " with conflicting protocols (" + String.join(", ", protocols) + ").")
            .fieldPath("spec.ports")
            .remediation("Give port " + key[2] + " of " + key[1] + " one protocol in every ServiceEntry.")
            .related(entries.stream().filter(o -> o != se).map(Obj::describe).collect(Collectors.toList()))
            .build());
      }
    }
  }
}
