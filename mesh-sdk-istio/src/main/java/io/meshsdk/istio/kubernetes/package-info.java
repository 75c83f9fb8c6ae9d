/**
 * mesh-sdk on real Kubernetes API servers through fabric8: where the Global Service Cluster
 * keeps the SDK's registry ({@link io.meshsdk.istio.kubernetes.KubernetesMeshStore}).
 */
package io.meshsdk.istio.kubernetes;
