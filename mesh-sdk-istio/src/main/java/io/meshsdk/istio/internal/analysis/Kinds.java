package io.meshsdk.istio.internal.analysis;

import io.meshsdk.istio.IstioResourceTypes;
import io.meshsdk.spi.ResourceType;

/** The Kubernetes kinds the analyzers read besides Istio's. */
final class Kinds {
  static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");
  static final ResourceType POD = ResourceType.namespaced("v1", "Pod", "pods");
  static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");
  static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");
  static final ResourceType CONFIG_MAP = ResourceType.namespaced("v1", "ConfigMap", "configmaps");

  static final ResourceType VIRTUAL_SERVICE = IstioResourceTypes.VIRTUAL_SERVICE;
  static final ResourceType DESTINATION_RULE = IstioResourceTypes.DESTINATION_RULE;
  static final ResourceType GATEWAY = IstioResourceTypes.GATEWAY;
  static final ResourceType SERVICE_ENTRY = IstioResourceTypes.SERVICE_ENTRY;
  static final ResourceType SIDECAR = IstioResourceTypes.SIDECAR;
  static final ResourceType TELEMETRY = IstioResourceTypes.TELEMETRY;
  static final ResourceType ENVOY_FILTER = IstioResourceTypes.ENVOY_FILTER;
  static final ResourceType AUTHORIZATION_POLICY = IstioResourceTypes.AUTHORIZATION_POLICY;
  static final ResourceType PEER_AUTHENTICATION = IstioResourceTypes.PEER_AUTHENTICATION;
  static final ResourceType REQUEST_AUTHENTICATION = IstioResourceTypes.REQUEST_AUTHENTICATION;
  static final ResourceType WORKLOAD_ENTRY = IstioResourceTypes.WORKLOAD_ENTRY;

  private Kinds() {}
}
