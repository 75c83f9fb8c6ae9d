package io.meshsdk;

import io.meshsdk.mesh.ControlPlaneCondition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The operator did not report a mesh's control plane ready in time. Names the cluster and carries
 * the status conditions the operator last set, whose reasons and messages usually say what is
 * wrong (an image that cannot be pulled, a value the chart refuses). The control plane is left as
 * written: the operator may still finish, and {@link io.meshsdk.mesh.MeshControlPlane#awaitReady}
 * waits again.
 *
 * @since 0.2.0
 */
public class ControlPlaneNotReadyException extends MeshException {
  private static final long serialVersionUID = 1L;

  private final String mesh;
  private final String cluster;
  private final transient List<ControlPlaneCondition> conditions;

  /**
   * Creates the exception.
   *
   * @param mesh the mesh's name
   * @param cluster the cluster whose control plane is not ready
   * @param conditions the conditions the operator last reported; empty when it reported none
   * @param waited how long was waited, for the message
   */
  public ControlPlaneNotReadyException(String mesh, String cluster, List<ControlPlaneCondition> conditions,
      String waited) {
    super(ErrorCode.TIMEOUT, "control-plane.not-ready", Map.of("mesh", mesh, "cluster", cluster),
        "the control plane of mesh " + mesh + " on cluster " + cluster + " was not ready after " + waited + "; "
            + (conditions.isEmpty() ? "the operator reported no status yet (is the Sail operator running there?)"
                : "the operator reports " + conditions.stream().map(ControlPlaneCondition::toString)
                    .collect(Collectors.joining("; "))), null);
    this.mesh = mesh;
    this.cluster = cluster;
    this.conditions = List.copyOf(conditions);
  }

  /**
   * The mesh.
   *
   * @return its name
   */
  public String mesh() {
    return mesh;
  }

  /**
   * The cluster whose control plane was not ready.
   *
   * @return its name
   */
  public String cluster() {
    return cluster;
  }

  /**
   * The conditions the operator last reported, in its order.
   *
   * @return the conditions; empty when it reported none
   */
  public List<ControlPlaneCondition> conditions() {
    return conditions == null ? List.of() : conditions;
  }
}
