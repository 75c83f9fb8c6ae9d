package io.meshsdk.istio;

import io.meshsdk.istio.internal.IstioBackend;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;

/**
 * Provides the Istio backend, which translates {@link io.meshsdk.policy.TrafficPolicy} into an
 * Istio DestinationRule and VirtualService. Registered for {@link java.util.ServiceLoader}, so
 * having this module on the classpath is enough; pass an instance to the manager's builder to
 * choose it explicitly.
 *
 * @since 0.1.0
 */
public final class IstioBackendProvider implements MeshBackendProvider {

  /** The backend's identifier. */
  public static final String ID = "istio";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public IstioBackendProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public MeshBackend create() {
    return new IstioBackend();
  }
}
