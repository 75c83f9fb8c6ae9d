package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.DiscoveredObject;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.policy.Policy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the objects on a mesh's config clusters that the SDK does not own, one list call per
 * (cluster, kind), and has the backend read them back into policies. The same policy read on
 * several clusters is one result naming the objects of each.
 */
final class Discovery {
  private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

  private final Engine engine;
  private final String mesh;
  private final Placement placement;

  Discovery(Engine engine, String mesh, Placement placement) {
    this.engine = engine;
    this.mesh = mesh;
    this.placement = placement;
  }

  List<DiscoveredPolicy> discover() {
    if (!engine.backend.capabilities().contains(BackendCapability.DISCOVERY)) {
      throw new UnsupportedCapabilityException("the " + engine.backend.id() + " backend cannot read the"
          + " existing objects of mesh " + mesh + " back into policies: it lacks the capability "
          + BackendCapability.DISCOVERY);
    }
    TranslationContext context = TranslationContext.of(mesh);
    Map<Policy, Found> merged = new LinkedHashMap<>();
    for (String cluster : placement.clusters(engine.mesh(mesh).value())) {
      List<MeshResource> foreign = foreign(engine.connection(cluster));
      if (foreign.isEmpty()) {
        continue;
      }
      for (DiscoveredPolicy found : engine.backend.discover(cluster, foreign, context)) {
        merged.computeIfAbsent(found.policy(), p -> new Found(found.reason())).sources.addAll(found.sources());
      }
      LOG.debug("found {} object(s) mesh-sdk does not own on cluster {} of mesh {}", foreign.size(), cluster, mesh);
    }
    List<DiscoveredPolicy> out = new ArrayList<>();
    merged.forEach((policy, found) -> out.add(DiscoveredPolicy.builder().policy(policy)
        .sources(found.sources).reason(found.reason).build()));
    out.sort(Comparator.comparing((DiscoveredPolicy d) -> d.policy().ref())
        .thenComparing(d -> d.sources().get(0)));
    return out;
  }

  /** Every object of the backend's kinds on one cluster that carries no SDK label. */
  private List<MeshResource> foreign(ClusterConnection connection) {
    List<MeshResource> out = new ArrayList<>();
    for (ResourceType type : engine.resourceTypes()) {
      if (!type.apiVersion().contains("/")) {
        continue; // core kinds (Secrets above all) are the mesh's wiring, never a policy to read back
      }
      for (MeshResource object : connection.list(type, null, Map.of())) {
        if (Adoption.adoptable(object)) {
          out.add(asListed(object, type));
        }
      }
    }
    return out;
  }

  /**
   * The object in the version it was listed as, as an API server serves it: a store that keeps
   * the version it was written in (a directory, the in-memory cluster) would otherwise hand back
   * {@code v1beta1} objects that the backend only manages as {@code v1}.
   */
  private static MeshResource asListed(MeshResource object, ResourceType type) {
    if (object.apiVersion().equals(type.apiVersion())) {
      return object;
    }
    ObjectNode content = object.content();
    content.put("apiVersion", type.apiVersion());
    return MeshResource.of(content);
  }

  private static final class Found {
    final Optional<String> reason;
    final TreeSet<DiscoveredObject> sources = new TreeSet<>();

    Found(Optional<String> reason) {
      this.reason = reason;
    }
  }
}
