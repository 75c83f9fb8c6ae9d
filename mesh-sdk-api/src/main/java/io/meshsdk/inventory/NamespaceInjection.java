package io.meshsdk.inventory;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A namespace of a data-plane cluster and its sidecar injection setting, as Istio's injector reads
 * the labels {@code istio-injection} and {@code istio.io/rev}.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class NamespaceInjection {

  /** The namespace's injection setting. */
  public enum State {
    /** {@code istio-injection=enabled}: pods get a sidecar from the default revision. */
    ENABLED,
    /** {@code istio.io/rev=<revision>}: pods get a sidecar from that revision. */
    REVISION,
    /** {@code istio-injection=disabled}: pods get no sidecar, whatever the revision label says. */
    DISABLED,
    /** Neither label: pods get a sidecar only if their own label asks for one. */
    UNSET
  }

  NamespaceInjection() {}

  /**
   * Starts an entry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The namespace.
   *
   * @return its name
   */
  public abstract String namespace();

  /**
   * The injection setting.
   *
   * @return the state
   */
  public abstract State state();

  /**
   * The revision named by {@code istio.io/rev}.
   *
   * @return the revision, for {@link State#REVISION}
   */
  public abstract Optional<String> revision();

  /**
   * Whether new pods of the namespace get a sidecar, unless their own label says otherwise.
   *
   * @return {@code true} for {@link State#ENABLED} and {@link State#REVISION}
   */
  public final boolean injected() {
    return state() == State.ENABLED || state() == State.REVISION;
  }

  /** Builds a {@link NamespaceInjection}. */
  public static final class Builder extends ImmutableNamespaceInjection.Builder {
    Builder() {}
  }
}
