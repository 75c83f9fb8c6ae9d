package io.meshsdk.gateway;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * One gateway instance of a mesh on one cluster: a Deployment whose pods Istio's injector turns
 * into gateways ({@code inject.istio.io/templates: gateway}), its Service, ServiceAccount, Role
 * and RoleBinding, and when scaled a PodDisruptionBudget and a HorizontalPodAutoscaler.
 *
 * <pre>{@code
 * GatewaySpec ingress = GatewaySpec.builder()
 *     .name("public-ingress").cluster("bj-1").kind(GatewayKind.INGRESS)
 *     .replicas(2).maxReplicas(5).cpuRequest("500m").memoryRequest("256Mi")
 *     .build();
 * prod.gateways().plan(ingress).apply();
 * }</pre>
 *
 * <p>Every field is checked when the value is built, and every violation is reported at once,
 * naming its field.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGatewaySpec.class)
@JsonDeserialize(as = ImmutableGatewaySpec.class)
public abstract class GatewaySpec {
  /** The namespace gateways run in unless told otherwise. */
  public static final String DEFAULT_NAMESPACE = "istio-system";
  private static final Pattern CPU = Pattern.compile("([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)");
  private static final Pattern MEMORY = Pattern.compile("[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final int MAX_REPLICAS = 1000;

  GatewaySpec() {}

  /**
   * Starts a gateway specification.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The instance's name, which its Deployment, Service and the other objects take.
   *
   * @return a DNS-1123 label
   */
  public abstract String name();

  /**
   * The cluster the instance runs on; a cluster of the mesh.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * What the gateway is for.
   *
   * @return the kind
   */
  public abstract GatewayKind kind();

  /**
   * The namespace the instance runs in. The namespace must exist: the SDK never creates or deletes
   * a namespace for a gateway.
   *
   * @return the namespace; {@value #DEFAULT_NAMESPACE} unless set
   */
  @Value.Default
  public String namespace() {
    return DEFAULT_NAMESPACE;
  }

  /**
   * The type of the gateway's Service. Change it when the cluster has no load balancer
   * controller ({@link GatewayServiceType#NODE_PORT}) or the gateway serves the cluster only.
   *
   * @return the type; LoadBalancer for ingress and east-west gateways, ClusterIP for egress
   */
  @Value.Default
  public GatewayServiceType serviceType() {
    return kind() == GatewayKind.EGRESS ? GatewayServiceType.CLUSTER_IP : GatewayServiceType.LOAD_BALANCER;
  }

  /**
   * The Service's ports. Empty means the kind's defaults, {@link #servicePorts()}.
   *
   * @return the ports given
   */
  public abstract List<GatewayPort> ports();

  /**
   * The replicas when not autoscaled, and the autoscaler's minimum when {@link #maxReplicas()} is
   * set and {@link #minReplicas()} is not.
   *
   * @return the replicas; 1 unless set
   */
  @Value.Default
  public int replicas() {
    return 1;
  }

  /**
   * The autoscaler's minimum.
   *
   * @return the minimum; absent means {@link #replicas()}
   */
  public abstract Optional<Integer> minReplicas();

  /**
   * The autoscaler's maximum; setting it puts a HorizontalPodAutoscaler in front of the
   * Deployment, scaling on CPU.
   *
   * @return the maximum; absent for a fixed number of replicas
   */
  public abstract Optional<Integer> maxReplicas();

  /**
   * The average CPU use, in percent of the request, the autoscaler keeps the pods at.
   *
   * @return the target; 80 unless set
   */
  @Value.Default
  public int targetCpuUtilization() {
    return 80;
  }

  /**
   * The CPU the gateway container requests, as a Kubernetes quantity ({@code 500m}, {@code 2}).
   * Set it whenever the gateway autoscales: the autoscaler measures use against it.
   *
   * @return the request
   */
  public abstract Optional<String> cpuRequest();

  /**
   * The memory the gateway container requests ({@code 256Mi}).
   *
   * @return the request
   */
  public abstract Optional<String> memoryRequest();

  /**
   * The CPU the gateway container may use at most.
   *
   * @return the limit
   */
  public abstract Optional<String> cpuLimit();

  /**
   * The memory the gateway container may use at most.
   *
   * @return the limit
   */
  public abstract Optional<String> memoryLimit();

  /**
   * The control-plane revision whose injector and istiod the gateway uses ({@code istio.io/rev}).
   *
   * @return the revision; absent means the mesh's revision, if it has one
   */
  public abstract Optional<String> revision();

  /**
   * The network an {@link GatewayKind#EAST_WEST} gateway serves ({@code topology.istio.io/network}).
   *
   * @return the network; absent means the cluster's registered network
   */
  public abstract Optional<String> network();

  /**
   * The ports the Service opens: {@link #ports()} when given, else the kind's defaults, with the
   * status port 15021 the load balancer probes first.
   *
   * @return the ports
   */
  public final List<GatewayPort> servicePorts() {
    if (!ports().isEmpty()) {
      return ports();
    }
    GatewayPort status = GatewayPort.of("status-port", 15021);
    if (kind() == GatewayKind.EAST_WEST) {
      return List.of(status, GatewayPort.of("tls", 15443), GatewayPort.of("tls-istiod", 15012),
          GatewayPort.of("tls-webhook", 15017));
    }
    return List.of(status, GatewayPort.of("http2", 80, 8080), GatewayPort.of("https", 443, 8443));
  }

  /**
   * The fewest replicas the instance runs with.
   *
   * @return {@link #minReplicas()} or else {@link #replicas()}
   */
  public final int effectiveMinReplicas() {
    return minReplicas().orElse(replicas());
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("name", name());
    if (name().length() > 52) {
      v.add("name", "must be at most 52 characters, so that the names derived from it stay valid, but was "
          + Violations.quote(name()));
    }
    v.dnsLabel("cluster", cluster());
    v.dnsLabel("namespace", namespace());
    v.range("replicas", replicas(), 0, MAX_REPLICAS);
    minReplicas().ifPresent(m -> v.range("minReplicas", m, 1, MAX_REPLICAS));
    maxReplicas().ifPresent(m -> v.range("maxReplicas", m, 1, MAX_REPLICAS));
    if (minReplicas().isPresent() && maxReplicas().isEmpty()) {
      v.add("minReplicas", "is the autoscaler's minimum and needs maxReplicas");
    }
    if (maxReplicas().isPresent() && effectiveMinReplicas() > maxReplicas().get()) {
      v.add("maxReplicas", "must be at least the minimum, " + effectiveMinReplicas() + ", but was "
          + maxReplicas().get());
    }
    if (maxReplicas().isPresent() && effectiveMinReplicas() < 1) {
      v.add("replicas", "must be at least 1 when the gateway autoscales, but was " + replicas());
    }
    v.range("targetCpuUtilization", targetCpuUtilization(), 1, 100);
    cpuRequest().ifPresent(q -> quantity(v, "cpuRequest", q, CPU, "500m"));
    cpuLimit().ifPresent(q -> quantity(v, "cpuLimit", q, CPU, "2"));
    memoryRequest().ifPresent(q -> quantity(v, "memoryRequest", q, MEMORY, "256Mi"));
    memoryLimit().ifPresent(q -> quantity(v, "memoryLimit", q, MEMORY, "1Gi"));
    revision().ifPresent(r -> v.dnsLabel("revision", r));
    network().ifPresent(n -> {
      if (kind() != GatewayKind.EAST_WEST) {
        v.add("network", "is only for EAST_WEST gateways, but this one is " + kind());
      }
      if (!LabelValue.valid(n)) {
        v.add("network", "must be a label value (letters, digits, '-', '_' and '.', at most 63 characters), but was "
            + Violations.quote(n));
      }
    });
    Set<String> names = new HashSet<>();
    Set<Integer> numbers = new HashSet<>();
    for (int i = 0; i < ports().size(); i++) {
      GatewayPort port = ports().get(i);
      if (!names.add(port.name())) {
        v.add("ports[" + i + "].name", "repeats port name " + Violations.quote(port.name()));
      }
      if (!numbers.add(port.port())) {
        v.add("ports[" + i + "].port", "repeats port " + port.port());
      }
    }
    v.throwIfAny("GatewaySpec " + name());
  }

  private static void quantity(Violations v, String field, String value, Pattern pattern, String example) {
    if (!pattern.matcher(value).matches()) {
      v.add(field, "must be a Kubernetes quantity such as " + example + ", but was " + Violations.quote(value));
    }
  }

  /** The syntax of a Kubernetes label value. */
  private static final class LabelValue {
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    static boolean valid(String value) {
      return value.length() <= 63 && VALUE.matcher(value).matches();
    }
  }

  /** Builds {@link GatewaySpec}. */
  public static final class Builder extends ImmutableGatewaySpec.Builder {
    Builder() {}
  }
}
