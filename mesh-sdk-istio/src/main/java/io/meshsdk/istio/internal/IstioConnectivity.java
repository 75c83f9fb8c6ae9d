package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.MemberConnectivity;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MembershipContext;
import io.meshsdk.spi.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the API servers show of a member's place in a multi-cluster mesh: the remote secrets
 * istiod reads on the control plane (present, labelled {@code istio/multiCluster: "true"},
 * holding a kubeconfig under the member's name), and the addresses of the east-west gateways,
 * found as istiod finds them: Services labelled {@code istio: eastwestgateway} and {@code
 * topology.istio.io/network}, whoever installed them. Whether istiod connected with a secret is
 * not visible through an API server, and is not claimed.
 *
 * <p>One instance reports on the members of one mesh as one reading of its record shows them: it
 * reads each remote secret, each network's east-west gateway and the mesh's discovery address
 * once, however many members it reports on. Not thread-safe.
 */
final class IstioConnectivity {
  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");

  private final Map<String, Boolean> secrets = new HashMap<>();
  private final Map<String, Optional<String>> addresses = new HashMap<>();
  private Optional<String> discoveryAddress;

  MemberConnectivity report(MembershipContext context) {
    ClusterSpec member = context.member();
    List<ClusterSpec> clusters = context.clusters();
    boolean multiNetwork = clusters.stream().map(c -> c.network().orElse("")).distinct().count() > 1;
    MemberConnectivity.Builder report = MemberConnectivity.builder().member(member.name())
        .network(member.network()).eastWestGatewayNeeded(multiNetwork);
    if (context.mesh().istio().isPresent()) {
      controlPlaneAddress(context, report, member);
    }
    boolean secret = remoteSecretPresent(context, member.name());
    report.remoteSecretPresent(secret);
    if (!secret) {
      report.addProblem("the control plane " + context.mesh().configClusters() + " holds no remote secret for "
          + member.name() + " labelled istio/multiCluster=true, so istiod cannot discover its endpoints");
    }
    if (multiNetwork) {
      if (member.network().isEmpty()) {
        report.addProblem("member " + member.name() + " was registered without a network, but the mesh spans"
            + " several; its endpoints cannot be reached from the other networks");
      } else {
        Optional<String> address = eastWestAddress(context, member.network().get());
        address.ifPresent(report::eastWestGatewayAddress);
        if (address.isEmpty()) {
          report.addProblem("the east-west gateway of network " + member.network().get() + " has no address yet,"
              + " so other networks cannot reach " + member.name());
        }
      }
    }
    for (ClusterSpec other : clusters) {
      if (other.name().equals(member.name()) || !context.mesh().members().contains(other.name())) {
        continue;
      }
      boolean known = remoteSecretPresent(context, other.name());
      boolean sameNetwork = Objects.equals(other.network().orElse(""), member.network().orElse(""));
      boolean reachable = sameNetwork || other.network().flatMap(n -> eastWestAddress(context, n)).isPresent();
      if (known && reachable) {
        report.addEndpointsVisibleFrom(other.name());
      } else {
        report.addProblem("endpoints of " + other.name() + " cannot be given to " + member.name() + ": "
            + (!known ? "the control plane holds no remote secret for " + other.name()
                : "the east-west gateway of network " + other.network().orElse("(none)") + " has no address"));
      }
    }
    return report.build();
  }

  /** The address the member's remote install gives its proxies, against the mesh's discovery address. */
  private void controlPlaneAddress(MembershipContext context, MemberConnectivity.Builder report,
      ClusterSpec member) {
    Optional<String> installed = SailControlPlane.remotePilotAddress(context.mesh(),
        context.connection(member.name()));
    installed.ifPresent(report::controlPlaneAddress);
    if (discoveryAddress == null) {
      discoveryAddress = new SailControlPlane().discoveryAddress(context.mesh(),
          context.connection(context.mesh().configClusters().get(0)),
          context.mesh().members().stream().map(context::connection).collect(Collectors.toList()));
    }
    Optional<String> wanted = discoveryAddress;
    if (installed.isEmpty()) {
      report.addProblem("the control-plane install on " + member.name() + " names no address of istiod"
          + wanted.map(w -> "; planning the control plane again (controlPlane().planInstall()) writes " + w)
              .orElse(", and the mesh knows none: set IstioInstall.discoveryAddress or give the control plane's"
                  + " east-west gateway an address"));
    } else if (wanted.isPresent() && !wanted.equals(installed)) {
      report.addProblem("proxies on " + member.name() + " reach istiod at " + installed.get() + ", but the mesh's"
          + " discovery address is now " + wanted.get() + "; apply controlPlane().planInstall() to move them");
    }
  }

  private boolean remoteSecretPresent(MembershipContext context, String cluster) {
    return secrets.computeIfAbsent(cluster, name -> {
      if (context.mesh().configClusters().isEmpty()) {
        return false;
      }
      for (String config : context.mesh().configClusters()) {
        Optional<MeshResource> secret = context.connection(config).get(IstioMembershipWiring.SECRET,
            IstioMembershipWiring.ISTIO_SYSTEM, "istio-remote-secret-" + name);
        boolean accepted = secret.isPresent()
            && "true".equals(secret.get().labels().get(IstioMembershipWiring.MULTI_CLUSTER_LABEL))
            && secret.get().field("data").map(d -> d.hasNonNull(name)).orElse(false);
        if (!accepted) {
          return false;
        }
      }
      return true;
    });
  }

  /** The first address of an east-west gateway Service of a network, on any cluster of that network. */
  private Optional<String> eastWestAddress(MembershipContext context, String network) {
    return addresses.computeIfAbsent(network, n -> {
      for (ClusterSpec cluster : context.clusters()) {
        if (!cluster.network().map(n::equals).orElse(false)) {
          continue;
        }
        ClusterConnection connection = context.connection(cluster.name());
        for (MeshResource service : connection.list(SERVICE, null,
            Map.of("istio", "eastwestgateway", IstioGatewayInstances.NETWORK_LABEL, n))) {
          Optional<String> address = externalAddress(service);
          if (address.isPresent()) {
            return address;
          }
        }
      }
      return Optional.empty();
    });
  }

  /** The first address a load balancer gave a Service, IP or host name; empty while it has none. */
  static Optional<String> externalAddress(MeshResource service) {
    for (JsonNode ingress : service.content().path("status").path("loadBalancer").path("ingress")) {
      for (String field : new String[] {"ip", "hostname"}) {
        String value = ingress.path(field).asText("");
        if (!value.isEmpty()) {
          return Optional.of(value);
        }
      }
    }
    return Optional.empty();
  }
}
