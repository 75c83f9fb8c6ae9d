/**
 * The Kubernetes cluster connector: reaches real API servers with the fabric8 client, writes
 * with server-side apply, and probes clusters for what of Istio they run.
 */
package io.meshsdk.istio.kubernetes;
