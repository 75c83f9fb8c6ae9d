package io.meshsdk.istio.internal;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The Istio {@link MeshBackend}: stateless, so one instance serves every thread. */
public final class IstioBackend implements MeshBackend {
  private final MembershipWiring membership = new IstioMembershipWiring();

  /** Creates the backend; use {@link IstioBackendProvider#create()}. */
  public IstioBackend() {}

  @Override
  public String id() {
    return IstioBackendProvider.ID;
  }

  @Override
  public Set<BackendCapability> capabilities() {
    return Set.of(BackendCapability.TRAFFIC_POLICY);
  }

  @Override
  public Optional<MembershipWiring> membership() {
    return Optional.of(membership);
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
}
