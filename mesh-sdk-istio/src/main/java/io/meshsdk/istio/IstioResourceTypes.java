package io.meshsdk.istio;

import io.meshsdk.spi.ResourceType;
import java.util.List;

/**
 * The kinds of Istio objects the Istio backend writes, for connectors and tests that list or
 * address them.
 *
 * @since 0.1.0
 */
public final class IstioResourceTypes {

  /** The API version of Istio's networking kinds. */
  public static final String NETWORKING_V1 = "networking.istio.io/v1";

  /** The API version of Istio's security kinds. */
  public static final String SECURITY_V1 = "security.istio.io/v1";

  /** The API version of Istio's telemetry kind. */
  public static final String TELEMETRY_V1 = "telemetry.istio.io/v1";

  /** A ServiceEntry: a service outside the cluster's registry, such as an external API. */
  public static final ResourceType SERVICE_ENTRY =
      ResourceType.namespaced(NETWORKING_V1, "ServiceEntry", "serviceentries");

  /** A WorkloadGroup: the template of workloads outside Kubernetes that register themselves. */
  public static final ResourceType WORKLOAD_GROUP =
      ResourceType.namespaced(NETWORKING_V1, "WorkloadGroup", "workloadgroups");

  /** A WorkloadEntry: one workload outside Kubernetes, such as a VM. */
  public static final ResourceType WORKLOAD_ENTRY =
      ResourceType.namespaced(NETWORKING_V1, "WorkloadEntry", "workloadentries");

  /** A Gateway: the servers of an ingress or egress gateway. */
  public static final ResourceType GATEWAY = ResourceType.namespaced(NETWORKING_V1, "Gateway", "gateways");

  /** A DestinationRule: a service's subsets, connection pool and outlier detection. */
  public static final ResourceType DESTINATION_RULE =
      ResourceType.namespaced(NETWORKING_V1, "DestinationRule", "destinationrules");

  /** A VirtualService: a service's HTTP routes. */
  public static final ResourceType VIRTUAL_SERVICE =
      ResourceType.namespaced(NETWORKING_V1, "VirtualService", "virtualservices");

  /** A Sidecar: what the proxies of a namespace or workload see and reach. */
  public static final ResourceType SIDECAR = ResourceType.namespaced(NETWORKING_V1, "Sidecar", "sidecars");

  /** A PeerAuthentication: the mutual TLS mode of workloads. */
  public static final ResourceType PEER_AUTHENTICATION =
      ResourceType.namespaced(SECURITY_V1, "PeerAuthentication", "peerauthentications");

  /** A RequestAuthentication: how JWTs on requests are validated. */
  public static final ResourceType REQUEST_AUTHENTICATION =
      ResourceType.namespaced(SECURITY_V1, "RequestAuthentication", "requestauthentications");

  /** An AuthorizationPolicy: who may do what to workloads. */
  public static final ResourceType AUTHORIZATION_POLICY =
      ResourceType.namespaced(SECURITY_V1, "AuthorizationPolicy", "authorizationpolicies");

  /** A Telemetry: access logging and tracing of workloads. */
  public static final ResourceType TELEMETRY = ResourceType.namespaced(TELEMETRY_V1, "Telemetry", "telemetries");

  /** An EnvoyFilter, accepted through raw policies only. */
  public static final ResourceType ENVOY_FILTER =
      ResourceType.namespaced("networking.istio.io/v1alpha3", "EnvoyFilter", "envoyfilters");

  /** A WasmPlugin, accepted through raw policies only. */
  public static final ResourceType WASM_PLUGIN =
      ResourceType.namespaced("extensions.istio.io/v1alpha1", "WasmPlugin", "wasmplugins");

  /** A ProxyConfig, accepted through raw policies only. */
  public static final ResourceType PROXY_CONFIG =
      ResourceType.namespaced("networking.istio.io/v1beta1", "ProxyConfig", "proxyconfigs");

  /**
   * Every kind the backend writes, in creation order: registry entries and workloads first,
   * gateways before the routes bound to them, a DestinationRule before the VirtualService that
   * routes to its subsets, a RequestAuthentication before the AuthorizationPolicy that requires
   * its tokens. Deletions run in the reverse order.
   */
  public static final List<ResourceType> ALL = List.of(
      SERVICE_ENTRY, WORKLOAD_GROUP, WORKLOAD_ENTRY, GATEWAY, DESTINATION_RULE, VIRTUAL_SERVICE, SIDECAR,
      PEER_AUTHENTICATION, REQUEST_AUTHENTICATION, AUTHORIZATION_POLICY, TELEMETRY, ENVOY_FILTER,
      WASM_PLUGIN, PROXY_CONFIG);

  private IstioResourceTypes() {}
}
