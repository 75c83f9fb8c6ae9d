package io.meshsdk.istio.internal;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.istio.internal.topology.IstioTopology;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshClusterReader;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The Istio {@link MeshBackend}: stateless, so one instance serves every thread. */
public final class IstioBackend implements MeshBackend {

  /** Creates the backend; use {@link IstioBackendProvider#create()}. */
  public IstioBackend() {}

  @Override
  public String id() {
    return IstioBackendProvider.ID;
  }

  @Override
  public Set<BackendCapability> capabilities() {
    return Set.of(BackendCapability.TRAFFIC_POLICY, BackendCapability.TELEMETRY);
  }

  @Override
  public List<ResourceType> resourceTypes() {
    return IstioResourceTypes.ALL;
  }

  @Override
  public List<MeshResource> translate(Policy policy, TranslationContext context) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(context, "context");
    if (policy instanceof TrafficPolicy) {
      return new TrafficPolicyTranslator((TrafficPolicy) policy, context).translate();
    }
    throw new UnsupportedCapabilityException(
        "the Istio backend cannot translate " + policy.ref() + ": it translates "
            + TrafficPolicy.KIND + " only; policies of kind " + policy.kind()
            + " need a backend that supports them");
  }

  @Override
  public TopologyGraph topology(TelemetrySource source, TopologyQuery query, TranslationContext context,
      MeshClusterReader clusters) {
    return IstioTopology.read(source, query, context, clusters);
  }
}
