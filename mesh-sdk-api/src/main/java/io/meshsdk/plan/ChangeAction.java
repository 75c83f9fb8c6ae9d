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
  UNCHANGED
}
