package io.meshsdk.istio.internal;

import io.meshsdk.spi.TranslationContext;

/** Qualifies service names the way Istio reads them wherever the object lives. */
final class Hosts {
  private Hosts() {}

  /**
   * Qualifies a short service name ({@code productpage}) in a namespace, and completes a service
   * name without its cluster domain ({@code productpage.bookinfo.svc}); other names with a dot
   * are taken as fully qualified, as Istio takes them.
   */
  static String qualify(String host, String namespace, TranslationContext context) {
    return qualify(host, namespace, context.clusterDomain());
  }

  /** As {@link #qualify(String, String, TranslationContext)}, with the cluster domain given. */
  static String qualify(String host, String namespace, String clusterDomain) {
    if (host.indexOf('.') < 0) {
      return host + "." + namespace + ".svc." + clusterDomain;
    }
    return host.endsWith(".svc") ? host + "." + clusterDomain : host;
  }
}
