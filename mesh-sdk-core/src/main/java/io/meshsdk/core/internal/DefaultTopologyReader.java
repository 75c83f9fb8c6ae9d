package io.meshsdk.core.internal;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.TelemetrySource;
import io.meshsdk.spi.TranslationContext;
import io.meshsdk.topology.TopologyGraph;
import io.meshsdk.topology.TopologyQuery;
import io.meshsdk.topology.TopologyReader;

/** Reads topology through the backend, after checking that it and a telemetry source are there. */
final class DefaultTopologyReader implements TopologyReader {
  private final Engine engine;
  private final String mesh;

  DefaultTopologyReader(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  @Override
  public TopologyGraph read(TopologyQuery query) {
    engine.mesh(mesh);
    if (!engine.backend.capabilities().contains(BackendCapability.TELEMETRY)) {
      throw new UnsupportedCapabilityException("the " + engine.backend.id()
          + " backend in use does not read topology from telemetry");
    }
    TelemetrySource source = engine.settings.telemetry().orElseThrow(() -> new UnsupportedCapabilityException(
        "no telemetry source is configured; pass one with MeshManager.builder().telemetry(...)"));
    return engine.backend.topology(source, query, TranslationContext.of(mesh));
  }
}
