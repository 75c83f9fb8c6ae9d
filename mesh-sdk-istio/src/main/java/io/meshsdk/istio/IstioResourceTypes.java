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

  /** A DestinationRule: a service's subsets, connection pool and outlier detection. */
  public static final ResourceType DESTINATION_RULE =
      ResourceType.namespaced(NETWORKING_V1, "DestinationRule", "destinationrules");

  /** A VirtualService: a service's HTTP routes. */
  public static final ResourceType VIRTUAL_SERVICE =
      ResourceType.namespaced(NETWORKING_V1, "VirtualService", "virtualservices");

  /**
   * Every kind the backend writes, in creation order: a DestinationRule before the
   * VirtualService that routes to its subsets.
   */
  public static final List<ResourceType> ALL = List.of(DESTINATION_RULE, VIRTUAL_SERVICE);

  private IstioResourceTypes() {}
}
