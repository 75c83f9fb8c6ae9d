package io.meshsdk.core.internal;

import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The objects one analysis looks at: per cluster, one list per kind read. Immutable once built,
 * so analyzers may run on it from several threads; the lists across clusters are assembled once
 * per kind, and what analyzers {@link #shared share} is computed once and dropped with the context.
 */
final class LiveAnalysisContext implements AnalysisContext {
  private final Optional<MeshSpec> mesh;
  private final List<String> clusters;
  private final Set<String> configClusters;
  private final Set<String> dataPlaneClusters;
  private final Map<String, Map<ResourceType, List<MeshResource>>> objects;
  private final Set<ResourceType> incomplete;
  private final Map<ResourceType, List<ClusterResource>> merged = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> shared = new HashMap<>();

  LiveAnalysisContext(Optional<MeshSpec> mesh, List<String> clusters, Set<String> configClusters,
      Set<String> dataPlaneClusters, Map<String, Map<ResourceType, List<MeshResource>>> objects,
      Set<ResourceType> incomplete) {
    this.mesh = mesh;
    this.clusters = List.copyOf(clusters);
    this.configClusters = Set.copyOf(configClusters);
    this.dataPlaneClusters = Set.copyOf(dataPlaneClusters);
    Map<String, Map<ResourceType, List<MeshResource>>> copy = new LinkedHashMap<>();
    objects.forEach((cluster, byType) -> {
      Map<ResourceType, List<MeshResource>> types = new LinkedHashMap<>();
      byType.forEach((type, list) -> types.put(type, Collections.unmodifiableList(new ArrayList<>(list))));
      copy.put(cluster, Collections.unmodifiableMap(types));
    });
    this.objects = Collections.unmodifiableMap(copy);
    this.incomplete = Set.copyOf(incomplete);
  }

  /** The objects per cluster and kind, as read. */
  Map<String, Map<ResourceType, List<MeshResource>>> byCluster() {
    return objects;
  }

  Set<ResourceType> incomplete() {
    return incomplete;
  }

  Set<String> configClusters() {
    return configClusters;
  }

  Set<String> dataPlaneClusters() {
    return dataPlaneClusters;
  }

  /** How many objects the context holds. */
  int size() {
    return objects.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum();
  }

  @Override
  public Optional<MeshSpec> mesh() {
    return mesh;
  }

  @Override
  public List<String> clusters() {
    return clusters;
  }

  @Override
  public boolean isConfigCluster(String cluster) {
    return configClusters.contains(cluster);
  }

  @Override
  public boolean isDataPlaneCluster(String cluster) {
    return dataPlaneClusters.contains(cluster);
  }

  @Override
  public boolean complete(ResourceType type) {
    if (incomplete.contains(type)) {
      return false;
    }
    for (String cluster : clusters) {
      if (!objects.getOrDefault(cluster, Map.of()).containsKey(type)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<ClusterResource> objects(ResourceType type) {
    return merged.computeIfAbsent(type, t -> {
      List<ClusterResource> out = new ArrayList<>();
      for (String cluster : clusters) {
        for (MeshResource object : objects(cluster, t)) {
          out.add(ClusterResource.of(cluster, object));
        }
      }
      return Collections.unmodifiableList(out);
    });
  }

  @Override
  public List<MeshResource> objects(String cluster, ResourceType type) {
    return objects.getOrDefault(cluster, Map.of()).getOrDefault(type, List.of());
  }

  @Override
  public synchronized <T> T shared(Class<T> key, Function<AnalysisContext, T> compute) {
    Object value = shared.get(key);
    if (value == null) {
      value = compute.apply(this);
      shared.put(key, value);
    }
    return key.cast(value);
  }
}
