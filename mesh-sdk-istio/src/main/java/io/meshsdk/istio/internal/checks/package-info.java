/**
 * The SDK's own checks of a mesh's Istio configuration ({@code MSH} codes): what needs several
 * clusters or the owners of objects to judge; not part of the public contract.
 */
package io.meshsdk.istio.internal.checks;
