package io.meshsdk.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The syntax rules Istio applies to the strings of security, ingress and egress objects:
 * principals, namespaces, CIDR blocks, methods, paths, ports, hosts, header names and condition
 * keys. Each check records a violation at the given field path and never throws.
 */
public final class MeshRules {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\\.?");
  private static final Pattern PRINCIPAL =
      Pattern.compile("[^/\\s*]+/ns/[a-z0-9]([-a-z0-9]*[a-z0-9])?/sa/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final Pattern PORT_NAME = Pattern.compile("[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?");
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /** The condition keys Istio's authorization policies accept without brackets. */
  public static final List<String> CONDITION_KEYS = List.of(
      "source.ip", "remote.ip", "source.namespace", "source.principal", "request.auth.principal",
      "request.auth.audiences", "request.auth.presenter", "destination.ip", "destination.port",
      "connection.sni");

  private MeshRules() {}

  /**
   * Checks a SPIFFE-style principal without the {@code spiffe://} scheme: {@code
   * <trust-domain>/ns/<namespace>/sa/<service-account>}, {@code *}, or a prefix or suffix match
   * with one leading or trailing {@code *}.
   *
   * @param v where to record
   * @param field the field path
   * @param value the principal
   */
  public static void principal(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
      return;
    }
    if (value.startsWith("spiffe://")) {
      v.add(field, "must leave out the spiffe:// scheme, as Istio compares principals without it, but was "
          + Violations.quote(value));
      return;
    }
    if (wildcardOnlyAtEnds(value) && value.contains("*")) {
      if (value.chars().anyMatch(Character::isWhitespace)) {
        v.add(field, "must not contain whitespace, but was " + Violations.quote(value));
      }
      return;
    }
    if (!PRINCIPAL.matcher(value).matches()) {
      v.add(field, "must be <trust-domain>/ns/<namespace>/sa/<service-account> (for example"
          + " cluster.local/ns/bookinfo/sa/productpage), \"*\", or a prefix or suffix match with one"
          + " leading or trailing \"*\", but was " + Violations.quote(value));
    }
  }

  /**
   * Checks a request principal, {@code <issuer>/<subject>}, or a {@code *} form.
   *
   * @param v where to record
   * @param field the field path
   * @param value the request principal
   */
  public static void requestPrincipal(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
    } else if (!wildcardOnlyAtEnds(value)) {
      v.add(field, "may use \"*\" only as its first or last character, but was " + Violations.quote(value));
    } else if (!value.contains("*") && value.indexOf('/') <= 0) {
      v.add(field, "must be <issuer>/<subject> or a \"*\" form, but was " + Violations.quote(value));
    }
  }

