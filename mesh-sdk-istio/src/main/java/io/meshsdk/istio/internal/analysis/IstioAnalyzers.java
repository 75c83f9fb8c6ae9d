package io.meshsdk.istio.internal.analysis;

import io.meshsdk.spi.Analyzer;
import java.util.List;

/** Every analyzer of the Istio backend. */
public final class IstioAnalyzers {
  private static final List<Analyzer> ALL = List.of(
      new DestinationHostAnalyzer(),
      new DestinationRuleReferenceAnalyzer(),
      new VirtualServiceGatewayAnalyzer(),
      new ConflictingMeshGatewayHostsAnalyzer(),
      new VirtualServiceRulesAnalyzer(),
      new IngressSubsetAnalyzer(),
      new JwtClaimRouteAnalyzer(),
      new DestinationRuleAnalyzer(),
      WorkloadSelectorAnalyzer.sidecars(),
      WorkloadSelectorAnalyzer.telemetries(),
      WorkloadSelectorAnalyzer.authorizationPolicies(),
      WorkloadSelectorAnalyzer.peerAuthentications(),
      WorkloadSelectorAnalyzer.requestAuthentications(),
      new TelemetryProviderAnalyzer(),
      new GatewayAnalyzer(),
      new ServiceEntryAnalyzer(),
      new EnvoyFilterAnalyzer(),
      new ServicePortAnalyzer(),
      new DeploymentServicesAnalyzer(),
      new InjectionAnalyzer(),
      new ApplicationUidAnalyzer(),
      new AnnotationAnalyzer(),
      new MultiClusterServiceAnalyzer(),
      new DeprecationAnalyzer(),
      new ConditionAnalyzer(),
      new MeshNetworksAnalyzer());

  private IstioAnalyzers() {}

  /** The analyzers, stateless and safe to share between threads. */
  public static List<Analyzer> all() {
    return ALL;
  }
}
