package io.meshsdk.istio.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.internal.store.ConfigMapTable;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A store that keeps clusters, meshes and claims as ConfigMaps in a namespace of the Global
 * Service Cluster, so that several replicas of a platform share one registry and never lose an
 * update.
 *
 * <p>Each value is one ConfigMap, {@code mesh-sdk-cluster-<name>} or {@code mesh-sdk-mesh-<name>},
 * labelled {@code app.kubernetes.io/managed-by: mesh-sdk} and {@code mesh.meshsdk.io/store-kind:
 * cluster} (or {@code mesh}), holding the value's JSON under the key {@code spec.json}. A value's
 * version is its ConfigMap's {@code resourceVersion}: updates replace the ConfigMap at the version
 * that was read and deletions send it as a precondition, so when two replicas race, the API
 * server accepts one write and answers the other with 409 Conflict, which surfaces as {@link
 * io.meshsdk.MeshConflictException}. Credentials are stored as the references {@link ClusterSpec}
 * holds (a kubeconfig path, a Secret's name), never inline, so plain ConfigMaps are enough.
 *
 * <p>A {@linkplain StoreClaim claim} is a ConfigMap {@code mesh-sdk-claim-<kind>.<name>} (for
 * example {@code mesh-sdk-claim-cluster.bj-1}) labelled {@code mesh.meshsdk.io/store-kind:
 * claim}: the API server creates it only if it does not exist, which is what makes it a claim. A
 * ConfigMap whose content names another cluster, mesh or claim than its name does is refused with
 * an error naming both, and never acted on.
 *
 * <p>The client needs get, list, create, update and delete on {@code configmaps} in the
 * namespace, which must exist. The store does not close the client. Open it with {@link
 * KubernetesClusterConnector#openClient(ClusterSpec)}, which resolves the Global Service Cluster's
 * credentials as the connector does and never logs HTTP traffic; a client from fabric8's own
 * builder logs every request with its {@code Authorization} header when fabric8's HTTP logger
 * is at TRACE.
 *
 * <pre>{@code
 * KubernetesClusterConnector connector = KubernetesClusterConnector.builder().build();
 * KubernetesClient gsc = connector.openClient(
 *     ClusterSpec.builder().name("gsc").kubeconfig(Path.of("gsc.yaml")).build());
 * MeshManager meshes = MeshManager.builder()
 *     .connector(connector)
 *     .store(new KubernetesMeshStore(gsc, "mesh-system"))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class KubernetesMeshStore implements MeshStore {
  /** The data key of each ConfigMap that holds the value's JSON. */
  public static final String DATA_KEY = ConfigMapTable.DATA_KEY;

  /** The label saying which kind of value a ConfigMap holds: {@code cluster}, {@code mesh} or {@code claim}. */
  public static final String STORE_KIND_LABEL = ConfigMapTable.STORE_KIND;

  /** The annotation on a Secret of the store naming the location it keeps. */
  private static final String SECRET_LOCATION = "mesh.meshsdk.io/secret-location";

  private final String namespace;
  private final KubernetesClient client;
  private final ConfigMapTable<ClusterSpec> clusters;
  private final ConfigMapTable<MeshSpec> meshes;
  private final ConfigMapTable<StoreClaim> claims;

  /**
   * Opens a store on a namespace of the Global Service Cluster. Connects lazily: the first call
   * reaches the API server.
   *
   * @param client a client of the Global Service Cluster; the caller keeps ownership and closes it
   * @param namespace the namespace holding the ConfigMaps, for example {@code mesh-system}
   */
  public KubernetesMeshStore(KubernetesClient client, String namespace) {
    Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.client = client;
    this.clusters = new ConfigMapTable<>(client, namespace, "cluster", ClusterSpec.class, ClusterSpec::name);
    this.meshes = new ConfigMapTable<>(client, namespace, "mesh", MeshSpec.class, MeshSpec::name);
    this.claims = new ConfigMapTable<>(client, namespace, "claim", StoreClaim.class, StoreClaim::key,
        StoreClaim::isKey);
  }

  /**
   * The namespace holding the ConfigMaps.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
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
    return clusters.create(cluster);
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
    return meshes.create(mesh);
  }

  @Override
  public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
    return meshes.update(mesh, expectedVersion);
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
    return claims.create(claim);
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

  /**
   * Keeps secret values as a Secret {@code mesh-sdk-secret-<location, '/' as '.'>} in the store's
   * namespace, labelled as the store's; the records of clusters and meshes, in ConfigMaps, refer to
   * it by location only. Grant the platform get, create, update and delete on {@code secrets} in
   * the namespace, and nobody else.
   */
  @Override
  public void putSecret(String location, SecretData data) {
    Map<String, String> values = new TreeMap<>();
    data.values().forEach((k, v) -> values.put(k, Base64.getEncoder().encodeToString(v)));
    Secret secret = new SecretBuilder()
        .withNewMetadata().withName(secretName(location)).withNamespace(namespace)
        .withLabels(Map.of(ConfigMapTable.MANAGED_BY, ConfigMapTable.MANAGER, STORE_KIND_LABEL, "secret"))
        .withAnnotations(Map.of(SECRET_LOCATION, location)).endMetadata()
        .withType("Opaque").withData(values).build();
    secretCall("keep", location, () -> client.secrets().inNamespace(namespace).resource(secret)
        .createOr(NonDeletingOperation::update));
  }

  @Override
  public Optional<SecretData> secret(String location) {
    Secret secret = secretCall("read", location,
        () -> client.secrets().inNamespace(namespace).withName(secretName(location)).get());
    if (secret == null || !location.equals(secret.getMetadata().getAnnotations() == null ? null
        : secret.getMetadata().getAnnotations().get(SECRET_LOCATION))) {
      return Optional.empty();
    }
    Map<String, byte[]> values = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
    }
    return Optional.of(SecretData.of(values));
  }

  @Override
  public void deleteSecret(String location) {
    secretCall("delete", location, () -> client.secrets().inNamespace(namespace).withName(secretName(location))
        .delete());
  }

  private static String secretName(String location) {
    if (!location.matches("[a-z0-9]([-a-z0-9./]{0,220}[a-z0-9])?") || location.contains("..")) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "a secret location is lower-case letters, digits, '-', '.'"
          + " and '/', such as meshes/prod/root-ca");
    }
    return "mesh-sdk-secret-" + location.replace('/', '.');
  }

  /** Runs a call on a secret; a failure names the location and the HTTP status, never the server's text. */
  private <T> T secretCall(String doing, String location, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new MeshException(e.getCode() == 403 ? ErrorCode.FORBIDDEN : ErrorCode.BACKEND_ERROR,
          "the store in namespace " + namespace + " could not " + doing + " the secret at " + location
              + " (HTTP " + e.getCode() + ")");
    }
  }

  @Override
  public String toString() {
    return "KubernetesMeshStore[namespace=" + namespace + "]";
  }
}