  /**
   * Checks a namespace, or a {@code *} form of one.
   *
   * @param v where to record
   * @param field the field path
   * @param value the namespace
   */
  public static void namespacePattern(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
    } else if (value.equals("*")) {
      return;
    } else if (!wildcardOnlyAtEnds(value)) {
      v.add(field, "may use \"*\" only as its first or last character, but was " + Violations.quote(value));
    } else {
      String bare = value.replace("*", "");
      if (!bare.matches("[-a-z0-9]*") || (!value.contains("*") && !DNS_LABEL.matcher(value).matches())
          || value.length() > 63) {
        v.add(field, "must be a namespace name (a DNS-1123 label) or a \"*\" form, but was " + Violations.quote(value));
      }
    }
  }

  /**
   * Checks an IPv4 or IPv6 address or CIDR block with a prefix length valid for its family.
   *
   * @param v where to record
   * @param field the field path
   * @param value for example {@code 10.0.0.0/8} or {@code 2001:db8::/32}
   */
  public static void ipBlock(Violations v, String field, String value) {
    if (!isIpBlock(value)) {
      v.add(field, "must be an IPv4 or IPv6 address or CIDR block (for example 10.1.0.0/16 or"
          + " 2001:db8::/32), but was " + Violations.quote(value));
    }
  }

  /**
   * Whether a string is an IP address or a CIDR block.
   *
   * @param value the string
   * @return {@code true} for a valid address or block
   */
  public static boolean isIpBlock(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    int bits;
    if (isIpv4(address)) {
      bits = 32;
    } else if (isIpv6(address)) {
      bits = 128;
    } else {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String prefix = value.substring(slash + 1);
    if (!prefix.matches("[0-9]{1,3}")) {
      return false;
    }
    return Integer.parseInt(prefix) <= bits;
  }

  /**
   * Whether a string is an IP address (no prefix length).
   *
   * @param value the string
   * @return {@code true} for an IPv4 or IPv6 address
   */
  public static boolean isIpAddress(String value) {
    return value != null && (isIpv4(value) || isIpv6(value));
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("[0-9]{1,3}") || (part.length() > 1 && part.startsWith("0"))
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = s.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        continue;
      }
      if (i == groups.length - 1 && g.contains(".")) {
        if (!isIpv4(g)) {
          return false;
        }
        count += 2;
      } else if (!g.matches("[0-9A-Fa-f]{1,4}")) {
        return false;
      } else {
        count++;
      }
    }
    if (doubleColon < 0) {
      return count == 8 && !s.startsWith(":") && !s.endsWith(":");
    }
    boolean badStart = s.startsWith(":") && !s.startsWith("::");
    boolean badEnd = s.endsWith(":") && !s.endsWith("::");
    return count < 8 && !badStart && !badEnd;
  }

  /**
   * Checks an HTTP method: one of the methods of RFC 9110 and RFC 5789, or {@code *}.
   *
   * @param v where to record
   * @param field the field path
   * @param value the method
   */
  public static void method(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
    } else if (!value.equals("*") && !HTTP_METHODS.contains(value)) {
      String hint = METHOD.matcher(value.toUpperCase(Locale.ROOT)).matches()
              && HTTP_METHODS.contains(value.toUpperCase(Locale.ROOT))
          ? "; methods are case-sensitive, write " + value.toUpperCase(Locale.ROOT)
          : "";
      v.add(field, "must be one of " + new TreeSet<>(HTTP_METHODS) + " or \"*\", but was "
          + Violations.quote(value) + hint);
    }
  }

  /**
   * Checks a request path: absolute ({@code /api}), or a {@code *} form ({@code /api/*}, {@code
   * *.html}, {@code *}).
   *
   * @param v where to record
   * @param field the field path
   * @param value the path
   */
  public static void path(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
    } else if (!value.startsWith("/") && !value.startsWith("*")) {
      v.add(field, "must start with \"/\" or \"*\", but was " + Violations.quote(value));
    } else if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '?'
        || c == '#')) {
      v.add(field, "must be a path without whitespace, query or fragment, but was " + Violations.quote(value));
    } else if (!value.contains("{") && !wildcardOnlyAtEnds(value)) {
      v.add(field, "may use \"*\" only as its first or last character (or a {*} or {**} template),"
          + " but was " + Violations.quote(value));
    }
  }

  /**
   * Checks a port given as text, as authorization rules and conditions take it.
   *
   * @param v where to record
   * @param field the field path
   * @param value the port, 1 to 65535
   */
  public static void portText(Violations v, String field, String value) {
    if (value == null || !value.matches("[0-9]{1,5}") || Integer.parseInt(value) < 1
        || Integer.parseInt(value) > 65535) {
      v.add(field, "must be a port number between 1 and 65535, but was " + Violations.quote(value));
    }
  }

  /**
   * Checks a port number.
   *
   * @param v where to record
   * @param field the field path
   * @param port the port
   */
  public static void port(Violations v, String field, int port) {
    v.range(field, port, 1, 65535);
  }

  /**
   * Checks a port name as Istio's CRDs require it.
   *
   * @param v where to record
   * @param field the field path
   * @param value the name
   */
  public static void portName(Violations v, String field, String value) {
    if (value == null || value.isEmpty() || value.length() >= 63 || !PORT_NAME.matcher(value).matches()) {
      v.add(field, "must be a port name of letters, digits and '-' (at most 62 characters),"
          + " but was " + Violations.quote(value));
    }
  }

  /**
   * Checks a host name as Istio takes it in hosts lists: a DNS name, optionally with one leading
   * {@code *} label ({@code *.example.com}), or {@code *} alone when allowed.
   *
   * @param v where to record
   * @param field the field path
   * @param value the host
   * @param wildcards whether {@code *} and {@code *.suffix} are allowed
   */
  public static void host(Violations v, String field, String value, boolean wildcards) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
      return;
    }
    if (value.equals("*") || value.startsWith("*.")) {
      if (!wildcards) {
        v.add(field, "must be a fully qualified host name without wildcards, but was " + Violations.quote(value));
      } else if (value.length() > 2 && !isDnsName(value.substring(2))) {
        v.add(field, "must be \"*\" or \"*.\" followed by a DNS name, but was " + Violations.quote(value));
      }
      return;
    }
    if (!isDnsName(value)) {
      v.add(field, "must be a DNS name" + (wildcards ? ", optionally starting with \"*.\"" : "")
          + ", but was " + Violations.quote(value));
    }
  }

  /**
   * Whether a string is a DNS name of at most 253 characters.
   *
   * @param value the string
   * @return {@code true} when valid
   */
  public static boolean isDnsName(String value) {
    return value.length() <= 253 && DNS_NAME.matcher(value).matches()
        && Arrays.stream(value.split("\\.")).allMatch(l -> l.length() <= 63);
  }

  /**
   * Checks an authorization {@code hosts} entry: a host with an optional port, or a {@code *}
   * prefix or suffix form.
   *
   * @param v where to record
   * @param field the field path
   * @param value the host
   */
  public static void requestHost(Violations v, String field, String value) {
    if (value == null || value.isEmpty()) {
      v.add(field, "must not be empty");
    } else if (!wildcardOnlyAtEnds(value)) {
      v.add(field, "may use \"*\" only as its first or last character, but was " + Violations.quote(value));
    } else {
      String bare = value.replace("*", "");
      int colon = bare.lastIndexOf(':');
      String name = colon >= 0 && !bare.contains("]") ? bare.substring(0, colon) : bare;
      if (colon >= 0) {
        String port = bare.substring(colon + 1);
        if (!port.isEmpty()) {
          portText(v, field, port);
        }
      }
      String trimmed = name.startsWith(".") ? name.substring(1) : name;
      trimmed = trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
      if (!trimmed.isEmpty() && !isDnsName(trimmed) && !isIpAddress(trimmed)) {
        v.add(field, "must be a host name, optionally with a port, or a \"*\" form, but was " + Violations.quote(value));
      }
    }
  }

  /**
   * Checks an HTTP header name (an RFC 9110 token).
   *
   * @param v where to record
   * @param field the field path
   * @param value the name
   */
  public static void headerName(Violations v, String field, String value) {
    if (value == null || value.isEmpty() || !HEADER_NAME.matcher(value).matches()) {
      v.add(field, "must be an HTTP header name (letters, digits and !#$%&'*+.^_`|~-), but was "
          + Violations.quote(value));
    }
  }

  /**
   * Checks text that goes into an HTTP header or is compared with one (a header value, a URI, a
   * cookie name): no control characters but the horizontal tab. Envoy refuses CR, LF and NUL in
   * header values, and a CR or LF written into a header would split it in two.
   *
   * @param v where to record
   * @param field the field path
   * @param value the text
   */
  public static void headerValue(Violations v, String field, String value) {
    int at = firstControlCharacter(value);
    if (at >= 0) {
      v.add(field, "must not contain control characters such as CR, LF or NUL, which Envoy refuses in HTTP"
          + " headers, but has " + String.format("U+%04X", (int) value.charAt(at)) + " at index " + at
          + " of " + Violations.quote(value));
    }
  }

  /**
   * Where the first control character other than horizontal tab is.
   *
   * @param value the text
   * @return its index, or -1 when there is none
   */
  public static int firstControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks an absolute {@code http} or {@code https} URL with a host.
   *
   * @param v where to record
   * @param field the field path
   * @param value the URL
   */
  public static void httpUrl(Violations v, String field, String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        v.add(field, "must have scheme http:// or https://, but was " + Violations.quote(value));
      } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
        v.add(field, "must name a host, but was " + Violations.quote(value));
      }
    } catch (URISyntaxException e) {
      v.add(field, "must be a URL, but was " + Violations.quote(value) + ": " + e.getReason());
    }
  }

  /**
   * Checks a workload selector: at least one label, valid label syntax, no wildcards.
   *
   * @param v where to record
   * @param field the field path
   * @param selector the labels
   */
  public static void selector(Violations v, String field, Map<String, String> selector) {
    v.labels(field, selector);
    selector.forEach((key, value) -> {
      if (value.contains("*") || key.contains("*")) {
        v.add(field + "." + key, "must not use wildcards, which Istio's workload selectors do not support");
      }
    });
  }

  /**
   * Derives a policy name from a workload selector: its {@code app} label, else its first value.
   *
   * @param selector the selector
   * @param fallback the name when the selector is empty
   * @return the name
   */
  public static String nameFor(Map<String, String> selector, String fallback) {
    if (selector.isEmpty()) {
      return fallback;
    }
    String app = selector.get("app");
    return app != null ? app : selector.values().iterator().next();
  }

  private static boolean wildcardOnlyAtEnds(String value) {
    int first = value.indexOf('*');
    if (first < 0) {
      return true;
    }
    if (value.equals("*")) {
      return true;
    }
    return first == value.lastIndexOf('*') && (first == 0 || first == value.length() - 1);
  }
}
