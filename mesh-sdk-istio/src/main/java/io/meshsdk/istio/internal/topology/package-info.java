/** Assembles the service graph from Istio's standard metrics and the meshes' Istio configuration. */
package io.meshsdk.istio.internal.topology;
