package io.meshsdk.istio.internal.analysis;

/** Host names as Istio reads them in routes and registries. */
final class Hostnames {
  private Hostnames() {}

  /**
   * Qualifies a short name ({@code reviews}) in a namespace and completes {@code reviews.shop.svc};
   * other names with a dot are taken as written, as Istio takes them.
   */
  static String qualify(String host, String namespace) {
    if (host.equals("*") || host.startsWith("*.")) {
      return host;
    }
    if (host.indexOf('.') < 0) {
      return host + "." + namespace + ".svc." + MeshIndex.DOMAIN;
    }
    return host.endsWith(".svc") ? host + "." + MeshIndex.DOMAIN : host;
  }

  /** Whether a host pattern ({@code *.example.com} or an exact name) covers a host. */
  static boolean matches(String pattern, String host) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.startsWith("*")) {
      return host.endsWith(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  /** Whether two host patterns share at least one host. */
  static boolean overlap(String a, String b) {
    return matches(a, b) || matches(b, a)
        || a.startsWith("*") && b.startsWith("*")
            && (a.endsWith(b.substring(1)) || b.endsWith(a.substring(1)));
  }
}
