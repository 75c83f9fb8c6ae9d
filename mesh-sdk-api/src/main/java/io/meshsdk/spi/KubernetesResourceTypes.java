package io.meshsdk.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.resource.MeshResource;
import java.util.List;

/**
 * The Kubernetes kinds that analyzers and the engine read besides a backend's own: namespaces,
 * services, workloads and Secrets. An analyzer lists the ones it reads in {@link
 * Analyzer#inputs()}; the engine reads {@link #SECRET} as metadata only ({@link
 * ClusterConnection#listMetadata}), never with its data.
 *
 * @since 0.2.0
 */
public final class KubernetesResourceTypes {
  /** {@code v1 Namespace}. */
  public static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  /** {@code v1 Service}. */
  public static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");
  /** {@code v1 Pod}. */
  public static final ResourceType POD = ResourceType.namespaced("v1", "Pod", "pods");
  /** {@code discovery.k8s.io/v1 EndpointSlice}. */
  public static final ResourceType ENDPOINT_SLICE =
      ResourceType.namespaced("discovery.k8s.io/v1", "EndpointSlice", "endpointslices");
  /** {@code apps/v1 Deployment}. */
  public static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");
  /** {@code v1 ConfigMap}. */
  public static final ResourceType CONFIG_MAP = ResourceType.namespaced("v1", "ConfigMap", "configmaps");
  /** {@code v1 Secret}: read by analysis as metadata only. */
  public static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");

  /** Where {@code kubectl apply} keeps the whole object it applied, a Secret's data included. */
  public static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  /** Every kind above. */
  public static final List<ResourceType> ALL =
      List.of(NAMESPACE, SERVICE, POD, ENDPOINT_SLICE, DEPLOYMENT, CONFIG_MAP, SECRET);

  private KubernetesResourceTypes() {}

  /**
   * Whether a kind holds credentials, so that only its metadata may be read for analysis.
   *
   * @param type a kind
   * @return {@code true} for the core group's Secret
   */
  public static boolean isSecret(ResourceType type) {
    return type.kind().equals("Secret") && type.apiVersion().equals("v1");
  }

  /**
   * An object stripped to what may be shown of a Secret: {@code apiVersion}, {@code kind}, its
   * {@code metadata} without managed fields and without {@value #LAST_APPLIED_ANNOTATION} (which
   * copies the whole object), and a top-level {@code type}. Nothing of {@code data} or {@code
   * stringData} is kept.
   *
   * @param resource an object as read
   * @return a new object with its metadata only
   */
  public static MeshResource metadataOnly(MeshResource resource) {
    ObjectNode content = resource.content();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("apiVersion", content.get("apiVersion"));
    out.set("kind", content.get("kind"));
    JsonNode metadata = content.get("metadata");
    if (metadata instanceof ObjectNode) {
      ObjectNode meta = (ObjectNode) metadata;
      meta.remove("managedFields");
      JsonNode annotations = meta.get("annotations");
      if (annotations instanceof ObjectNode) {
        ((ObjectNode) annotations).remove(LAST_APPLIED_ANNOTATION);
      }
      out.set("metadata", meta);
    }
    JsonNode type = content.get("type");
    if (type != null && type.isTextual()) {
      out.set("type", type);
    }
    return MeshResource.of(out);
  }
}
