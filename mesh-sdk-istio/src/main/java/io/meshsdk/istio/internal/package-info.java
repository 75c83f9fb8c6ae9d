/** How the Istio backend builds Istio resources with fabric8 models; not part of the public contract. */
package io.meshsdk.istio.internal;
