package io.meshsdk.mesh;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.RawPolicy;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Configuration found on a mesh's config clusters that the SDK does not own, read back as a
 * policy: a typed policy when the typed API says exactly what the objects say (translating the
 * policy gives their specs back unchanged), a {@link RawPolicy} holding the objects as they are
 * otherwise, with the reason. Pass {@link #policy()} to {@link MeshPolicies#adopt(List)} to take
 * the objects over.
 *
 * <pre>{@code
 * for (DiscoveredPolicy found : legacy.policies().discover()) {
 *   System.out.println(found.policy().ref() + " from " + found.sources()
 *       + found.reason().map(r -> " (raw: " + r + ")").orElse(""));
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDiscoveredPolicy.class)
@JsonDeserialize(as = ImmutableDiscoveredPolicy.class)
public abstract class DiscoveredPolicy {

  DiscoveredPolicy() {}

  /**
   * Starts a discovered policy; backends build them, users read them.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy that says what the objects say.
   *
   * @return a typed policy when {@link #exact()}, a {@link RawPolicy} otherwise
   */
  public abstract Policy policy();

  /**
   * The objects the policy was read from, on every config cluster they were found on.
   *
   * @return the objects, ordered by cluster and object
   */
  public abstract List<DiscoveredObject> sources();

  /**
   * Why the objects could not be read as a typed policy, for example {@code field
   * spec.http[0].mirror has no typed equivalent}.
   *
   * @return the reason; empty when the policy is typed and exact
   */
  public abstract Optional<String> reason();

  /**
   * Whether the typed policy says exactly what the objects say.
   *
   * @return {@code true} unless the policy is a raw one kept for a {@link #reason()}
   */
  @JsonIgnore
  public final boolean exact() {
    return reason().isEmpty();
  }

  @Value.Check
  void check() {
    if (sources().isEmpty()) {
      throw new IllegalStateException("a discovered policy needs the objects it was read from");
    }
    if (reason().isPresent() && !(policy() instanceof RawPolicy)) {
      throw new IllegalStateException("only a raw policy has a reason: " + policy().ref() + ", " + reason().get());
    }
  }

  /** Builds a {@link DiscoveredPolicy}. */
  public static final class Builder extends ImmutableDiscoveredPolicy.Builder {
    Builder() {}
  }
}
