package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.analysis.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gateways: a selector that matches no gateway pod (IST0101), ports the gateway's Service does not
 * expose (IST0162), credentials that are missing (IST0101) or hold no certificate (IST0161), one
 * certificate on several gateways of the same pods (IST0138), and gateways of the same pods that
 * claim the same port for the same host (IST0145). Gateway pods are looked for on every data-plane cluster.
 */
final class GatewayAnalyzer extends IstioAnalyzer {
  GatewayAnalyzer() {
    super("gateway", List.of(IstioCode.IST0101, IstioCode.IST0138, IstioCode.IST0145, IstioCode.IST0161,
        IstioCode.IST0162), List.of(Kinds.GATEWAY, Kinds.POD, Kinds.SERVICE, Kinds.SECRET));
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    List<Obj> gateways = index.config(Kinds.GATEWAY);
    for (Obj gw : gateways) {
      Map<String, String> selector = Obj.stringMap(gw.spec().path("selector"));
      if (selector.isEmpty()) {
        continue;
      }
      List<Obj> pods = index.podsSelected(MeshIndex.ROOT_NAMESPACE, selector);
      if (pods.isEmpty()) {
        if (index.complete(Kinds.POD)) {
          out.add(IstioCode.IST0101.finding(gw.ref(), gw.cluster)
              .message("Referenced selector not found: \"" + Selectors.print(selector) + "\"")
              .dependsOnDeployment(true)
              .fieldPath("spec.selector")
              .remediation("Correct the selector to the labels of the gateway's pods, or deploy the gateway.")
              .build());
        }
        continue;
      }
      ports(index, gw, selector, pods, out);
      credentials(index, gw, pods, out);
    }
    sharedCertificates(gateways, out);
    conflicts(gateways, out);
  }

  private static void ports(MeshIndex index, Obj gw, Map<String, String> selector, List<Obj> pods,
      List<Finding> out) {
    if (!index.complete(Kinds.SERVICE)) {
      return;
    }
    Set<Integer> exposed = new HashSet<>();
    for (Obj pod : pods) {
      for (Obj service : index.servicesSelecting(pod.cluster, pod.namespace(), pod.labels())) {
        for (JsonNode port : service.spec().path("ports")) {
          exposed.add(port.path("port").asInt());
          if (port.path("targetPort").isInt()) {
            exposed.add(port.path("targetPort").asInt());
          }
        }
      }
    }
    JsonNode servers = gw.spec().path("servers");
    for (int i = 0; i < servers.size(); i++) {
      int number = servers.get(i).path("port").path("number").asInt();
      if (!exposed.contains(number)) {
        out.add(IstioCode.IST0162.finding(gw.ref(), gw.cluster)
            .message("The gateway is listening on a target port (port " + number + ") that is not defined in the"
                + " Service associated with its workload instances (Pod selector " + Selectors.print(selector)
                + "). If you need to access the gateway port through the gateway Service, it will not be available.")
            .fieldPath("spec.servers[" + i + "].port.number")
            .remediation("Add port " + number + " to the gateway's Service, or listen on a port the Service exposes.")
            .build());
      }
    }
  }

  private static void credentials(MeshIndex index, Obj gw, List<Obj> pods, List<Finding> out) {
    if (!index.complete(Kinds.SECRET)) {
      return;
    }
    JsonNode servers = gw.spec().path("servers");
    for (int i = 0; i < servers.size(); i++) {
      JsonNode tls = servers.get(i).path("tls");
      String credential = tls.path("credentialName").asText("");
      String mode = tls.path("mode").asText("");
      if (credential.isEmpty() || !(mode.equals("SIMPLE") || mode.equals("MUTUAL"))) {
        continue;
      }
      // the secret is read by the gateway's proxies, in their namespace on their cluster
      Obj pod = pods.get(0);
      Obj secret = index.secret(pod.cluster, pod.namespace(), credential);
      String path = "spec.servers[" + i + "].tls.credentialName";
      if (secret == null) {
        out.add(IstioCode.IST0101.finding(gw.ref(), gw.cluster)
            .message("Referenced credentialName not found: \"" + credential + "\"")
            .dependsOnDeployment(true)
            .fieldPath(path)
            .remediation("Create Secret " + credential + " in namespace " + pod.namespace() + " on cluster "
                + pod.cluster + ", where the gateway's pods run.")
            .build());
      } else if (secret.tree.has("data") && !holdsCertificate(secret.tree.path("data"))) {
        out.add(IstioCode.IST0161.finding(gw.ref(), gw.cluster)
            .message("The credential referenced by the Gateway " + gw.name() + " in namespace " + gw.namespace()
                + " is invalid, which can cause the traffic not to work as expected.")
            .fieldPath(path)
            .remediation("Store the certificate and key in Secret " + credential + " as tls.crt and tls.key.")
            .build());
      }
    }
  }

