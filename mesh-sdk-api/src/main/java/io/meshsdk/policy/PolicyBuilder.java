package io.meshsdk.policy;

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
