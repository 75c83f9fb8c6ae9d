package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Set;

/**
 * Service ports whose protocol Istio cannot tell from the name or appProtocol (IST0118), and
 * ExternalName services whose ports it cannot tell or that are named plain {@code tcp}, whose
 * traffic the proxies may not forward (IST0150).
 */
final class ServicePortAnalyzer extends IstioAnalyzer {
  static final Set<String> PROTOCOLS = Set.of("http", "http2", "https", "grpc", "grpc-web", "mongo", "mysql",
      "redis", "tcp", "tls", "udp");
  static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease",
      "local-path-storage", MeshIndex.ROOT_NAMESPACE);

  ServicePortAnalyzer() {
    super("service.portname", List.of(IstioCode.IST0118, IstioCode.IST0150), List.of(Kinds.SERVICE));
  }

  /**
   * The protocol Istio takes a Service port for, or {@code null} when it cannot tell: UDP ports are
   * UDP, otherwise the appProtocol or the name's prefix decides.
   */
  static String protocol(JsonNode port) {
    if (port.path("protocol").asText("TCP").equals("UDP")) {
      return "udp";
    }
    return protocol(port.hasNonNull("appProtocol") ? port.path("appProtocol").asText() : port.path("name").asText(""));
  }

  /** The protocol a port name declares, or {@code null}. */
  static String protocol(String portName) {
    String lower = portName.toLowerCase();
    for (String protocol : PROTOCOLS) {
      if (lower.equals(protocol) || lower.startsWith(protocol + "-")) {
        return protocol;
      }
    }
    return null;
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    for (Obj service : index.workloads(Kinds.SERVICE)) {
      if (SYSTEM_NAMESPACES.contains(service.namespace())) {
        continue;
      }
      boolean externalName = service.spec().path("type").asText("").equals("ExternalName");
      JsonNode ports = service.spec().path("ports");
      for (int i = 0; i < ports.size(); i++) {
        JsonNode port = ports.get(i);
        String name = port.path("name").asText("");
        String protocol = protocol(port);
        if (externalName) {
          if (protocol == null || name.equals("tcp")) {
            out.add(IstioCode.IST0150.finding(service.ref(), service.cluster)
                .message("Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and"
                    + " unmatched traffic for ports serving TCP protocol from being forwarded correctly")
                .fieldPath("spec.ports[" + i + "].name")
                .remediation("Name the port for its application protocol (http-, https-, tls-...) or set appProtocol.")
                .build());
          }
        } else if (protocol == null) {
          out.add(IstioCode.IST0118.finding(service.ref(), service.cluster)
              .message("Port name " + name + " (port: " + port.path("port").asInt() + ", targetPort: "
                  + port.path("targetPort").asText(port.path("port").asText()) + ") doesn't follow the naming"
                  + " convention of Istio port.")
              .fieldPath("spec.ports[" + i + "].name")
              .remediation("Name the port <protocol>[-<suffix>] (for example http-web), or set appProtocol.")
              .build());
        }
      }
    }
  }
}
