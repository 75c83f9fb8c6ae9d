package io.meshsdk.cluster;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One istiod control plane found on a cluster: its revision and the Istio version it runs.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableIstiodRevision.class)
@JsonDeserialize(as = ImmutableIstiodRevision.class)
public abstract class IstiodRevision {

  IstiodRevision() {}

  /**
   * Describes an istiod.
   *
   * @param revision the value of its {@code istio.io/rev} label, {@code default} when unlabelled
   * @param version the tag of its image, for example {@code 1.24.2}, or {@code null} if unknown
   * @param deployment the name of its Deployment in {@code istio-system}
   * @param readyReplicas how many of its pods are ready
   * @return the value
   */
  public static IstiodRevision of(
      String revision, String version, String deployment, int readyReplicas) {
    return ImmutableIstiodRevision.builder()
        .revision(revision)
        .version(Optional.ofNullable(version))
        .deployment(deployment)
        .readyReplicas(readyReplicas)
        .build();
  }

  /**
   * The revision, from the {@code istio.io/rev} label.
   *
   * @return for example {@code default} or {@code 1-24-2}
   */
  public abstract String revision();

  /**
   * The Istio version, from the tag of the discovery container's image.
   *
   * @return for example {@code 1.24.2}; empty when the image has no tag or a digest only
   */
  public abstract Optional<String> version();

  /**
   * The Deployment running this istiod.
   *
   * @return its name in {@code istio-system}
   */
  public abstract String deployment();

  /**
   * How many istiod pods of this revision are ready.
   *
   * @return zero or more
   */
  public abstract int readyReplicas();
}
