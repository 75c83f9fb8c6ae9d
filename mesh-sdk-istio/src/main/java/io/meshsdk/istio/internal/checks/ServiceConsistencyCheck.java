package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * MSH0001: one Service (same namespace and name) defined differently on the data-plane clusters of
 * a mesh. Istio merges the endpoints of a Service across clusters by its namespace and name, so
 * clients reach any cluster's pods; different ports, selectors or types make that work on some
 * clusters and fail on others.
 */
final class ServiceConsistencyCheck extends Check {
  static final String CODE = "MSH0001";

  ServiceConsistencyCheck() {
    super(CODE, "ServiceInconsistentAcrossClusters", Severity.WARNING);
  }

  @Override
  public List<ResourceType> inputs() {
    return List.of(KubernetesResourceTypes.SERVICE);
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    Map<String, List<ClusterResource>> byService = new LinkedHashMap<>();
    for (ClusterResource service : context.objects(KubernetesResourceTypes.SERVICE)) {
      if (context.isDataPlaneCluster(service.cluster())) {
        byService.computeIfAbsent(service.ref().toString(), k -> new ArrayList<>()).add(service);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (List<ClusterResource> copies : byService.values()) {
      if (copies.size() < 2) {
        continue;
      }
      ClusterResource first = copies.get(0);
      for (ClusterResource other : copies.subList(1, copies.size())) {
        compare(first, other, "spec.ports", ServiceConsistencyCheck::ports, "ports", out);
        compare(first, other, "spec.selector", s -> strings(s.content().path("spec").path("selector")).toString(),
            "selector", out);
        compare(first, other, "spec.type", s -> s.content().path("spec").path("type").asText("ClusterIP"), "type", out);
      }
    }
    return out;
  }

  private void compare(ClusterResource first, ClusterResource other, String field,
      Function<MeshResource, String> aspect, String what, List<Finding> out) {
    String expected = aspect.apply(first.resource());
    String actual = aspect.apply(other.resource());
    if (!expected.equals(actual)) {
      out.add(finding(other, field, "Service " + other.ref() + " has the " + what + " " + actual + " on cluster "
              + other.cluster() + " but " + expected + " on cluster " + first.cluster()
              + "; the mesh merges its endpoints across clusters as one service",
          "Define the Service with the same " + what + " on every cluster of the mesh.")
          .addRelated(first.toString()).build());
    }
  }

  /** The ports as the mesh sees them: name, number, protocol and target, sorted. */
  private static String ports(MeshResource service) {
    TreeSet<String> ports = new TreeSet<>();
    for (JsonNode port : service.content().path("spec").path("ports")) {
      ports.add(port.path("name").asText("") + ":" + port.path("port").asText() + "/"
          + port.path("protocol").asText("TCP") + "->" + port.path("targetPort").asText(port.path("port").asText()));
    }
    return ports.toString();
  }
}
