package io.meshsdk;

import java.util.List;
import java.util.Map;

/**
 * A control-plane revision cannot be removed because workloads still use it: their running proxies
 * were injected by it, or their namespace still selects it. Restart or move them, then remove the
 * revision again.
 *
 * @since 0.2.0
 */
public class RevisionInUseException extends MeshConflictException {
  private static final long serialVersionUID = 1L;

  private final String revision;
  private final List<String> users;

  /**
   * Creates the exception.
   *
   * @param mesh the mesh's name
   * @param revision the revision that is still used
   * @param users what uses it, for example {@code cluster bj-1: Deployment bookinfo/reviews-v1 (2
   *     pods)}
   */
  public RevisionInUseException(String mesh, String revision, List<String> users) {
    super(ErrorCode.CONFLICT, "control-plane.revision-in-use", Map.of("mesh", mesh, "revision", revision),
        "revision " + revision + " of mesh " + mesh + " is still used by " + String.join("; ", users)
            + "; move or restart these workloads first");
    this.revision = revision;
    this.users = List.copyOf(users);
  }

  /**
   * The revision that is still used.
   *
   * @return its name
   */
  public String revision() {
    return revision;
  }

  /**
   * What still uses the revision, one entry per workload or namespace.
   *
   * @return the users, ordered by cluster and name
   */
  public List<String> users() {
    return users;
  }
}
