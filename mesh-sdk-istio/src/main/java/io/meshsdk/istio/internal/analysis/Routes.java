package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The destinations and gateways of a VirtualService, with their field paths. */
final class Routes {
  private Routes() {}

  /** A destination of a route, or a mirror. */
  static final class Destination {
    final JsonNode node;
    final String path;
    final boolean mirror;

    Destination(JsonNode node, String path, boolean mirror) {
      this.node = node;
      this.path = path;
      this.mirror = mirror;
    }

    String host() {
      return node.path("host").asText("");
    }

    String subset() {
      return node.path("subset").asText("");
    }

    boolean hasPort() {
      return node.path("port").has("number");
    }
  }

  static List<Destination> destinations(JsonNode spec) {
    List<Destination> out = new ArrayList<>();
    for (String kind : List.of("http", "tcp", "tls")) {
      JsonNode rules = spec.path(kind);
      for (int i = 0; i < rules.size(); i++) {
        JsonNode rule = rules.get(i);
        JsonNode route = rule.path("route");
        for (int j = 0; j < route.size(); j++) {
          out.add(new Destination(route.get(j).path("destination"),
              "spec." + kind + "[" + i + "].route[" + j + "].destination", false));
        }
        if (rule.has("mirror")) {
          out.add(new Destination(rule.path("mirror"), "spec." + kind + "[" + i + "].mirror", true));
        }
        JsonNode mirrors = rule.path("mirrors");
        for (int j = 0; j < mirrors.size(); j++) {
          out.add(new Destination(mirrors.get(j).path("destination"),
              "spec." + kind + "[" + i + "].mirrors[" + j + "].destination", true));
        }
      }
    }
    return out;
  }

  /** The gateways a VirtualService is bound to; {@code mesh} when none is named. */
  static List<String> gateways(JsonNode spec) {
    List<String> out = new ArrayList<>();
    for (JsonNode g : spec.path("gateways")) {
      out.add(g.asText());
    }
    if (out.isEmpty()) {
      out.add("mesh");
    }
    return out;
  }

  /** Qualifies a gateway reference ({@code name} or {@code namespace/name}) as {@code namespace/name}. */
  static String gatewayKey(String gateway, String namespace) {
    if (gateway.indexOf('/') >= 0) {
      return gateway;
    }
    int dot = gateway.indexOf('.');
    // the older form name.namespace(.svc.cluster.local)
    if (dot > 0) {
      String[] parts = gateway.split("\\.");
      return parts[1] + "/" + parts[0];
    }
    return namespace + "/" + gateway;
  }
}
