package io.meshsdk.istio.internal.checks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MSH0005: an AuthorizationPolicy for a whole namespace (or, in the root namespace, the whole
 * mesh) that denies every request: an ALLOW policy without rules while no other ALLOW policy of
 * that scope allows anything, or a DENY policy with a rule that matches everything ({@code {}}).
 * The first is Istio's "allow nothing" idiom, meant to be followed by the policies that allow;
 * alone, it cuts off every workload of the namespace.
 */
final class DenyAllAuthorizationCheck extends Check {
  static final String CODE = "MSH0005";

  DenyAllAuthorizationCheck() {
    super(CODE, "AuthorizationDeniesWholeNamespace", Severity.WARNING);
  }

  @Override
  public List<ResourceType> inputs() {
    return List.of(IstioResourceTypes.AUTHORIZATION_POLICY);
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    List<Finding> out = new ArrayList<>();
    for (String cluster : context.clusters()) {
      if (!context.isConfigCluster(cluster)) {
        continue;
      }
      List<MeshResource> policies = context.objects(cluster, IstioResourceTypes.AUTHORIZATION_POLICY);
      Set<String> allowing = allowing(policies);
      for (MeshResource policy : policies) {
        JsonNode spec = policy.content().path("spec");
        if (spec.has("selector") || spec.has("targetRef") || spec.has("targetRefs")) {
          continue; // some workloads only
        }
        String action = spec.path("action").asText("ALLOW");
        JsonNode rules = spec.path("rules");
        String namespace = policy.namespace().orElse("");
        String scope = namespace.equals(ROOT_NAMESPACE) ? "every namespace of the mesh" : "namespace " + namespace;
        ClusterResource located = ClusterResource.of(cluster, policy);
        if (action.equals("ALLOW") && rules.size() == 0 && !allowing.contains(namespace)
            && !allowing.contains(ROOT_NAMESPACE)) {
          out.add(finding(located, "spec.rules", "AuthorizationPolicy " + namespace + "/" + policy.name()
                  + " allows nothing, and no other ALLOW policy applies to " + scope
                  + ", so every request to its workloads is denied",
              "Add the ALLOW policies that let the wanted callers in, or delete this one; if denying everything"
                  + " is meant, suppress " + CODE + " on it with the annotation mesh.meshsdk.io/analysis-suppress.")
              .build());
        } else if (action.equals("DENY")) {
          for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).isObject() && rules.get(i).size() == 0) {
              out.add(finding(located, "spec.rules[" + i + "]", "AuthorizationPolicy " + namespace + "/"
                      + policy.name() + " denies with an empty rule, which matches every request, so every request"
                      + " to " + scope + " is denied",
                  "Give the rule the sources, operations or conditions to deny.").build());
            }
          }
        }
      }
    }
    return out;
  }

  /** The namespaces with an ALLOW policy that has rules: what applies there allows something. */
  private static Set<String> allowing(List<MeshResource> policies) {
    Set<String> out = new HashSet<>();
    for (MeshResource policy : policies) {
      JsonNode spec = policy.content().path("spec");
      if (spec.path("action").asText("ALLOW").equals("ALLOW") && spec.path("rules").size() > 0) {
        out.add(policy.namespace().orElse(""));
      }
    }
    return out;
  }
}
