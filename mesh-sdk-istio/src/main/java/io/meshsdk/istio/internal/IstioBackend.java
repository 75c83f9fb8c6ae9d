package io.meshsdk.istio.internal;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.policy.AuthorizationPolicy;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.ExternalWorkload;
import io.meshsdk.policy.ExternalWorkloadGroup;
import io.meshsdk.policy.GatewayPolicy;
import io.meshsdk.policy.JwtPolicy;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.istio.internal.analysis.IstioAnalyzers;
import io.meshsdk.istio.internal.checks.MeshChecks;
import io.meshsdk.istio.internal.topology.IstioTopology;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.ControlPlaneLifecycle;
import io.meshsdk.spi.GatewayInstances;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.spi.TrustAuthority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The Istio {@link MeshBackend}: stateless, so one instance serves every thread. */
public final class IstioBackend implements MeshBackend {
  /** What each policy kind translates to; raw policies may hold any declared kind. */
  private static final Map<String, List<ResourceType>> PRODUCES = Map.of(
      TrafficPolicy.KIND, List.of(IstioResourceTypes.DESTINATION_RULE, IstioResourceTypes.VIRTUAL_SERVICE),
      MtlsPolicy.KIND, List.of(IstioResourceTypes.PEER_AUTHENTICATION),
      AuthorizationPolicy.KIND, List.of(IstioResourceTypes.AUTHORIZATION_POLICY),
      JwtPolicy.KIND, List.of(IstioResourceTypes.REQUEST_AUTHENTICATION, IstioResourceTypes.AUTHORIZATION_POLICY),
      GatewayPolicy.KIND, List.of(IstioResourceTypes.GATEWAY, IstioResourceTypes.VIRTUAL_SERVICE),
      ExternalService.KIND, List.of(IstioResourceTypes.SERVICE_ENTRY, IstioResourceTypes.GATEWAY,
          IstioResourceTypes.DESTINATION_RULE, IstioResourceTypes.VIRTUAL_SERVICE),
      SidecarPolicy.KIND, List.of(IstioResourceTypes.SIDECAR),
      TelemetryPolicy.KIND, List.of(IstioResourceTypes.TELEMETRY),
      ExternalWorkload.KIND, List.of(IstioResourceTypes.WORKLOAD_ENTRY),
      ExternalWorkloadGroup.KIND, List.of(IstioResourceTypes.WORKLOAD_GROUP));

  private final MembershipWiring membership = new IstioMembershipWiring();
  private final ControlPlaneLifecycle controlPlane = new SailControlPlane();
  private final GatewayInstances gateways = new IstioGatewayInstances();
  private final TrustAuthority trust = new IstioTrustAuthority();

  /** Creates the backend; use {@link IstioBackendProvider#create()}. */
  public IstioBackend() {}

  @Override
  public String id() {
    return IstioBackendProvider.ID;
  }

  @Override
  public Set<BackendCapability> capabilities() {
    return Set.copyOf(EnumSet.of(BackendCapability.TRAFFIC_POLICY, BackendCapability.SECURITY_POLICY,
        BackendCapability.GATEWAY_POLICY, BackendCapability.EXTERNAL_SERVICE, BackendCapability.SIDECAR_POLICY,
        BackendCapability.EXTERNAL_WORKLOAD, BackendCapability.TELEMETRY_POLICY, BackendCapability.RAW_RESOURCE,
        BackendCapability.TELEMETRY, BackendCapability.DISCOVERY));
  }

  @Override
  public List<ResourceType> resourceTypes(String policyKind) {
    return PRODUCES.getOrDefault(policyKind, resourceTypes());
  }

  @Override
  public Optional<MembershipWiring> membership() {
    return Optional.of(membership);
  }

  @Override
  public Optional<ControlPlaneLifecycle> controlPlane() {
    return Optional.of(controlPlane);
  }

  @Override
  public List<ResourceType> resourceTypes() {
    return IstioResourceTypes.ALL;
  }

  @Override
  public Optional<GatewayInstances> gateways() {
    return Optional.of(gateways);
  }

  @Override
  public Optional<TrustAuthority> trust() {
    return Optional.of(trust);
  }

  @Override
  public List<MeshResource> translate(Policy policy, TranslationContext context) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(context, "context");
    List<MeshResource> out = new ArrayList<>(dispatch(policy, context));
    // creation order, whatever order a translator produced them in; stable within a kind
    out.sort(Comparator.comparingInt(IstioBackend::rank));
    return List.copyOf(out);
  }

  private List<MeshResource> dispatch(Policy policy, TranslationContext context) {
    if (policy instanceof TrafficPolicy) {
      return new TrafficPolicyTranslator((TrafficPolicy) policy, context).translate();
    }
    if (policy instanceof MtlsPolicy) {
      return SecurityTranslator.mtls((MtlsPolicy) policy);
    }
    if (policy instanceof AuthorizationPolicy) {
      return SecurityTranslator.authorization((AuthorizationPolicy) policy);
    }
    if (policy instanceof JwtPolicy) {
      return SecurityTranslator.jwt((JwtPolicy) policy);
    }
    if (policy instanceof GatewayPolicy) {
      return new GatewayTranslator((GatewayPolicy) policy, context).translate();
    }
    if (policy instanceof ExternalService) {
      return new ExternalServiceTranslator((ExternalService) policy).translate();
    }
    if (policy instanceof SidecarPolicy) {
      return MeshConfigTranslator.sidecar((SidecarPolicy) policy);
    }
    if (policy instanceof TelemetryPolicy) {
      return MeshConfigTranslator.telemetry((TelemetryPolicy) policy);
    }
    if (policy instanceof ExternalWorkload) {
      return MeshConfigTranslator.workloadEntry((ExternalWorkload) policy);
    }
    if (policy instanceof ExternalWorkloadGroup) {
      return MeshConfigTranslator.workloadGroup((ExternalWorkloadGroup) policy);
    }
    if (policy instanceof RawPolicy) {
      return RawTranslator.translate((RawPolicy) policy, resourceTypes());
    }
    throw new UnsupportedCapabilityException(
        "the Istio backend cannot translate " + policy.ref() + ": policies of kind " + policy.kind()
            + " need a backend that supports them");
  }

  @Override
  public List<DiscoveredPolicy> discover(String cluster, List<MeshResource> objects, TranslationContext context) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(context, "context");
    return new IstioDiscovery(this, cluster, context).discover(objects);
  }

  @Override
  public List<Analyzer> analyzers() {
    List<Analyzer> analyzers = new ArrayList<>(IstioAnalyzers.all());
    analyzers.addAll(MeshChecks.all());
    return List.copyOf(analyzers);
  }

  @Override
  public TopologyGraph topology(TelemetrySource source, TopologyQuery query, TranslationContext context,
      MeshClusterReader clusters) {
    return IstioTopology.read(source, query, context, clusters);
  }

  /**
   * Converts a fabric8 object to the neutral form, the way the backend converts its own.
   *
   * @param object the object
   * @return the resource
   */
  public static MeshResource toResource(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return IstioJson.toResource(object);
  }

  private static int rank(MeshResource resource) {
    List<ResourceType> types = IstioResourceTypes.ALL;
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).kind().equals(resource.kind()) && types.get(i).apiVersion().equals(resource.apiVersion())) {
        return i;
      }
    }
    return types.size();
  }
}
