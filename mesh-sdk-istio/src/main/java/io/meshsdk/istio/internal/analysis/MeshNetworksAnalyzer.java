package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshsdk.analysis.Finding;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service registries the control plane's meshNetworks names (networks' {@code fromRegistry})
 * are known (IST0126): the local registry ({@code Kubernetes}), a cluster of the mesh, or a cluster
 * a remote secret ({@code istio/multiCluster=true}) gives the control plane. Read from the {@code
 * meshNetworks} key of the control plane's {@code istio} ConfigMaps, where they exist.
 */
final class MeshNetworksAnalyzer extends IstioAnalyzer {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String REMOTE_SECRET_LABEL = "istio/multiCluster";
  private static final String CLUSTER_ANNOTATION = "networking.istio.io/cluster";

  MeshNetworksAnalyzer() {
    super("meshnetworks", List.of(IstioCode.IST0126), List.of(Kinds.CONFIG_MAP, Kinds.SECRET));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    if (!index.complete(Kinds.SECRET)) {
      return;
    }
    Set<String> registries = new HashSet<>(index.context().clusters());
    registries.add("Kubernetes");
    for (Obj secret : index.all(Kinds.SECRET)) {
      if ("true".equals(secret.labels().get(REMOTE_SECRET_LABEL))) {
        secret.tree.path("data").fieldNames().forEachRemaining(registries::add);
        String cluster = secret.resource.annotations().get(CLUSTER_ANNOTATION);
        if (cluster != null) {
          registries.add(cluster);
        }
      }
    }
    for (Obj map : index.config(Kinds.CONFIG_MAP)) {
      if (!map.namespace().equals(MeshIndex.ROOT_NAMESPACE)
          || !(map.name().equals("istio") || map.name().startsWith("istio-"))
          || !map.tree.path("data").has("meshNetworks")) {
        continue;
      }
      JsonNode networks;
      try {
        networks = YAML.unmarshal(map.tree.path("data").path("meshNetworks").asText(), JsonNode.class).path("networks");
      } catch (RuntimeException e) {
        continue; // not YAML: the control plane refuses it too, and says so in its log
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> network = it.next();
        JsonNode endpoints = network.getValue().path("endpoints");
        for (int j = 0; j < endpoints.size(); j++) {
          String registry = endpoints.get(j).path("fromRegistry").asText("");
          if (!registry.isEmpty() && !registries.contains(registry)) {
            out.add(IstioCode.IST0126.finding(map.ref(), map.cluster)
                .message("Unknown service registry " + registry + " in network " + network.getKey())
                .fieldPath("data.meshNetworks")
                .remediation("Name a cluster of the mesh in networks." + network.getKey() + ".endpoints[" + j
                    + "].fromRegistry, or give the control plane a remote secret for " + registry + ".")
                .build());
          }
        }
      }
    }
  }
}
