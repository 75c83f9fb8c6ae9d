package io.meshsdk.istio.internal;

import io.meshsdk.spi.TranslationContext;

/** Qualifies service names the way Istio reads them wherever the object lives. */
final class Hosts {
  private Hosts() {}

  /**
   * Qualifies a short service name ({@code productpage}) in a namespace; names with a dot are
   * taken as fully qualified.
   */
  static String qualify(String host, String namespace, TranslationContext context) {
    return host.indexOf('.') >= 0 ? host : host + "." + namespace + ".svc." + context.clusterDomain();
  }
}
