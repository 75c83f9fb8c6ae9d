package io.meshsdk.core;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default store: clusters, meshes and claims in memory, with the same optimistic
 * concurrency as durable stores. Lost when the process ends.
 *
 * @since 0.1.0
 */
public final class InMemoryMeshStore implements MeshStore {
  private final Table<ClusterSpec> clusters = new Table<>("cluster");
  private final Table<MeshSpec> meshes = new Table<>("mesh");
  private final Table<StoreClaim> claims = new Table<>("claim");
  private final ConcurrentMap<String, SecretData> secrets = new ConcurrentHashMap<>();

  @Override
  public void putSecret(String location, SecretData data) {
    secrets.put(Objects.requireNonNull(location, "location"), Objects.requireNonNull(data, "data"));
  }

  @Override
  public Optional<SecretData> secret(String location) {
    return Optional.ofNullable(secrets.get(location));
  }

  @Override
  public void deleteSecret(String location) {
    secrets.remove(location);
  }

  @Override
  public List<Versioned<ClusterSpec>> clusters() {
    return clusters.list();
  }

  @Override
  public Optional<Versioned<ClusterSpec>> cluster(String name) {
    return clusters.get(name);
  }

  @Override
  public Versioned<ClusterSpec> createCluster(ClusterSpec cluster) {
    return clusters.create(cluster.name(), cluster);
  }

  @Override
  public void deleteCluster(String name, String expectedVersion) {
    clusters.delete(name, expectedVersion);
  }

  @Override
  public List<Versioned<MeshSpec>> meshes() {
    return meshes.list();
  }

  @Override
  public Optional<Versioned<MeshSpec>> mesh(String name) {
    return meshes.get(name);
  }

  @Override
  public Versioned<MeshSpec> createMesh(MeshSpec mesh) {
    return meshes.create(mesh.name(), mesh);
  }

  @Override
  public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
    return meshes.update(mesh.name(), mesh, expectedVersion);
  }

  @Override
  public void deleteMesh(String name, String expectedVersion) {
    meshes.delete(name, expectedVersion);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public Optional<Versioned<StoreClaim>> claim(String key) {
    return claims.get(key);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public Versioned<StoreClaim> createClaim(StoreClaim claim) {
    return claims.create(claim.key(), claim);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public void deleteClaim(String key, String expectedVersion) {
    claims.delete(key, expectedVersion);
  }

  private static final class Table<T> {
    private final String what;
    private final TreeMap<String, Versioned<T>> rows = new TreeMap<>();
    private final AtomicLong versions = new AtomicLong();

    Table(String what) {
      this.what = what;
    }

    synchronized List<Versioned<T>> list() {
      return List.copyOf(rows.values());
    }

    synchronized Optional<Versioned<T>> get(String name) {
      return Optional.ofNullable(rows.get(name));
    }

    synchronized Versioned<T> create(String name, T value) {
      if (rows.containsKey(name)) {
        throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "a " + what + " named " + name + " already exists");
      }
      Versioned<T> row = Versioned.of(value, Long.toString(versions.incrementAndGet()));
      rows.put(name, row);
      return row;
    }

    synchronized Versioned<T> update(String name, T value, String expectedVersion) {
      check(name, expectedVersion);
      Versioned<T> row = Versioned.of(value, Long.toString(versions.incrementAndGet()));
      rows.put(name, row);
      return row;
    }

    synchronized void delete(String name, String expectedVersion) {
      check(name, expectedVersion);
      rows.remove(name);
    }

    private void check(String name, String expectedVersion) {
      Versioned<T> current = rows.get(name);
      if (current == null) {
        throw new MeshNotFoundException("no " + what + " named " + name);
      }
      if (!current.version().equals(expectedVersion)) {
        throw new MeshConflictException(what + " " + name + " was changed by another writer (version "
            + expectedVersion + " read, " + current.version() + " stored); read it again");
      }
    }
  }
}
