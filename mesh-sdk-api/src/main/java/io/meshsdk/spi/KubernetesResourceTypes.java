package io.meshsdk.spi;

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
}
