package io.meshsdk.istio.internal.checks;

import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * MSH0002: Istio configuration on a cluster whose control plane does not read it. A member of a
 * hosted mesh gets its configuration from the mesh's control-plane cluster, so a VirtualService
 * written to the member is ignored, however right it looks there.
 */
final class MemberClusterConfigCheck extends Check {
  static final String CODE = "MSH0002";

  /** The kinds istiod reads as configuration, from its config cluster only. */
  static final List<ResourceType> CONFIG = List.of(IstioResourceTypes.VIRTUAL_SERVICE,
      IstioResourceTypes.DESTINATION_RULE, IstioResourceTypes.GATEWAY, IstioResourceTypes.SERVICE_ENTRY,
      IstioResourceTypes.SIDECAR, IstioResourceTypes.PEER_AUTHENTICATION, IstioResourceTypes.AUTHORIZATION_POLICY,
      IstioResourceTypes.REQUEST_AUTHENTICATION, IstioResourceTypes.TELEMETRY, IstioResourceTypes.ENVOY_FILTER);

  MemberClusterConfigCheck() {
    super(CODE, "IstioConfigOnMemberCluster", Severity.WARNING);
  }

  @Override
  public List<ResourceType> inputs() {
    return CONFIG;
  }

  @Override
  public List<Finding> analyze(AnalysisContext context) {
    List<String> configClusters = new ArrayList<>();
    for (String cluster : context.clusters()) {
      if (context.isConfigCluster(cluster)) {
        configClusters.add(cluster);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (ResourceType type : CONFIG) {
      for (ClusterResource object : context.objects(type)) {
        if (context.isConfigCluster(object.cluster())) {
          continue;
        }
        out.add(finding(object, null, type.kind() + " " + object.ref().namespace().orElse("") + "/"
                + object.ref().name() + " is on cluster " + object.cluster() + ", whose control plane does not read"
                + " configuration from it, so it has no effect",
            "Move it to the mesh's config cluster" + (configClusters.size() == 1 ? " " : "s ") + configClusters
                + " (through a policy of the mesh), or delete it from " + object.cluster() + ".")
            .build());
      }
    }
    return out;
  }
}
