package io.meshsdk.spring.actuate;

import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.Mesh;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The health of everything a {@link MeshManager} knows, as two groups: {@code clusters}, one
 * {@link ClusterHealthIndicator} per registered cluster, and {@code meshes}, one {@link
 * MeshHealthIndicator} per mesh. The groups follow the registry as it is when the health is
 * read, so clusters and meshes added at run time appear without a restart. When the registry
 * itself cannot be read (a Kubernetes store whose API server is down, say), a group holds a
 * single {@code registry} entry that is {@code DOWN} with the store's error, and the rest of the
 * application's health is still reported.
 *
 * <p>Every read probes each cluster's API server (once for the cluster and once for each mesh it
 * belongs to). Keep these contributors out of liveness and readiness groups: one unreachable
 * cluster among many says nothing about whether the application itself should be restarted.
 *
 * @since 0.2.0
 */
public final class MeshSdkHealthContributor implements CompositeHealthContributor {
  private final HealthContributor clusters;
  private final HealthContributor meshes;

  /**
   * Reports on a manager's clusters and meshes.
   *
   * @param manager the manager
   */
  public MeshSdkHealthContributor(MeshManager manager) {
    Objects.requireNonNull(manager, "manager");
    this.clusters = new Group(
        () -> manager.clusters().list().stream().map(ClusterSpec::name).collect(Collectors.toList()),
        name -> manager.clusters().find(name).isPresent(),
        name -> new ClusterHealthIndicator(manager, name));
    this.meshes = new Group(
        () -> manager.list().stream().map(Mesh::name).collect(Collectors.toList()),
        name -> manager.find(name).isPresent(),
        name -> new MeshHealthIndicator(manager, name));
  }

  @Override
  public HealthContributor getContributor(String name) {
    switch (name) {
      case "clusters":
        return clusters;
      case "meshes":
        return meshes;
      default:
        return null;
    }
  }

  @Override
  public Iterator<NamedContributor<HealthContributor>> iterator() {
    return List.of(NamedContributor.of("clusters", clusters), NamedContributor.of("meshes", meshes)).iterator();
  }

  /** A contributor per name, over the names the registry has when asked. */
  private static final class Group implements CompositeHealthContributor {
    private final Supplier<List<String>> names;
    private final Predicate<String> exists;
    private final Function<String, HealthContributor> contributor;

    Group(Supplier<List<String>> names, Predicate<String> exists,
        Function<String, HealthContributor> contributor) {
      this.names = names;
      this.exists = exists;
      this.contributor = contributor;
    }

    @Override
    public HealthContributor getContributor(String name) {
      try {
        return exists.test(name) ? contributor.apply(name) : null;
      } catch (MeshException e) {
        // the indicator reports the store's error when read
        return contributor.apply(name);
      }
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
      List<String> current;
      try {
        current = names.get();
      } catch (MeshException e) {
        String problem = String.valueOf(e.getMessage());
        HealthIndicator registry = () -> Health.down().withDetail("problems", List.of(problem)).build();
        return List.of(NamedContributor.<HealthContributor>of("registry", registry)).iterator();
      }
      return current.stream()
          .map(name -> NamedContributor.of(name, contributor.apply(name)))
          .iterator();
    }
  }
}
