package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MSH0004: a DestinationRule that sends plain text ({@code tls.mode: DISABLE}) to a service whose
 * workloads a PeerAuthentication makes accept mutual TLS only ({@code STRICT}). Every request
 * fails: the server resets the connection. Policies are judged where they take effect, on each
 * config cluster, with Istio's precedence: workload over namespace over the root namespace.
 */
final class MtlsConflictCheck extends Check {
  static final String CODE = "MSH0004";

  MtlsConflictCheck() {
    super(CODE, "StrictMtlsWithTlsDisabled", Severity.ERROR);
  }

  @Override
  public List<ResourceType> inputs() {
    return List.of(IstioResourceTypes.PEER_AUTHENTICATION, IstioResourceTypes.DESTINATION_RULE,
        KubernetesResourceTypes.SERVICE);
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    Map<String, Map<String, String>> selectors = new HashMap<>();
    for (ClusterResource service : context.objects(KubernetesResourceTypes.SERVICE)) {
      selectors.merge(service.ref().namespace().orElse("") + "/" + service.ref().name(),
          strings(service.resource().content().path("spec").path("selector")), Check::merged);
    }
    List<Finding> out = new ArrayList<>();
    for (String cluster : context.clusters()) {
      if (!context.isConfigCluster(cluster)) {
        continue;
      }
      Map<String, List<MeshResource>> peers = new HashMap<>();
      for (MeshResource peer : context.objects(cluster, IstioResourceTypes.PEER_AUTHENTICATION)) {
        peers.computeIfAbsent(peer.namespace().orElse(""), n -> new ArrayList<>()).add(peer);
      }
      if (peers.isEmpty()) {
        continue;
      }
      for (MeshResource rule : context.objects(cluster, IstioResourceTypes.DESTINATION_RULE)) {
        JsonNode tls = rule.content().path("spec").path("trafficPolicy").path("tls");
        if (!tls.path("mode").asText("").equals("DISABLE")) {
          continue;
        }
        String service = service(fqdn(rule.content().path("spec").path("host").asText(""), rule.namespace().orElse("")));
        if (service == null) {
          continue;
        }
        String namespace = service.substring(0, service.indexOf('/'));
        List<MeshResource> deciding = new ArrayList<>(peers.getOrDefault(namespace, List.of()));
        if (!namespace.equals(ROOT_NAMESPACE)) {
          deciding.addAll(peers.getOrDefault(ROOT_NAMESPACE, List.of()));
        }
        MeshResource strict = strictPolicy(deciding, namespace, selectors.getOrDefault(service, Map.of()));
        if (strict != null) {
          ClusterResource located = ClusterResource.of(cluster, rule);
          out.add(finding(located, "spec.trafficPolicy.tls.mode", "DestinationRule " + rule.namespace().orElse("")
                  + "/" + rule.name() + " disables TLS to " + service + ", whose workloads accept only mutual TLS"
                  + " (STRICT) by PeerAuthentication " + strict.namespace().orElse("") + "/" + strict.name()
                  + "; every request will be reset",
              "Set tls.mode to ISTIO_MUTUAL (or remove the tls setting) in the DestinationRule, or make the"
                  + " PeerAuthentication PERMISSIVE.")
              .addRelated(ClusterResource.of(cluster, strict).toString()).build());
        }
      }
    }
    return out;
  }

  /**
   * The PeerAuthentication that decides the mode of a service's workloads, if it is STRICT: one
   * whose selector the service's selector satisfies, else the namespace's, else the root
   * namespace's. A mode of UNSET or none inherits from the next level.
   */
  private static MeshResource strictPolicy(List<MeshResource> peers, String namespace, Map<String, String> workload) {
    MeshResource byWorkload = null;
    MeshResource byNamespace = null;
    MeshResource byMesh = null;
    for (MeshResource peer : peers) {
      String mode = peer.content().path("spec").path("mtls").path("mode").asText("UNSET");
      if (mode.equals("UNSET")) {
        continue;
      }
      Map<String, String> selector = strings(peer.content().path("spec").path("selector").path("matchLabels"));
      String ns = peer.namespace().orElse("");
      if (ns.equals(namespace) && !selector.isEmpty() && !workload.isEmpty() && selects(selector, workload)) {
        byWorkload = peer;
      } else if (ns.equals(namespace) && selector.isEmpty()) {
        byNamespace = peer;
      } else if (ns.equals(ROOT_NAMESPACE) && selector.isEmpty()) {
        byMesh = peer;
      }
    }
    MeshResource deciding = byWorkload != null ? byWorkload : byNamespace != null ? byNamespace : byMesh;
    return deciding != null && deciding.content().path("spec").path("mtls").path("mode").asText().equals("STRICT")
        ? deciding : null;
  }
}
