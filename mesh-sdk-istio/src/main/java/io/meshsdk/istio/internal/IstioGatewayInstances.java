package io.meshsdk.istio.internal;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.gateway.GatewayKind;
import io.meshsdk.gateway.GatewayPort;
import io.meshsdk.gateway.GatewaySpec;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.GatewayInstances;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gateway instances the way Istio's "Installing Gateways" guide builds them: a Deployment whose
 * pod template asks the injector for the gateway template ({@code inject.istio.io/templates:
 * gateway}, container {@code istio-proxy} with {@code image: auto}), running without privileges;
 * a Service selecting its pods; a ServiceAccount, and a Role letting the gateway read the TLS
 * Secrets of its namespace (for SDS). East-west gateways carry what the multi-network guide sets:
 * the {@code topology.istio.io/network} label on pods and Service, and the environment {@code
 * ISTIO_META_ROUTER_MODE=sni-dnat} and {@code ISTIO_META_REQUESTED_NETWORK_VIEW=<network>}.
 */
final class IstioGatewayInstances implements GatewayInstances {
  static final String NETWORK_LABEL = "topology.istio.io/network";
  static final String INJECT_TEMPLATES = "inject.istio.io/templates";
  static final String PROXY = "istio-proxy";

  static final ResourceType SERVICE_ACCOUNT = ResourceType.namespaced("v1", "ServiceAccount", "serviceaccounts");
  static final ResourceType ROLE = ResourceType.namespaced("rbac.authorization.k8s.io/v1", "Role", "roles");
  static final ResourceType ROLE_BINDING =
      ResourceType.namespaced("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings");
  static final ResourceType DEPLOYMENT = ResourceType.namespaced("apps/v1", "Deployment", "deployments");
  static final ResourceType SERVICE = ResourceType.namespaced("v1", "Service", "services");
  static final ResourceType POD_DISRUPTION_BUDGET =
      ResourceType.namespaced("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets");
  static final ResourceType HORIZONTAL_POD_AUTOSCALER =
      ResourceType.namespaced("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers");
  static final List<ResourceType> TYPES = List.of(SERVICE_ACCOUNT, ROLE, ROLE_BINDING, DEPLOYMENT, SERVICE,
      POD_DISRUPTION_BUDGET, HORIZONTAL_POD_AUTOSCALER);

  @Override
  public List<ResourceType> resourceTypes() {
    return TYPES;
  }

