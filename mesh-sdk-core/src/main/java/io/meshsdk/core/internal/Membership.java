package io.meshsdk.core.internal;

import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Map;

/**
 * The rule that every cluster of a mesh is registered and belongs to no other mesh, as the records
 * say; checked after the clusters are claimed, so meshes recorded before claims existed count too.
 */
final class Membership {
  private Membership() {}

  static void requireAvailable(Engine engine, String mesh, List<String> clusters) {
    for (String cluster : clusters) {
      if (engine.store.cluster(cluster).isEmpty()) {
        throw new MeshNotFoundException("cluster.not-registered", Map.of("cluster", cluster, "mesh", mesh),
            "cluster " + cluster + " is not registered; register it before mesh " + mesh + " uses it");
      }
      for (Versioned<MeshSpec> other : engine.store.meshes()) {
        if (!other.value().name().equals(mesh) && other.value().clusters().contains(cluster)) {
          throw new MeshConflictException("cluster " + cluster + " already belongs to mesh " + other.value().name());
        }
      }
    }
  }
}
