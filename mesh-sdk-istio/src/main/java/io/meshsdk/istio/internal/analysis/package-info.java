/**
 * Istio's analyzers (codes {@code IST0xxx}) over the objects of a mesh's clusters; not part of the
 * public contract.
 */
package io.meshsdk.istio.internal.analysis;
