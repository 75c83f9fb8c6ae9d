package io.meshsdk.inventory;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One running pod of a workload and its sidecar: whether it has one, and from which istiod
 * revision and proxy image.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class PodSidecar {

  PodSidecar() {}

  /**
   * Starts an entry.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The pod.
   *
   * @return its name
   */
  public abstract String pod();

  /**
   * Whether the pod runs an {@code istio-proxy} container.
   *
   * @return {@code true} when injected
   */
  public abstract boolean injected();

  /**
   * The istiod revision that injected the sidecar, from the pod's {@code sidecar.istio.io/status}
   * annotation, or its {@code istio.io/rev} label.
   *
   * @return the revision, for example {@code default} or {@code 1-24-0}
   */
  public abstract Optional<String> revision();

  /**
   * The proxy's container image.
   *
   * @return for example {@code docker.io/istio/proxyv2:1.24.0}
   */
  public abstract Optional<String> proxyImage();

  /**
   * The proxy's version, the tag of {@link #proxyImage()}.
   *
   * @return for example {@code 1.24.0}
   */
  public final Optional<String> proxyVersion() {
    return proxyImage().flatMap(image -> {
      int at = image.indexOf('@');
      String named = at < 0 ? image : image.substring(0, at);
      int colon = named.lastIndexOf(':');
      return colon > named.lastIndexOf('/') ? Optional.of(named.substring(colon + 1)) : Optional.empty();
    });
  }

  /** Builds a {@link PodSidecar}. */
  public static final class Builder extends ImmutablePodSidecar.Builder {
    Builder() {}
  }
}
