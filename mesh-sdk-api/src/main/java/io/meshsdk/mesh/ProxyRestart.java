package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/**
 * A workload whose running proxies were injected by another control-plane revision than the one
 * its namespace selects now: a restart moves it.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableProxyRestart.class)
@JsonDeserialize(as = ImmutableProxyRestart.class)
public abstract class ProxyRestart {

  ProxyRestart() {}

  /**
   * Describes a workload to restart.
   *
   * @param namespace its namespace
   * @param deployment the Deployment's name
   * @param runningRevision the revision its proxies run
   * @param wantedRevision the revision its namespace selects
   * @param pods how many of its pods run another revision
   * @return the value
   */
  public static ProxyRestart of(String namespace, String deployment, String runningRevision, String wantedRevision,
      int pods) {
    return ImmutableProxyRestart.builder().namespace(namespace).deployment(deployment)
        .runningRevision(runningRevision).wantedRevision(wantedRevision).pods(pods).build();
  }

  /**
   * The namespace.
   *
   * @return its name
   */
  public abstract String namespace();

  /**
   * The Deployment.
   *
   * @return its name
   */
  public abstract String deployment();

  /**
   * The revision the workload's proxies run.
   *
   * @return for example {@code prod-v1-29-3}
   */
  public abstract String runningRevision();

  /**
   * The revision the namespace selects, through its revision tag or revision label.
   *
   * @return for example {@code prod-v1-30-3}
   */
  public abstract String wantedRevision();

  /**
   * How many of the workload's pods run another revision.
   *
   * @return one or more
   */
  public abstract int pods();

  @Override
  public String toString() {
    return namespace() + "/" + deployment() + " runs " + runningRevision() + ", wants " + wantedRevision()
        + " (" + pods() + " pod" + (pods() == 1 ? "" : "s") + ")";
  }
}
