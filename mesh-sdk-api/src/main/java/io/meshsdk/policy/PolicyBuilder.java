package io.meshsdk.policy;

import io.meshsdk.internal.Violations;
import java.util.Map;
import java.util.Objects;

/**
 * Where every policy starts. Name what the policy is about, then where, then say the rest:
 *
 * <pre>{@code
 * TrafficPolicy canary = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
 *     .subset("v1", Map.of("version", "v1"))
 *     .subset("v2", Map.of("version", "v2"))
 *     .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
 *     .build();
 * }</pre>
 *
 * <p>Nothing here does I/O; {@code build()} returns an immutable value or throws one {@link
 * io.meshsdk.PolicyValidationException} listing every violation.
 *
 * @since 0.1.0
 */
public final class PolicyBuilder {

  private PolicyBuilder() {}

  /**
   * Starts a {@link TrafficPolicy} for a service: its routes, subsets and resilience.
   *
   * @param host the service's short name ({@code reviews}) or fully qualified name
   * @return the step that names the namespace
   */
  public static InNamespaceStep<TrafficPolicy.Builder> forService(String host) {
    return namespace -> TrafficPolicy.builder().host(host).namespace(namespace);
  }

  /**
   * Starts a policy for every workload of the mesh: it lives in the root namespace, {@value
   * PolicyScope#DEFAULT_ROOT_NAMESPACE}.
   *
   * <pre>{@code
   * MtlsPolicy strict = PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build();
   * }</pre>
   *
   * @return the step that says what the policy is
   */
  public static PolicyScope forMesh() {
    return forMesh(PolicyScope.DEFAULT_ROOT_NAMESPACE);
  }

  /**
   * Starts a policy for every workload of a mesh whose root namespace is not the default.
   *
   * <pre>{@code
   * PolicyBuilder.forMesh("istio-config").outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY).build();
   * }</pre>
   *
   * @param rootNamespace the mesh's root namespace
   * @return the step that says what the policy is
   */
  public static PolicyScope forMesh(String rootNamespace) {
    return new PolicyScope(rootNamespace, Map.of(), true);
  }

  /**
   * Starts a policy for every workload of a namespace.
   *
   * <pre>{@code
   * AuthorizationPolicy denyAll = PolicyBuilder.forNamespace("bookinfo").denyAll().build();
   * }</pre>
   *
   * @param namespace the namespace
   * @return the step that says what the policy is
   */
  public static PolicyScope forNamespace(String namespace) {
    return new PolicyScope(namespace, Map.of(), false);
  }

  /**
   * Starts a policy for the workloads of a namespace that carry some labels.
   *
   * <pre>{@code
   * MtlsPolicy ratings = PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings"))
   *     .mtls(MtlsMode.STRICT).port(9000, MtlsMode.PERMISSIVE).build();
   * }</pre>
   *
   * <p>The selector must name at least one label: an empty selector would select every workload
   * of the namespace, which {@link #forNamespace(String)} says plainly.
   *
   * @param namespace the namespace
   * @param selector the workloads' labels; at least one
   * @return the step that says what the policy is
   * @throws io.meshsdk.PolicyValidationException if the selector is empty, naming the field
   *     {@code selector}
   */
  public static PolicyScope forWorkload(String namespace, Map<String, String> selector) {
    requireLabels("policy for workloads of namespace " + Violations.quote(namespace), "selector", selector,
        "an empty selector selects every workload of the namespace, which forNamespace("
            + Violations.quote(namespace) + ") says plainly");
    return new PolicyScope(namespace, selector, false);
  }

  /** Refuses an empty label map where emptiness would silently widen what is selected. */
  static void requireLabels(String subject, String field, Map<String, String> labels, String why) {
    Objects.requireNonNull(labels, field);
    if (labels.isEmpty()) {
      new Violations().add(field, "must name at least one label; " + why).throwIfAnyForPolicy(subject);
    }
  }

  /**
   * Starts an ingress gateway: its servers and the routes bound to it.
   *
   * <pre>{@code
   * PolicyBuilder.gateway("bookinfo-gateway").inNamespace("bookinfo")
   *     .server(s -> s.port(80).hosts("bookinfo.example.com"))
   *     .route(r -> r.uriPrefix("/").to("productpage", 9080))
   *     .build();
   * }</pre>
   *
   * @param name the gateway's name
   * @return the step that names the namespace
   */
  public static InNamespaceStep<GatewayPolicy.Builder> gateway(String name) {
    return namespace -> GatewayPolicy.builder().name(name).namespace(namespace);
  }

  /**
   * Starts an external service: a host outside the cluster made known to the mesh.
   *
   * <pre>{@code
   * PolicyBuilder.externalService("api.github.com").inNamespace("bookinfo")
   *     .port(443, PortProtocol.HTTPS).build();
   * }</pre>
   *
   * @param host the service's (first) host name
   * @return the step that names the namespace
   */
  public static InNamespaceStep<ExternalService.Builder> externalService(String host) {
    return namespace -> ExternalService.builder().addHost(host).namespace(namespace);
  }

  /**
   * Starts an external workload: a VM or another registry's instance made a member of the mesh.
   *
   * <pre>{@code
   * PolicyBuilder.externalWorkload("details-vm-1").inNamespace("bookinfo")
   *     .address("10.0.12.7").putLabel("app", "details").build();
   * }</pre>
   *
   * @param name the workload's name
   * @return the step that names the namespace
   */
  public static InNamespaceStep<ExternalWorkload.Builder> externalWorkload(String name) {
    return namespace -> ExternalWorkload.builder().name(name).namespace(namespace);
  }

  /**
   * Starts a group of external workloads that register themselves when their proxy starts.
   *
   * <pre>{@code
   * PolicyBuilder.externalWorkloadGroup("ratings-vms").inNamespace("bookinfo")
   *     .putLabel("app", "ratings").serviceAccount("bookinfo-ratings").build();
   * }</pre>
   *
   * @param name the group's name
   * @return the step that names the namespace
   */
  public static InNamespaceStep<ExternalWorkloadGroup.Builder> externalWorkloadGroup(String name) {
    return namespace -> ExternalWorkloadGroup.builder().name(name).namespace(namespace);
  }

  /**
   * Starts a raw policy from YAML (one or more documents) or JSON: mesh objects managed as they
   * are.
   *
   * <pre>{@code
   * RawPolicy filter = PolicyBuilder.raw(Files.readString(Path.of("envoyfilter.yaml"))).build();
   * }</pre>
   *
   * @param yamlOrJson the objects' text
   * @return the raw policy's builder
   */
  public static RawPolicy.Builder raw(String yamlOrJson) {
    return RawPolicy.builder().parse(yamlOrJson);
  }

  /**
   * Starts a raw policy from objects in neutral form.
   *
   * <pre>{@code
   * RawPolicy proxyConfig = PolicyBuilder.raw(MeshResource.parse(json)).build();
   * }</pre>
   *
   * @param resources the objects
   * @return the raw policy's builder
   */
  public static RawPolicy.Builder raw(io.meshsdk.resource.MeshResource... resources) {
    RawPolicy.Builder builder = RawPolicy.builder();
    for (io.meshsdk.resource.MeshResource resource : resources) {
      builder.resource(resource);
    }
    return builder;
  }

  /**
   * The step that names the namespace a policy applies to.
   *
   * @param <B> the builder that follows
   */
  @FunctionalInterface
  public interface InNamespaceStep<B> {
    /**
     * Names the namespace.
     *
     * @param namespace the Kubernetes namespace
     * @return the policy's builder
     */
    B inNamespace(String namespace);
  }
}
