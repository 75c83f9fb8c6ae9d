package io.meshsdk.event;

/**
 * Receives what a {@link io.meshsdk.MeshManager} does, as it happens: plans computed, applies
 * with their progress per cluster and object, retried writes, membership changes, cluster health
 * changes, drift found and topology reads. Register listeners with {@link
 * io.meshsdk.MeshManagerBuilder#listener(MeshListener)}; every method has an empty default, so a
 * listener overrides only what it needs.
 *
 * <pre>{@code
 * MeshManager meshes = MeshManager.builder()
 *     .listener(new MeshListener() {
 *       public void objectApplied(ObjectApplied event) { progress.send(event); }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Listeners are called synchronously on the thread doing the work (for an apply, one of the
 * manager's per-cluster threads), so they must be thread-safe and quick; hand slow work to a
 * queue. An exception thrown by a listener is logged at WARN and otherwise ignored: it never
 * fails or stops the operation, nor keeps other listeners from being called.
 *
 * @since 0.2.0
 */
public interface MeshListener {

  /**
   * A plan was computed; nothing was written.
   *
   * @param event the plan's summary
   */
  default void planComputed(PlanComputed event) {}

  /**
   * Applying a plan starts.
   *
   * @param event what is about to be written
   */
  default void applyStarted(ApplyStarted event) {}

  /**
   * One object of a plan was written, failed, skipped or found unchanged on its cluster.
   *
   * @param event the object's outcome
   */
  default void objectApplied(ObjectApplied event) {}

  /**
   * A write failed transiently (conflict, throttling, server error, lost connection) and is tried
   * again.
   *
   * @param event the failed attempt
   */
  default void writeRetried(WriteRetried event) {}

  /**
   * Every object of a plan on one cluster was handled.
   *
   * @param event the cluster's result
   */
  default void clusterApplied(ClusterApplied event) {}

  /**
   * Applying a plan finished, on every cluster.
   *
   * @param event the whole result
   */
  default void applyFinished(ApplyFinished event) {}

  /**
   * A cluster joined or left a mesh.
   *
   * @param event the change
   */
  default void membershipChanged(MembershipChanged event) {}

  /**
   * A health probe of a cluster found another status than the probe before it.
   *
   * @param event the new health and the status it replaces
   */
  default void clusterHealthChanged(ClusterHealthChanged event) {}

  /**
   * A drift check found objects edited or deleted out of band.
   *
   * @param event the report
   */
  default void driftFound(DriftFound event) {}

  /**
   * The topology of a mesh was read.
   *
   * @param event the size of the graph and the cost of the read
   */
  default void topologyRead(TopologyRead event) {}

  /**
   * A mesh, or a plan of it, was analyzed; nothing was written.
   *
   * @param event the analysis' summary
   * @since 0.2.0
   */
  default void analysisCompleted(AnalysisCompleted event) {}
}
