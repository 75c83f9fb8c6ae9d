package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Routing on JWT claims at a gateway works only when a RequestAuthentication applies to the
 * gateway's pods (IST0149): without one the claims are never read and the rule never matches.
 */
final class JwtClaimRouteAnalyzer extends IstioAnalyzer {
  private static final String CLAIM_PREFIX = "@request.auth.claims";

  JwtClaimRouteAnalyzer() {
    super("virtualservice.jwtclaimroute", List.of(IstioCode.IST0149),
        List.of(Kinds.VIRTUAL_SERVICE, Kinds.GATEWAY, Kinds.POD, Kinds.REQUEST_AUTHENTICATION));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    if (!index.complete(Kinds.REQUEST_AUTHENTICATION)) {
      return;
    }
    virtualServices:
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      String key = claimKey(vs.spec());
      if (key == null) {
        continue;
      }
      for (String gateway : Routes.gateways(vs.spec())) {
        if (gateway.equals("mesh")) {
          continue;
        }
        String gatewayKey = Routes.gatewayKey(gateway, vs.namespace());
        for (Obj gw : index.configByKey(Kinds.GATEWAY).getOrDefault(gatewayKey, List.of())) {
          if (!gw.cluster.equals(vs.cluster)) {
            continue;
          }
          Map<String, String> selector = Obj.stringMap(gw.spec().path("selector"));
          for (Obj pod : index.podsSelected(MeshIndex.ROOT_NAMESPACE, selector)) {
            if (!authenticated(index, pod)) {
              out.add(IstioCode.IST0149.finding(vs.ref(), vs.cluster)
                  .message("The virtual service uses the JWT claim based routing (key: " + key
                      + ") but found no request authentication for the gateway (" + gatewayKey + ") pod ("
                      + pod.key() + "). The request authentication must first be applied for the gateway pods"
                      + " to validate the JWT token and make the claims available for routing.")
                  .fieldPath("spec.http")
                  .remediation("Apply a RequestAuthentication selecting the gateway's pods in namespace "
                      + pod.namespace() + " or in " + MeshIndex.ROOT_NAMESPACE + ".")
                  .build());
              continue virtualServices;
            }
          }
        }
      }
    }
  }

  private static String claimKey(JsonNode spec) {
    for (JsonNode rule : spec.path("http")) {
      for (JsonNode match : rule.path("match")) {
        for (String field : List.of("headers", "withoutHeaders")) {
          for (Iterator<String> it = match.path(field).fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.startsWith(CLAIM_PREFIX)) {
              return name;
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean authenticated(MeshIndex index, Obj pod) {
    for (String ns : List.of(pod.namespace(), MeshIndex.ROOT_NAMESPACE)) {
      for (Obj ra : index.configByNamespace(Kinds.REQUEST_AUTHENTICATION).getOrDefault(ns, List.of())) {
        Map<String, String> selector = Obj.stringMap(ra.spec().path("selector").path("matchLabels"));
        if (Selectors.matches(selector, pod.labels())) {
          return true;
        }
      }
    }
    return false;
  }
}
