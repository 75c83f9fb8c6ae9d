/**
 * How the Kubernetes connector reaches API servers with fabric8: credentials, rate limiting,
 * error mapping, server-side apply and health probes; not part of the public contract.
 */
package io.meshsdk.istio.internal.kubernetes;
