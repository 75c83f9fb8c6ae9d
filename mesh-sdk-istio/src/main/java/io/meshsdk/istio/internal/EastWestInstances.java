package io.meshsdk.istio.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.GatewayInstances;
import io.meshsdk.spi.MembershipContext;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The east-west gateway instances of a multi-network mesh: one per network, on the first cluster
 * of the mesh (control plane first, then members in join order) on that network, as Istio's
 * multi-network guides install one in each network. They are gateway instances of the mesh
 * ({@code mesh.meshsdk.io/component: gateway}), so {@code mesh.gateways()} lists them and reports
 * their status. Joining a member on a new network adds that network's instance; leaving removes
 * the member's instance, moving it to another cluster of the network when one remains; when the
 * mesh no longer spans several networks, every one is removed. An east-west gateway of that name
 * that mesh-sdk does not own is left alone: it already serves its network.
 */
final class EastWestInstances {
  private static final Logger LOG = LoggerFactory.getLogger(EastWestInstances.class);
  static final String NAME = "istio-eastwestgateway";
  private static final IstioGatewayInstances RENDERER = new IstioGatewayInstances();
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_ABSENT);

  private EastWestInstances() {}

  /**
   * Puts the east-west instances where the mesh, as in {@code context}, needs them.
   *
   * @param context the mesh after the change
   * @param leaving the member leaving, whose instance goes; {@code null} on join
   */
  static void reconcile(MembershipContext context, ClusterSpec leaving) {
    List<ClusterSpec> after = context.clusters();
    String changed = context.member().name();
    List<ClusterSpec> before = new ArrayList<>(after);
    List<ClusterSpec> all = new ArrayList<>(after);
    if (leaving == null) {
      before.removeIf(c -> c.name().equals(changed));
    } else if (after.stream().noneMatch(c -> c.name().equals(leaving.name()))) {
      before.add(leaving);
      all.add(leaving);
    }
    Map<String, String> hosts = hosts(after);
    // only the member, and the clusters hosting an instance before or after the change, can differ
    Set<String> touched = new LinkedHashSet<>(hosts.values());
    touched.addAll(hosts(before).values());
    touched.add(changed);
    for (ClusterSpec cluster : all) {
      if (!touched.contains(cluster.name())) {
        continue;
      }
      boolean staying = leaving == null || !leaving.name().equals(cluster.name());
      boolean wanted = staying && cluster.network().map(n -> cluster.name().equals(hosts.get(n))).orElse(false);
      ClusterConnection connection = context.connection(cluster.name());
      if (wanted) {
        apply(context, connection, cluster);
      } else {
        remove(context, connection);
      }
    }
  }

  /** The network each east-west instance serves, and the cluster it runs on; empty for a single network. */
  static Map<String, String> hosts(List<ClusterSpec> clusters) {
    Set<String> networks = new LinkedHashSet<>();
    clusters.forEach(c -> networks.add(c.network().orElse("")));
    if (networks.size() < 2) {
      return Map.of();
    }
    Map<String, String> hosts = new LinkedHashMap<>();
    clusters.forEach(c -> c.network().ifPresent(n -> hosts.putIfAbsent(n, c.name())));
    return hosts;
  }

  static GatewaySpec spec(ClusterSpec cluster) {
    return GatewaySpec.builder().name(NAME).cluster(cluster.name()).kind(GatewayKind.EAST_WEST)
        .network(cluster.network().orElseThrow()).build();
  }

  private static void apply(MembershipContext context, ClusterConnection connection, ClusterSpec cluster) {
    GatewaySpec gateway = spec(cluster);
    List<MeshResource> objects = RENDERER.render(context.mesh(), cluster, gateway);
    for (MeshResource object : objects) {
      Optional<MeshResource> live = connection.get(type(object), gateway.namespace(), object.name());
      if (live.isPresent() && !owned(context, live.get())) {
        LOG.debug("cluster {} already has {} that mesh-sdk does not own; leaving the east-west gateway there as it is",
            connection.cluster(), live.get().ref());
        return;
      }
    }
    for (MeshResource object : objects) {
      connection.apply(type(object), stamp(context, object, gateway), ApplyOptions.builder().build());
    }
    LOG.debug("east-west gateway for network {} on cluster {}", gateway.network().orElse(""), connection.cluster());
  }

  private static void remove(MembershipContext context, ClusterConnection connection) {
    Map<String, String> selector = selector(context);
    List<ResourceType> types = new ArrayList<>(IstioGatewayInstances.TYPES);
    Collections.reverse(types);
    for (ResourceType type : types) {
      for (MeshResource object : connection.list(type, null, selector)) {
        if (owned(context, object)) {
          connection.delete(type, object.namespace().orElse(null), object.name(), object.resourceVersion());
        }
      }
    }
  }

  private static Map<String, String> selector(MembershipContext context) {
    Map<String, String> selector = new HashMap<>(context.ownershipLabels());
    selector.put(MembershipWiring.COMPONENT_LABEL, GatewayInstances.COMPONENT);
    selector.put(GatewayInstances.GATEWAY_LABEL, NAME);
    return selector;
  }

  private static MeshResource stamp(MembershipContext context, MeshResource object, GatewaySpec gateway) {
    MeshResource stamped = object;
    for (Map.Entry<String, String> label : selector(context).entrySet()) {
      stamped = stamped.withLabel(label.getKey(), label.getValue());
    }
    if (object.kind().equals(IstioGatewayInstances.DEPLOYMENT.kind())) {
      stamped = stamped.withAnnotation(GatewayInstances.SPEC_ANNOTATION, canonical(gateway));
    }
    return stamped;
  }

  private static String canonical(GatewaySpec gateway) {
    try {
      return JSON.writeValueAsString(JSON.treeToValue(JSON.valueToTree(gateway), Object.class));
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot serialise gateway " + gateway.name(), e);
    }
  }

  private static boolean owned(MembershipContext context, MeshResource object) {
    return object.labels().entrySet().containsAll(context.ownershipLabels().entrySet());
  }

  private static ResourceType type(MeshResource object) {
    return IstioGatewayInstances.TYPES.stream()
        .filter(t -> t.kind().equals(object.kind()) && t.apiVersion().equals(object.apiVersion()))
        .findFirst().orElseThrow();
  }
}
