package io.meshsdk.spi;

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
}
