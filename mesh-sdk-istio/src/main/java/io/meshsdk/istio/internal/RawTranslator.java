package io.meshsdk.istio.internal;

import io.meshsdk.PolicyValidationException;
import io.meshsdk.Violation;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Passes the objects of a {@link RawPolicy} through unchanged, after checking that each is of a
 * kind the backend declares: anything else could never be listed again, so it could be neither
 * diffed nor pruned.
 */
final class RawTranslator {

  private RawTranslator() {}

  static List<MeshResource> translate(RawPolicy policy, List<ResourceType> declared) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < policy.resources().size(); i++) {
      MeshResource resource = policy.resources().get(i);
      boolean known = declared.stream()
          .anyMatch(t -> t.kind().equals(resource.kind()) && t.apiVersion().equals(resource.apiVersion()));
      if (!known) {
        violations.add(Violation.of("resources[" + i + "].kind", "is " + resource.kind() + " of "
            + resource.apiVersion() + ", which the Istio backend does not manage; it manages "
            + declared.stream().map(ResourceType::toString).collect(Collectors.joining(", "))));
      }
    }
    if (!violations.isEmpty()) {
      throw new PolicyValidationException(policy.ref().toString(), violations);
    }
    return policy.resources();
  }
}
