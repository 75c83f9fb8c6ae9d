/** How the Kubernetes store keeps clusters and meshes in ConfigMaps; not part of the public contract. */
package io.meshsdk.istio.internal.store;
