package io.meshsdk.topology;

import java.util.concurrent.CompletableFuture;

/**
 * Reads the live service graph of a mesh from its telemetry, across all its clusters, with the
 * configuration that applies to each node and edge. Obtain one from {@link
 * io.meshsdk.mesh.Mesh#topology()}.
 *
 * @since 0.1.0
 */
public interface TopologyReader {

  /**
   * Reads the graph for a time window. Issues the same small number of telemetry queries
   * whatever the size of the mesh; {@link TopologyGraph#queries()} and {@link
   * TopologyGraph#seriesRead()} tell how many and how much.
   *
   * @param query the window and filters
   * @return the graph; {@link TopologyGraph#partial()} when part of the telemetry or
   *     configuration could not be read
   * @throws io.meshsdk.UnsupportedCapabilityException if the backend offers no telemetry or no
   *     {@link io.meshsdk.spi.TelemetrySource} is configured
   * @throws io.meshsdk.MeshBackendException if the telemetry source answered with an error, for
   *     example a rejected query
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#CLUSTER_UNREACHABLE} or
   *     {@link io.meshsdk.ErrorCode#TIMEOUT} (both retryable) if the source could not be reached
   *     or was too slow
   */
  TopologyGraph read(TopologyQuery query);

  /**
   * Reads the graph as {@link #read(TopologyQuery)} does, on the manager's executor. Cancelling
   * the future does not stop telemetry queries already sent.
   *
   * @param query the window and filters
   * @return the graph when read; failed with the exception {@link #read(TopologyQuery)} would
   *     throw
   * @throws io.meshsdk.MeshAccessDeniedException at once, if the access policy refuses the read
   * @since 0.2.0
   */
  CompletableFuture<TopologyGraph> readAsync(TopologyQuery query);
}
