package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Locale;
import org.immutables.value.Value;

/**
 * A workload whose running pods do not match its sidecar injection setting.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableWorkloadRestart.class)
@JsonDeserialize(as = ImmutableWorkloadRestart.class)
public abstract class WorkloadRestart {

  /** What the restart would change. */
  public enum Reason {
    /** Injection is on, but some pods run without a sidecar. */
    NEEDS_SIDECAR,
    /** Injection is off, but some pods still run a sidecar. */
    HAS_UNWANTED_SIDECAR
  }

  WorkloadRestart() {}

  /**
   * Creates an entry.
   *
   * @param namespace the namespace
   * @param deployment the Deployment's name
   * @param reason what a restart would change
   * @param pods how many running pods differ
   * @return the entry
   */
  public static WorkloadRestart of(String namespace, String deployment, Reason reason, int pods) {
    return ImmutableWorkloadRestart.builder().namespace(namespace).deployment(deployment).reason(reason).pods(pods).build();
  }

  /**
   * The namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The Deployment.
   *
   * @return its name
   */
  public abstract String deployment();

  /**
   * What a restart would change.
   *
   * @return the reason
   */
  public abstract Reason reason();

  /**
   * How many running pods differ from the setting.
   *
   * @return the pod count
   */
  public abstract int pods();

  @Override
  public String toString() {
    return namespace() + "/" + deployment() + " " + reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + " (" + pods() + " pod" + (pods() == 1 ? "" : "s") + ")";
  }
}
