package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where a route copies its requests, fire and forget, in addition to forwarding them: a subset of
 * the policy's service or another host. Answers from the mirror are discarded.
 *
 * <pre>{@code
 * route(r -> r.toSubset("v1").mirror(m -> m.subset("v2").percent(50)))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableMirror.class)
@JsonDeserialize(as = ImmutableMirror.class)
public abstract class Mirror {

  Mirror() {}

  /**
   * Starts a mirror.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The host requests are copied to; the policy's own service when absent.
   *
   * @return the host, short or fully qualified
   */
  public abstract Optional<String> host();

  /**
   * The subset of the mirror host.
   *
   * @return the subset's name
   */
  public abstract Optional<String> subset();

  /**
   * The mirror host's port, needed only when it exposes several.
   *
   * @return the port
   */
  public abstract Optional<Integer> port();

  /**
   * The percentage of requests copied, 0 to 100 with fractions; every request when absent.
   *
   * @return the percentage
   */
  public abstract Optional<Double> percent();

  /** Builds a {@link Mirror}. */
  public static final class Builder extends ImmutableMirror.Builder {
    Builder() {}
  }
}