  /**
   * Whether a Secret's data holds a certificate that parses and a private key, under the keys
   * Istio reads ({@code tls.crt}/{@code tls.key}, or {@code cert}/{@code key}).
   */
  static boolean holdsCertificate(JsonNode data) {
    for (String[] keys : new String[][] {{"tls.crt", "tls.key"}, {"cert", "key"}}) {
      if (data.has(keys[0]) && data.has(keys[1])) {
        return Certificates.parses(data.path(keys[0]).asText()) && Certificates.isPrivateKey(data.path(keys[1]).asText());
      }
    }
    return false;
  }

  private static void sharedCertificates(List<Obj> gateways, List<Finding> out) {
    Map<String, List<Obj>> byCertificate = new LinkedHashMap<>();
    for (Obj gw : gateways) {
      Set<String> seen = new HashSet<>();
      for (JsonNode server : gw.spec().path("servers")) {
        JsonNode tls = server.path("tls");
        String certificate = tls.path("credentialName").asText(tls.path("serverCertificate").asText(""));
        if (!certificate.isEmpty() && seen.add(certificate)) {
          byCertificate.computeIfAbsent(gw.cluster + "|" + Selectors.print(Obj.stringMap(gw.spec().path("selector")))
              + "|" + certificate, k -> new ArrayList<>()).add(gw);
        }
      }
    }
    for (List<Obj> sharing : byCertificate.values()) {
      if (sharing.size() < 2) {
        continue;
      }
      String names = sharing.stream().map(Obj::key).sorted().collect(Collectors.joining(", "));
      for (Obj gw : sharing) {
        out.add(IstioCode.IST0138.finding(gw.ref(), gw.cluster)
            .message("Duplicate certificate in multiple gateways " + names
                + " may cause 404s if clients re-use HTTP2 connections.")
            .fieldPath("spec.servers")
            .remediation("Give each gateway its own certificate, or merge the gateways' servers into one Gateway.")
            .related(sharing.stream().filter(o -> o != gw).map(Obj::describe).collect(Collectors.toList()))
            .build());
      }
    }
  }

  private static void conflicts(List<Obj> gateways, List<Finding> out) {
    Map<String, List<Object[]>> byPort = new LinkedHashMap<>();
    for (Obj gw : gateways) {
      String selector = Selectors.print(Obj.stringMap(gw.spec().path("selector")));
      for (JsonNode server : gw.spec().path("servers")) {
        int number = server.path("port").path("number").asInt();
        for (JsonNode host : server.path("hosts")) {
          String h = host.asText();
          h = h.indexOf('/') >= 0 ? h.substring(h.indexOf('/') + 1) : h;
          byPort.computeIfAbsent(gw.cluster + "|" + selector + "|" + number, k -> new ArrayList<>())
              .add(new Object[] {gw, h});
        }
      }
    }
    Set<String> reported = new HashSet<>();
    for (Map.Entry<String, List<Object[]>> e : byPort.entrySet()) {
      List<Object[]> claims = e.getValue();
      String[] key = e.getKey().split("\\|", -1);
      for (Object[] a : claims) {
        Obj gw = (Obj) a[0];
        List<String> others = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (Object[] b : claims) {
          Obj other = (Obj) b[0];
          if (other != gw && !other.key().equals(gw.key()) && a[1].equals(b[1])) {
            if (!others.contains(other.key())) {
              others.add(other.key());
            }
            if (!hosts.contains((String) b[1])) {
              hosts.add((String) b[1]);
            }
          }
        }
        if (!others.isEmpty() && reported.add(gw.cluster + "|" + gw.key() + "|" + key[2])) {
          out.add(IstioCode.IST0145.finding(gw.ref(), gw.cluster)
              .message("Conflict with gateways " + String.join(",", others) + " (workload selector " + key[1]
                  + ", port " + key[2] + ", hosts " + hosts + ").")
              .fieldPath("spec.servers")
              .remediation("Serve each host on a port of one Gateway only; merge the servers or change the hosts.")
              .build());
        }
      }
    }
  }
}
