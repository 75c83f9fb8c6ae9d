package io.meshsdk.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Where a security, sidecar or telemetry policy applies: the whole mesh (its root namespace), one
 * namespace, or the workloads a selector picks in a namespace. Say next what the policy is.
 * Start from {@link PolicyBuilder#forMesh()}, {@link PolicyBuilder#forNamespace(String)} or
 * {@link PolicyBuilder#forWorkload(String, Map)}.
 *
 * <pre>{@code
 * PolicyBuilder.forMesh().mtls(MtlsMode.STRICT).build();
 * PolicyBuilder.forNamespace("bookinfo").denyAll().build();
 * PolicyBuilder.forWorkload("bookinfo", Map.of("app", "ratings")).allow("ratings-viewer")
 *     .rule(r -> r.from(s -> s.principals("cluster.local/ns/bookinfo/sa/bookinfo-reviews"))).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PolicyScope {

  /** The root namespace of an Istio mesh unless it is configured otherwise. */
  public static final String DEFAULT_ROOT_NAMESPACE = "istio-system";

  private final String namespace;
  private final Map<String, String> selector;
  private final boolean meshWide;

  PolicyScope(String namespace, Map<String, String> selector, boolean meshWide) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.selector = Map.copyOf(Objects.requireNonNull(selector, "selector"));
    this.meshWide = meshWide;
  }

  /**
   * The namespace policies of this scope live in.
   *
   * @return the namespace; the root namespace for the mesh
   */
  public String namespace() {
    return namespace;
  }

  /**
   * The workload selector.
   *
   * @return the labels; empty for a namespace or the mesh
   */
  public Map<String, String> selector() {
    return selector;
  }

  /**
   * Whether the scope is the whole mesh.
   *
   * @return {@code true} for {@link PolicyBuilder#forMesh()}
   */
  public boolean meshWide() {
    return meshWide;
  }

  /**
   * Sets the mutual TLS mode of the scope's workloads.
   *
   * <pre>{@code
   * PolicyBuilder.forNamespace("bookinfo").mtls(MtlsMode.STRICT).build()
   * }</pre>
   *
   * @param mode STRICT, PERMISSIVE or DISABLE
   * @return the mTLS policy's builder
   */
  public MtlsPolicy.Builder mtls(MtlsMode mode) {
    return MtlsPolicy.builder().namespace(namespace).selector(selector).mode(mode);
  }

  /**
   * Allows the requests the rules match; once a workload has an ALLOW policy, all other requests
   * to it are denied.
   *
   * <pre>{@code
   * .allow("productpage-viewer").rule(r -> r.to(o -> o.methods("GET")))
   * }</pre>
   *
   * @param name the policy's name
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder allow(String name) {
    return authorization(name, AuthorizationAction.ALLOW);
  }

  /**
   * Denies the requests the rules match, whatever ALLOW policies say.
   *
   * <pre>{@code
   * .deny("deny-post").rule(r -> r.to(o -> o.methods("POST")))
   * }</pre>
   *
   * @param name the policy's name
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder deny(String name) {
    return authorization(name, AuthorizationAction.DENY);
  }

  /**
   * Audits the requests the rules match, with the mesh's audit provider.
   *
   * <pre>{@code
   * .audit("audit-admin").rule(r -> r.to(o -> o.paths("/admin*")))
   * }</pre>
   *
   * @param name the policy's name
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder audit(String name) {
    return authorization(name, AuthorizationAction.AUDIT);
  }

  /**
   * Delegates the decision on the requests the rules match to an external authorizer.
   *
   * <pre>{@code
   * .custom("ext-authz", "my-ext-authz").rule(r -> r.to(o -> o.paths("/headers")))
   * }</pre>
   *
   * @param name the policy's name
   * @param provider the authorizer, as named in the mesh's extension providers
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder custom(String name, String provider) {
    return authorization(name, AuthorizationAction.CUSTOM).provider(provider);
  }

  /**
   * Denies every request, even those an ALLOW policy allows: a DENY policy with a rule that
   * matches everything, named {@code deny-all}.
   *
   * <pre>{@code
   * PolicyBuilder.forNamespace("bookinfo").denyAll().build()
   * }</pre>
   *
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder denyAll() {
    return deny("deny-all").matchingEverything();
  }

  /**
   * Allows nothing until other ALLOW policies allow it: an ALLOW policy without rules, named
   * {@code allow-nothing}, the usual starting point of a zero-trust namespace.
   *
   * <pre>{@code
   * PolicyBuilder.forNamespace("bookinfo").allowNothing().build()
   * }</pre>
   *
   * @return the authorization policy's builder
   */
  public AuthorizationPolicy.Builder allowNothing() {
    return allow("allow-nothing");
  }

  /**
   * Validates JWTs on requests to the scope's workloads.
   *
   * <pre>{@code
   * .jwt("jwt-example").rule(r -> r.issuer("testing@secure.istio.io").jwksUri(url))
   * }</pre>
   *
   * @param name the policy's name
   * @return the JWT policy's builder
   */
  public JwtPolicy.Builder jwt(String name) {
    return JwtPolicy.builder().name(name).namespace(namespace).selector(selector);
  }

  /**
   * Scopes what the sidecars see and reach.
   *
   * <pre>{@code
   * PolicyBuilder.forNamespace("bookinfo").sidecar().egressHosts("./*", "istio-system/*").build()
   * }</pre>
   *
   * @return the sidecar policy's builder
   */
  public SidecarPolicy.Builder sidecar() {
    return SidecarPolicy.builder().namespace(namespace).selector(selector);
  }

  /**
   * Sets whether hosts outside the registry are reachable: a sidecar policy seeing every host.
   *
   * <pre>{@code
   * PolicyBuilder.forMesh().outboundTraffic(OutboundTrafficMode.REGISTRY_ONLY).build()
   * }</pre>
   *
   * @param mode REGISTRY_ONLY or ALLOW_ANY
   * @return the sidecar policy's builder
   */
  public SidecarPolicy.Builder outboundTraffic(OutboundTrafficMode mode) {
    return sidecar().egressHosts("*/*").outboundTraffic(mode);
  }

  /**
   * Sets access logging and tracing.
   *
   * <pre>{@code
   * PolicyBuilder.forMesh().telemetry().accessLogProviders("envoy").tracingSampling(10.0).build()
   * }</pre>
   *
   * @return the telemetry policy's builder
   */
  public TelemetryPolicy.Builder telemetry() {
    TelemetryPolicy.Builder builder = TelemetryPolicy.builder().namespace(namespace).selector(selector);
    if (meshWide) {
      builder.name("mesh-default");
    }
    return builder;
  }

  private AuthorizationPolicy.Builder authorization(String name, AuthorizationAction action) {
    return AuthorizationPolicy.builder().name(name).namespace(namespace).selector(selector).action(action);
  }
}
