package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyExtensionProvider;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyProvider;
import io.fabric8.istio.api.api.security.v1beta1.ClaimToHeader;
import io.fabric8.istio.api.api.security.v1beta1.Condition;
import io.fabric8.istio.api.api.security.v1beta1.ConditionBuilder;
import io.fabric8.istio.api.api.security.v1beta1.JWTHeader;
import io.fabric8.istio.api.api.security.v1beta1.JWTRule;
import io.fabric8.istio.api.api.security.v1beta1.JWTRuleBuilder;
import io.fabric8.istio.api.api.security.v1beta1.OperationBuilder;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleBuilder;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.api.security.v1beta1.SourceBuilder;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.istio.api.security.v1.AuthorizationPolicyBuilder;
import io.fabric8.istio.api.security.v1.PeerAuthenticationBuilder;
import io.fabric8.istio.api.security.v1.RequestAuthenticationBuilder;
import io.meshsdk.policy.AuthorizationAction;
import io.meshsdk.policy.AuthorizationPolicy;
import io.meshsdk.policy.AuthorizationRule;
import io.meshsdk.policy.JwtPolicy;
import io.meshsdk.policy.JwtRule;
import io.meshsdk.policy.MtlsMode;
import io.meshsdk.policy.MtlsPolicy;
import io.meshsdk.policy.RequestCondition;
import io.meshsdk.policy.RequestOperation;
import io.meshsdk.policy.RequestSource;
import io.meshsdk.resource.MeshResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates the security policies, one Istio object per concern and never merged across
 * policies, since Istio itself combines them: {@link MtlsPolicy} to a PeerAuthentication, {@link
 * AuthorizationPolicy} to an AuthorizationPolicy, {@link JwtPolicy} to a RequestAuthentication
 * plus, when a valid token is required, an AuthorizationPolicy {@code <name>-require-jwt}.
 */
final class SecurityTranslator {

  private SecurityTranslator() {}

  static List<MeshResource> mtls(MtlsPolicy policy) {
    Map<String, PeerAuthenticationMutualTLS> ports = new LinkedHashMap<>();
    new TreeMap<>(policy.portModes()).forEach((port, mode) -> ports.put(port.toString(), mutualTls(mode)));
    return List.of(IstioJson.toResource(new PeerAuthenticationBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(selector(policy.selector()))
        .withMtls(policy.mode().map(SecurityTranslator::mutualTls).orElse(null))
        .withPortLevelMtls(ports)
        .endSpec()
        .build()));
  }

  private static PeerAuthenticationMutualTLS mutualTls(MtlsMode mode) {
    return new PeerAuthenticationMutualTLS(PeerAuthenticationMutualTLSMode.valueOf(mode.name()));
  }

  static List<MeshResource> authorization(AuthorizationPolicy policy) {
    return List.of(IstioJson.toResource(new AuthorizationPolicyBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(selector(policy.selector()))
        .withAction(AuthorizationPolicyAction.valueOf(policy.action().name()))
        .withActionDetail(policy.provider()
            .map(p -> new AuthorizationPolicyProvider(new AuthorizationPolicyExtensionProvider(p)))
            .orElse(null))
        .withRules(policy.rules().stream().map(SecurityTranslator::rule).toList())
        .endSpec()
        .build()));
  }

  private static Rule rule(AuthorizationRule rule) {
    return new RuleBuilder()
        .withFrom(rule.from().stream().map(s -> new RuleFrom(source(s))).toList())
        .withTo(rule.to().stream().map(o -> new RuleTo(operation(o))).toList())
        .withWhen(rule.when().stream().map(SecurityTranslator::condition).toList())
        .build();
  }

  private static io.fabric8.istio.api.api.security.v1beta1.Source source(RequestSource s) {
    return new SourceBuilder()
        .withPrincipals(s.principals()).withNotPrincipals(s.notPrincipals())
        .withNamespaces(s.namespaces()).withNotNamespaces(s.notNamespaces())
        .withIpBlocks(s.ipBlocks()).withNotIpBlocks(s.notIpBlocks())
        .withRemoteIpBlocks(s.remoteIpBlocks()).withNotRemoteIpBlocks(s.notRemoteIpBlocks())
        .withRequestPrincipals(s.requestPrincipals()).withNotRequestPrincipals(s.notRequestPrincipals())
        .build();
  }

  private static io.fabric8.istio.api.api.security.v1beta1.Operation operation(RequestOperation o) {
    return new OperationBuilder()
        .withHosts(o.hosts()).withNotHosts(o.notHosts())
        .withMethods(o.methods()).withNotMethods(o.notMethods())
        .withPaths(o.paths()).withNotPaths(o.notPaths())
        .withPorts(o.ports()).withNotPorts(o.notPorts())
        .build();
  }

  private static Condition condition(RequestCondition c) {
    return new ConditionBuilder().withKey(c.key()).withValues(c.values()).withNotValues(c.notValues()).build();
  }

  static List<MeshResource> jwt(JwtPolicy policy) {
    MeshResource authentication = IstioJson.toResource(new RequestAuthenticationBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(selector(policy.selector()))
        .withJwtRules(policy.rules().stream().map(SecurityTranslator::jwtRule).toList())
        .endSpec()
        .build());
    if (!policy.requireValidToken()) {
      return List.of(authentication);
    }
    List<String> accepted = policy.requiredPrincipals().isEmpty() ? List.of("*") : policy.requiredPrincipals();
    MeshResource requirement = IstioJson.toResource(new AuthorizationPolicyBuilder()
        .withNewMetadata().withName(policy.name() + "-require-jwt").withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(selector(policy.selector()))
        .withAction(AuthorizationPolicyAction.DENY)
        .withRules(new RuleBuilder()
            .withFrom(new RuleFrom(new SourceBuilder().withNotRequestPrincipals(accepted).build()))
            .build())
        .endSpec()
        .build());
    return List.of(authentication, requirement);
  }

  private static JWTRule jwtRule(JwtRule rule) {
    return new JWTRuleBuilder()
        .withIssuer(rule.issuer())
        .withJwksUri(rule.jwksUri().orElse(null))
        .withJwks(rule.jwks().orElse(null))
        .withAudiences(rule.audiences())
        .withFromHeaders(rule.fromHeaders().stream()
            .map(h -> new JWTHeader(h.name(), h.prefix().orElse(null))).toList())
        .withFromParams(rule.fromParams())
        .withForwardOriginalToken(rule.forwardOriginalToken() ? Boolean.TRUE : null)
        .withOutputPayloadToHeader(rule.outputPayloadToHeader().orElse(null))
        .withOutputClaimToHeaders(rule.outputClaimToHeaders().entrySet().stream()
            .map(e -> new ClaimToHeader(e.getValue(), e.getKey())).toList())
        .build();
  }

  static WorkloadSelector selector(Map<String, String> labels) {
    return labels.isEmpty() ? null : new WorkloadSelector(new LinkedHashMap<>(new TreeMap<>(labels)));
  }
}
