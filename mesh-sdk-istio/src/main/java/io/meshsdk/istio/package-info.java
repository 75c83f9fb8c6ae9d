/**
 * The Istio backend of mesh-sdk: turns policies into Istio networking resources; add this
 * module to the classpath and {@link java.util.ServiceLoader} finds {@link
 * io.meshsdk.istio.IstioBackendProvider}.
 */
package io.meshsdk.istio;
