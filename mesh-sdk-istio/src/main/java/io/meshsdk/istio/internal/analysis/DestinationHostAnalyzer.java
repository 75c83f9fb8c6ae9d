package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts VirtualServices route and mirror to exist, with the port a destination names
 * (IST0101), and a destination names a port when its service has several (IST0112).
 */
final class DestinationHostAnalyzer extends IstioAnalyzer {
  DestinationHostAnalyzer() {
    super("virtualservice.destinationhosts", List.of(IstioCode.IST0101, IstioCode.IST0112),
        List.of(Kinds.VIRTUAL_SERVICE, Kinds.SERVICE, Kinds.SERVICE_ENTRY));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    boolean complete = index.registryComplete();
    for (Obj vs : index.config(Kinds.VIRTUAL_SERVICE)) {
      for (Routes.Destination d : Routes.destinations(vs.spec())) {
        String host = d.host();
        if (host.isEmpty() || host.contains("*")) {
          continue;
        }
        String fqdn = Hostnames.qualify(host, vs.namespace());
        if (!index.hostKnown(fqdn)) {
          if (complete) {
            out.add(IstioCode.IST0101.finding(vs.ref(), vs.cluster)
                .message("Referenced " + (d.mirror ? "mirror host" : "host") + " not found: \"" + host + "\"")
                .dependsOnDeployment(true)
                .fieldPath(d.path + ".host")
                .remediation("Create the Service or ServiceEntry for " + fqdn + ", or correct the host.")
                .build());
          }
          continue;
        }
        Set<Integer> ports = ports(index, fqdn);
        if (d.hasPort()) {
          int port = d.node.path("port").path("number").asInt();
          if (!ports.isEmpty() && !ports.contains(port) && complete) {
            out.add(IstioCode.IST0101.finding(vs.ref(), vs.cluster)
                .message("Referenced host:port not found: \"" + host + ":" + port + "\"")
                .dependsOnDeployment(true)
                .fieldPath(d.path + ".port.number")
                .remediation("Route to one of the ports " + ports + " of " + fqdn + ", or add port " + port
                    + " to its Service or ServiceEntry.")
                .build());
          }
        } else {
          if (ports.size() > 1) {
            out.add(IstioCode.IST0112.finding(vs.ref(), vs.cluster)
                .message("This VirtualService routes to a service \"" + fqdn + "\" that exposes multiple ports "
                    + ports + ". Specifying a port in the destination is required to disambiguate.")
                .fieldPath(d.path)
                .remediation("Set port.number on the destination to one of " + ports + ".")
                .build());
          }
        }
      }
    }
  }

  private static Set<Integer> ports(MeshIndex index, String fqdn) {
    Set<Integer> ports = new TreeSet<>();
    for (Obj service : index.servicesByHost().getOrDefault(fqdn, List.of())) {
      for (JsonNode port : service.spec().path("ports")) {
        ports.add(port.path("port").asInt());
      }
    }
    for (Obj se : index.serviceEntriesByHost().getOrDefault(fqdn, List.of())) {
      for (JsonNode port : se.spec().path("ports")) {
        ports.add(port.path("number").asInt());
      }
    }
    return ports;
  }
}
