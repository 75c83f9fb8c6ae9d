package io.meshsdk.plan;

/**
 * What a plan does to one object.
 *
 * @since 0.1.0
 */
public enum ChangeAction {
  /** The object does not exist yet and will be created. */
  CREATE,
  /** The object exists and differs; it will be updated. */
  UPDATE,
  /** The object exists and is no longer wanted; it will be deleted. */
  DELETE,
  /** The object exists exactly as wanted; nothing is written. */
  UNCHANGED,
  /**
   * The object exists but the SDK does not own it, and the plan takes it over: the ownership
   * labels and the intent are added, with its preconditions pinned as for an update. Its spec
   * stays as it is unless the adopting policy says otherwise, which the change's diff then shows.
   * Only {@link io.meshsdk.mesh.MeshPolicies#adopt(java.util.List)} plans it.
   *
   * @since 0.2.0
   */
  ADOPT
}
