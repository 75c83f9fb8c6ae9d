package io.meshsdk.spi;

import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.mesh.MeshSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where the Global Service Cluster keeps the registry of clusters and meshes. Updates and
 * deletions name the version they read and fail with {@link io.meshsdk.MeshConflictException}
 * if it moved, so several platform replicas may share one store. Credentials are stored only as
 * references.
 *
 * <p>Since 0.2.0 a store also keeps {@linkplain StoreClaim claims}, created only where none
 * exists and deleted only at the version read, which the engine takes so that at most one mesh
 * ever owns a cluster however replicas interleave. A store written for 0.1.0 keeps none: its
 * claim methods throw {@link UnsupportedCapabilityException}, and the engine then checks the
 * mesh records alone, which keeps one replica consistent but not several racing ones.
 *
 * @since 0.1.0
 */
public interface MeshStore {

  /**
   * Every cluster, ordered by name.
   *
   * @return the clusters with their versions
   */
  List<Versioned<ClusterSpec>> clusters();

  /**
   * One cluster.
   *
   * @param name the cluster's name
   * @return the cluster with its version, or empty
   */
  Optional<Versioned<ClusterSpec>> cluster(String name);

  /**
   * Adds a cluster.
   *
   * @param cluster the cluster
   * @return the stored cluster with its version
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#ALREADY_EXISTS}
   */
  Versioned<ClusterSpec> createCluster(ClusterSpec cluster);

  /**
   * Removes a cluster.
   *
   * @param name the cluster's name
   * @param expectedVersion the version read
   * @throws io.meshsdk.MeshNotFoundException if it does not exist
   * @throws io.meshsdk.MeshConflictException if its version moved
   */
  void deleteCluster(String name, String expectedVersion);

  /**
   * Every mesh, ordered by name.
   *
   * @return the meshes with their versions
   */
  List<Versioned<MeshSpec>> meshes();

  /**
   * One mesh.
   *
   * @param name the mesh's name
   * @return the mesh with its version, or empty
   */
  Optional<Versioned<MeshSpec>> mesh(String name);

  /**
   * Adds a mesh.
   *
   * @param mesh the mesh
   * @return the stored mesh with its version
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#ALREADY_EXISTS}
   */
  Versioned<MeshSpec> createMesh(MeshSpec mesh);

  /**
   * Replaces a mesh.
   *
   * @param mesh the new specification
   * @param expectedVersion the version read
   * @return the stored mesh with its new version
   * @throws io.meshsdk.MeshNotFoundException if it does not exist
   * @throws io.meshsdk.MeshConflictException if its version moved
   */
  Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion);

  /**
   * Removes a mesh.
   *
   * @param name the mesh's name
   * @param expectedVersion the version read
   * @throws io.meshsdk.MeshNotFoundException if it does not exist
   * @throws io.meshsdk.MeshConflictException if its version moved
   */
  void deleteMesh(String name, String expectedVersion);

  /**
   * One claim.
   *
   * @param key the claim's key, for example {@code cluster/bj-1}
   * @return the claim with its version, or empty
   * @throws UnsupportedCapabilityException if the store keeps no claims (the default)
   * @since 0.2.0
   */
  default Optional<Versioned<StoreClaim>> claim(String key) {
    throw claimsUnsupported();
  }

  /**
   * Takes a claim if no claim exists under its key. Versions of claims, like those of clusters
   * and meshes, are never reused, so a claim deleted and taken again does not accept a deletion
   * meant for its predecessor.
   *
   * @param claim the claim
   * @return the stored claim with its version
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#ALREADY_EXISTS} if a
   *     claim exists under the key, whoever holds it
   * @throws UnsupportedCapabilityException if the store keeps no claims (the default)
   * @since 0.2.0
   */
  default Versioned<StoreClaim> createClaim(StoreClaim claim) {
    throw claimsUnsupported();
  }

  /**
   * Releases a claim at the version read.
   *
   * @param key the claim's key
   * @param expectedVersion the version read
   * @throws io.meshsdk.MeshNotFoundException if no claim exists under the key
   * @throws io.meshsdk.MeshConflictException if its version moved: someone took it over
   * @throws UnsupportedCapabilityException if the store keeps no claims (the default)
   * @since 0.2.0
   */
  default void deleteClaim(String key, String expectedVersion) {
    throw claimsUnsupported();
  }

  private UnsupportedCapabilityException claimsUnsupported() {
    return new UnsupportedCapabilityException("the store " + getClass().getName() + " keeps no claims;"
        + " implement claim, createClaim and deleteClaim so that several replicas sharing it keep every cluster"
        + " in at most one mesh");
  }

  /**
   * Keeps secret values, such as a mesh's root CA, at a location of the store's secret storage:
   * apart from the records of clusters and meshes, which refer to it by location only. A value
   * already there is replaced.
   *
   * @param location the location, for example {@code meshes/prod/root-ca}
   * @param data the values
   * @throws UnsupportedCapabilityException if the store keeps no secrets (the default)
   * @since 0.2.0
   */
  default void putSecret(String location, SecretData data) {
    throw secretsUnsupported();
  }

  /**
   * Reads secret values back.
   *
   * @param location the location
   * @return the values, or empty when nothing is kept there
   * @throws UnsupportedCapabilityException if the store keeps no secrets (the default)
   * @since 0.2.0
   */
  default Optional<SecretData> secret(String location) {
    throw secretsUnsupported();
  }

  /**
   * Removes secret values; nothing happens when nothing is kept there.
   *
   * @param location the location
   * @throws UnsupportedCapabilityException if the store keeps no secrets (the default)
   * @since 0.2.0
   */
  default void deleteSecret(String location) {
    throw secretsUnsupported();
  }

  private UnsupportedCapabilityException secretsUnsupported() {
    return new UnsupportedCapabilityException("the store " + getClass().getName() + " keeps no secrets;"
        + " implement putSecret, secret and deleteSecret to keep a mesh's root of trust");
  }
}
