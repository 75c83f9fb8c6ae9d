package io.meshsdk.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.internal.JsonMergePatch;
import io.meshsdk.resource.MeshResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and writes objects on one cluster. Thread-safe. Failures are {@link
 * io.meshsdk.MeshException}s whose {@link io.meshsdk.MeshException#retryable()} tells the engine
 * whether to try again.
 *
 * @since 0.1.0
 */
public interface ClusterConnection extends AutoCloseable {

  /**
   * The cluster this connection reaches.
   *
   * @return the cluster's name
   */
  String cluster();

  /**
   * Lists the objects of one kind in one namespace, or in all, whose labels include all of a
   * selector's. One call to the cluster.
   *
   * @param type the kind
   * @param namespace the namespace, or {@code null} for every namespace
   * @param labelSelector labels that must all be present with these values
   * @return the objects, ordered by name, each with its resource version
   */
  List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector);

  /**
   * Lists objects as {@link #list} does, keeping only what identifies and labels them: {@code
   * apiVersion}, {@code kind}, {@code metadata} (without managed fields and without {@code
   * kubectl}'s last-applied annotation, which copies the whole object) and a top-level {@code type}.
   * Analysis reads Secrets this way, so that no credential reaches it. This default strips what
   * {@link #list} returns before returning; a connector that can ask the server for metadata only
   * overrides it.
   *
   * @param type the kind
   * @param namespace the namespace, or {@code null} for every namespace
   * @param labelSelector labels that must all be present with these values
   * @return the objects' metadata, ordered by name
   * @since 0.2.0
   */
  default List<MeshResource> listMetadata(ResourceType type, String namespace, Map<String, String> labelSelector) {
    return list(type, namespace, labelSelector).stream().map(KubernetesResourceTypes::metadataOnly).collect(Collectors.toList());
  }

  /**
   * Reads one object.
   *
   * @param type the kind
   * @param namespace the namespace
   * @param name the name
   * @return the object with its resource version, or empty
   */
  Optional<MeshResource> get(ResourceType type, String namespace, String name);

  /**
   * Creates or updates an object as field manager {@link ApplyOptions#fieldManager()}.
   *
   * @param type the object's kind
   * @param resource the whole wanted object
   * @param options preconditions and field ownership
   * @return the object as stored, with its new resource version
   * @throws io.meshsdk.MeshConflictException if a precondition fails or another field manager
   *     owns a field
   */
  MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options);

  /**
   * Deletes an object.
   *
   * @param type the kind
   * @param namespace the namespace
   * @param name the name
   * @param expectedResourceVersion the version the object must still have, or empty
   * @return {@code true} if it existed and was deleted, {@code false} if it was already gone
   * @throws io.meshsdk.MeshConflictException with {@link io.meshsdk.ErrorCode#STALE_PLAN} if the
   *     object has another version
   */
  boolean delete(
      ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion);

  /**
   * Changes some fields of an object, leaving the others as they are (a JSON merge patch, RFC
   * 7386: a {@code null} value removes a field). Used for the few fields the SDK sets on objects
   * it does not own, such as the injection label of a namespace. The default reads the object,
   * patches it and writes it back with its resource version, so a concurrent change is never
   * lost; connectors with a native patch override it.
   *
   * @param type the object's kind
   * @param namespace the namespace, or {@code null} for cluster-scoped kinds
   * @param name the name
   * @param patch the merge patch
   * @return the object as stored
   * @throws io.meshsdk.MeshNotFoundException if the object does not exist
   * @throws io.meshsdk.MeshConflictException if the object changed while it was patched
   */
  default MeshResource mergePatch(ResourceType type, String namespace, String name, ObjectNode patch) {
    MeshResource live = get(type, namespace, name).orElseThrow(() -> new MeshNotFoundException(
        type.kind() + " " + (namespace == null ? "" : namespace + "/") + name + " does not exist on cluster " + cluster()));
    ObjectNode merged = live.content();
    JsonMergePatch.apply(merged, patch);
    return apply(type, MeshResource.of(merged), ApplyOptions.builder()
        .expectedResourceVersion(live.resourceVersion()).build());
  }

  /**
   * Whether objects written here reach a running API server whose controllers act on them (for
   * example by issuing a token for a service account), so the SDK can wait for their result. A
   * directory of manifests is not live: what it holds takes effect only when someone applies it.
   *
   * @return {@code true} unless the connection only stores manifests
   */
  default boolean live() {
    return true;
  }

  /**
   * Where the cluster's API server is, as other clusters' istiod must reach it.
   *
   * @return the endpoint, if the connector knows it
   */
  default Optional<ClusterEndpoint> endpoint() {
    return Optional.empty();
  }

  /**
   * The version of the cluster's API server.
   *
   * @return for example {@code v1.31.2}
   */
  String serverVersion();

  /**
   * Probes the cluster. Never throws for an unreachable cluster: that is a {@link
   * ClusterHealth.Status#UNREACHABLE} report. This default asks for the {@linkplain
   * #serverVersion() server version} only; connectors to real clusters override it to also
   * report what of Istio is installed.
   *
   * @return what the probe found
   * @since 0.1.0
   */
  default ClusterHealth health() {
    Instant checkedAt = Instant.now();
    long start = System.nanoTime();
    try {
      String version = serverVersion();
      return ClusterHealth.builder()
          .cluster(cluster())
          .status(ClusterHealth.Status.REACHABLE)
          .checkedAt(checkedAt)
          .latency(Duration.ofNanos(System.nanoTime() - start))
          .kubernetesVersion(version)
          .build();
    } catch (MeshException e) {
      return ClusterHealth.unreachable(cluster(), checkedAt, String.valueOf(e.getMessage()));
    }
  }

  /** Releases the connection; further calls fail. */
  @Override
  void close();
}
