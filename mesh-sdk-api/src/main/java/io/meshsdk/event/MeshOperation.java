package io.meshsdk.event;

/**
 * What a caller asked the manager to do; named in events, audit records and access requests.
 *
 * @since 0.2.0
 */
public enum MeshOperation {
  /** Reading policies, inventory, drift or topology; writes nothing. */
  READ,
  /** Planning or applying policies. */
  APPLY,
  /**
   * Taking over objects someone else wrote as the SDK's policies ({@code policies().adopt}):
   * distinct from {@link #APPLY}, so that an access policy can keep it to those who may decide
   * what the SDK owns.
   */
  ADOPT,
  /** Planning or applying the removal of policies. */
  DELETE,
  /** Planning or applying the repair of drifted objects. */
  RECONCILE,
  /** Creating a mesh. */
  CREATE_MESH,
  /** Deleting a mesh. */
  DELETE_MESH,
  /** A cluster joining a mesh. */
  JOIN,
  /** A cluster leaving a mesh. */
  LEAVE,
  /** Rotating the credentials the control plane holds for a member. */
  ROTATE_CREDENTIALS,
  /** Changing sidecar injection or pass-through settings of a namespace or workload. */
  CONFIGURE_SIDECARS,
  /** Restarting workloads so that their pods get or lose a sidecar. */
  RESTART,
  /** Registering or removing a cluster in the registry. */
  MANAGE_CLUSTERS,
  /** Installing, upgrading, promoting or rolling back a mesh's control plane, or removing a revision of it. */
  MANAGE_CONTROL_PLANE
}
