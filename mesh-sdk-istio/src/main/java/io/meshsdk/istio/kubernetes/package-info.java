/**
 * mesh-sdk on real Kubernetes API servers through fabric8: the cluster connector (server-side
 * apply, health probes) and the store that keeps the SDK's registry in the Global Service Cluster.
 */
package io.meshsdk.istio.kubernetes;