  @Override
  public List<MeshResource> render(MeshSpec mesh, ClusterSpec cluster, GatewaySpec gateway) {
    String name = gateway.name();
    String namespace = gateway.namespace();
    Map<String, String> selector = selector(gateway);
    Map<String, String> labels = new LinkedHashMap<>(selector);
    network(gateway).ifPresent(n -> labels.put(NETWORK_LABEL, n));
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new ServiceAccountBuilder().withMetadata(meta(namespace, name, labels)).build());
    objects.add(new RoleBuilder().withMetadata(meta(namespace, name, labels))
        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
            .withVerbs("get", "watch", "list").build())
        .build());
    objects.add(new RoleBindingBuilder().withMetadata(meta(namespace, name, labels))
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
        .build());
    objects.add(deployment(mesh, gateway, selector, labels));
    objects.add(new ServiceBuilder().withMetadata(meta(namespace, name, labels))
        .withNewSpec()
        .withType(gateway.serviceType().kubernetesName())
        .withSelector(selector)
        .withPorts(servicePorts(gateway))
        .endSpec()
        .build());
    if (gateway.effectiveMinReplicas() >= 2) {
      objects.add(new PodDisruptionBudgetBuilder().withMetadata(meta(namespace, name, labels))
          .withNewSpec()
          .withMinAvailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(selector).endSelector()
          .endSpec()
          .build());
    }
    gateway.maxReplicas().ifPresent(max -> objects.add(new HorizontalPodAutoscalerBuilder()
        .withMetadata(meta(namespace, name, labels))
        .withNewSpec()
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(name).endScaleTargetRef()
        .withMinReplicas(gateway.effectiveMinReplicas())
        .withMaxReplicas(max)
        .addNewMetric().withType("Resource")
        .withNewResource().withName("cpu")
        .withNewTarget().withType("Utilization").withAverageUtilization(gateway.targetCpuUtilization()).endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build()));
    List<MeshResource> out = new ArrayList<>();
    objects.forEach(o -> out.add(IstioJson.toResource(o)));
    return out;
  }

  /** The labels that select the instance's pods; {@code istio=<kind>gateway} is what Gateway objects select by. */
  static Map<String, String> selector(GatewaySpec gateway) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("app", gateway.name());
    selector.put("istio", istioLabel(gateway.kind()));
    return selector;
  }

  static String istioLabel(GatewayKind kind) {
    switch (kind) {
      case EGRESS:
        return "egressgateway";
      case EAST_WEST:
        return "eastwestgateway";
      default:
        return "ingressgateway";
    }
  }

  private static Optional<String> network(GatewaySpec gateway) {
    return gateway.kind() == GatewayKind.EAST_WEST ? gateway.network() : Optional.empty();
  }

  private static ObjectMeta meta(String namespace, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(new LinkedHashMap<>(labels))
        .build();
  }

  private static HasMetadata deployment(MeshSpec mesh, GatewaySpec gateway, Map<String, String> selector,
      Map<String, String> labels) {
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    Optional<String> revision = gateway.revision().or(mesh::revision);
    if (revision.isPresent()) {
      podLabels.put("istio.io/rev", revision.get());
    } else {
      podLabels.put("sidecar.istio.io/inject", "true");
    }
    List<EnvVar> env = new ArrayList<>();
    network(gateway).ifPresent(n -> {
      env.add(new EnvVar("ISTIO_META_ROUTER_MODE", "sni-dnat", null));
      env.add(new EnvVar("ISTIO_META_REQUESTED_NETWORK_VIEW", n, null));
    });
    ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
    // in the server's form, so that planning again over what it stored shows no change
    gateway.cpuRequest().ifPresent(q -> resources.addToRequests("cpu", new Quantity(Quantities.cpu(q))));
    gateway.memoryRequest().ifPresent(q -> resources.addToRequests("memory", new Quantity(Quantities.memory(q))));
    gateway.cpuLimit().ifPresent(q -> resources.addToLimits("cpu", new Quantity(Quantities.cpu(q))));
    gateway.memoryLimit().ifPresent(q -> resources.addToLimits("memory", new Quantity(Quantities.memory(q))));
    ContainerBuilder container = new ContainerBuilder()
        .withName(PROXY)
        .withImage("auto")
        .withPorts(containerPorts(gateway))
        .withSecurityContext(new SecurityContextBuilder()
            .withAllowPrivilegeEscalation(false)
            .withRunAsNonRoot(true)
            .withRunAsUser(1337L)
            .withRunAsGroup(1337L)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .build());
    if (!env.isEmpty()) {
      container.withEnv(env);
    }
    if (gateway.cpuRequest().isPresent() || gateway.memoryRequest().isPresent() || gateway.cpuLimit().isPresent()
        || gateway.memoryLimit().isPresent()) {
      container.withResources(resources.build());
    }
    PodSecurityContextBuilder podSecurity = new PodSecurityContextBuilder();
    boolean privilegedPort = gateway.servicePorts().stream().anyMatch(p -> p.targetPort().orElse(p.port()) < 1024);
    if (privilegedPort) {
      // lets the unprivileged proxy bind ports below 1024, as Istio's gateway chart does
      podSecurity.withSysctls(new SysctlBuilder().withName("net.ipv4.ip_unprivileged_port_start").withValue("0")
          .build());
    }
    DeploymentSpecBuilder spec = new DeploymentSpecBuilder()
        .withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(Map.of(INJECT_TEMPLATES, "gateway"))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(gateway.name())
        .withSecurityContext(privilegedPort ? podSecurity.build() : null)
        .withContainers(container.build())
        .endSpec()
        .endTemplate();
    if (gateway.maxReplicas().isEmpty()) {
      // an autoscaled Deployment's replicas belong to its autoscaler
      spec.withReplicas(gateway.replicas());
    }
    return new DeploymentBuilder().withMetadata(meta(gateway.namespace(), gateway.name(), labels))
        .withSpec(spec.build()).build();
  }

  private static List<ContainerPort> containerPorts(GatewaySpec gateway) {
    List<ContainerPort> ports = new ArrayList<>();
    for (GatewayPort port : gateway.servicePorts()) {
      ports.add(new ContainerPortBuilder().withName(port.name()).withContainerPort(port.targetPort().orElse(port.port()))
          .withProtocol("TCP").build());
    }
    return ports;
  }

  private static List<ServicePort> servicePorts(GatewaySpec gateway) {
    List<ServicePort> ports = new ArrayList<>();
    for (GatewayPort port : gateway.servicePorts()) {
      ports.add(new ServicePortBuilder().withName(port.name()).withPort(port.port()).withProtocol("TCP")
          .withTargetPort(new IntOrString(port.targetPort().orElse(port.port()))).build());
    }
    return ports;
  }
}
