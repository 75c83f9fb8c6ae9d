package io.meshsdk.topology;

/**
 * Reads the live service graph of a mesh from its telemetry.
 *
 * @since 0.1.0
 */
public interface TopologyReader {

  /**
   * Reads the graph for a time window.
   *
   * @param query the window and filters
   * @return the graph
   * @throws io.meshsdk.UnsupportedCapabilityException if the backend offers no telemetry or no
   *     {@link io.meshsdk.spi.TelemetrySource} is configured
   */
  TopologyGraph read(TopologyQuery query);
}
