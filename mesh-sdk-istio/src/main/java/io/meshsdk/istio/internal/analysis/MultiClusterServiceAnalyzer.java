package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One Service, by namespace and name, defined differently on the mesh's clusters (IST0170): the
 * control plane merges them by host, so clients see one cluster's ports or type, not both.
 */
final class MultiClusterServiceAnalyzer extends IstioAnalyzer {
  MultiClusterServiceAnalyzer() {
    super("services.multicluster", List.of(IstioCode.IST0170), List.of(Kinds.SERVICE));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    Map<String, List<Obj>> byKey = new LinkedHashMap<>();
    for (Obj service : index.workloads(Kinds.SERVICE)) {
      byKey.computeIfAbsent(service.key(), k -> new ArrayList<>()).add(service);
    }
    for (List<Obj> copies : byKey.values()) {
      if (copies.size() < 2) {
        continue;
      }
      Obj first = copies.get(0);
      for (Obj other : copies.subList(1, copies.size())) {
        List<String> differences = new ArrayList<>();
        if (!type(first).equals(type(other))) {
          differences.add("service type " + type(first) + " on " + first.cluster + " but " + type(other)
              + " on " + other.cluster);
        }
        if (!ports(first).equals(ports(other))) {
          differences.add("ports " + ports(first).values() + " on " + first.cluster + " but "
              + ports(other).values() + " on " + other.cluster);
        }
        if (differences.isEmpty()) {
          continue;
        }
        List<String> clusters = copies.stream().map(o -> o.cluster).collect(Collectors.toList());
        out.add(IstioCode.IST0170.finding(other.ref(), other.cluster)
            .message("The service " + other.name() + " in namespace \"" + other.namespace()
                + "\" is inconsistent across clusters \"" + String.join(",", clusters)
                + "\", which can lead to undefined behaviors. The inconsistent behaviors are: "
                + String.join("; ", differences) + ".")
            .fieldPath("spec")
            .remediation("Define Service " + other.key() + " with the same type and ports on every cluster.")
            .related(List.of(first.describe()))
            .build());
      }
    }
  }

  private static String type(Obj service) {
    return service.spec().path("type").asText("ClusterIP");
  }

  /** Ports by number, as {@code name/number/protocol}: the parts clients depend on. */
  private static Map<Integer, String> ports(Obj service) {
    Map<Integer, String> ports = new TreeMap<>();
    for (JsonNode port : service.spec().path("ports")) {
      ports.put(port.path("port").asInt(), port.path("name").asText("") + "/" + port.path("port").asInt() + "/"
          + port.path("protocol").asText("TCP"));
    }
    return ports;
  }
}
