package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * Who may do what to the workloads of a mesh, a namespace or a selector: an action ({@code
 * ALLOW}, {@code DENY}, {@code AUDIT}, or {@code CUSTOM} with an external authorizer) applied to
 * the requests its rules match. A backend turns it into one object (for Istio an
 * AuthorizationPolicy); Istio combines several.
 *
 * <pre>{@code
 * AuthorizationPolicy viewer = PolicyBuilder.forWorkload("bookinfo", Map.of("app", "productpage"))
 *     .allow("productpage-viewer")
 *     .rule(r -> r.from(s -> s.principals("cluster.local/ns/istio-system/sa/istio-ingressgateway"))
 *                 .to(o -> o.methods("GET")))
 *     .build();
 * AuthorizationPolicy denyAll = PolicyBuilder.forNamespace("bookinfo").denyAll().build();
 * }</pre>
 *
 * <p>{@code build()} checks what Istio checks, all at once: principal, namespace, CIDR, method,
 * path, port and host syntax; condition keys against Istio's list and their values; empty
 * sources and operations; a provider exactly when the action is {@code CUSTOM}.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(AuthorizationPolicy.KIND)
@JsonSerialize(as = ImmutableAuthorizationPolicy.class)
@JsonDeserialize(as = ImmutableAuthorizationPolicy.class)
public abstract class AuthorizationPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "AuthorizationPolicy";

  AuthorizationPolicy() {}

  /**
   * Starts an authorization policy; {@link PolicyBuilder#forNamespace(String)} and its siblings
   * read better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public abstract String name();

  @Override
  public abstract String namespace();

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.SECURITY_POLICY;
  }

  /**
   * The labels of the workloads the policy is for; empty for the whole namespace (or mesh).
   *
   * @return the selector
   */
  public abstract Map<String, String> selector();

  /**
   * What happens to matching requests.
   *
   * @return the action; {@code ALLOW} unless set
   */
  @Value.Default
  public AuthorizationAction action() {
    return AuthorizationAction.ALLOW;
  }

  /**
   * The external authorizer of a {@code CUSTOM} policy, as named in the mesh's extension
   * providers.
   *
   * @return the provider's name
   */
  public abstract Optional<String> provider();

  /**
   * The rules; a request matching any of them gets the action. An {@code ALLOW} policy without
   * rules allows nothing.
   *
   * @return the rules, in order
   */
  public abstract List<AuthorizationRule> rules();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    MeshRules.selector(v, "selector", selector());
    if (action() == AuthorizationAction.CUSTOM) {
      if (provider().isEmpty()) {
        v.add("provider", "must name the external authorizer of a CUSTOM policy");
      } else if (provider().get().isBlank()) {
        v.add("provider", "must not be blank");
      }
      if (rules().isEmpty()) {
        v.add("rules", "must not be empty for a CUSTOM policy, which would otherwise never call its provider");
      }
    } else if (provider().isPresent()) {
      v.add("provider", "may be set only with action CUSTOM, but the action is " + action());
    }
    if (rules().isEmpty() && action() != AuthorizationAction.ALLOW && action() != AuthorizationAction.CUSTOM) {
      v.add("rules", "must not be empty for a " + action() + " policy, which would match nothing;"
          + " use denyAll() to deny every request");
    }
    for (int i = 0; i < rules().size(); i++) {
      checkRule(v, "rules[" + i + "]", rules().get(i));
      if (action() == AuthorizationAction.CUSTOM) {
        checkCustomRule(v, "rules[" + i + "]", rules().get(i));
      }
    }
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /**
   * An external authorizer is asked before the request's peer identity and JWT are known, so Istio
   * refuses CUSTOM rules that match on them.
   */
  private static void checkCustomRule(Violations v, String path, AuthorizationRule rule) {
    for (int i = 0; i < rule.from().size(); i++) {
      RequestSource source = rule.from().get(i);
      String at = path + ".from[" + i + "]";
      Map<String, List<String>> identities = new LinkedHashMap<>();
      identities.put("principals", source.principals());
      identities.put("notPrincipals", source.notPrincipals());
      identities.put("namespaces", source.namespaces());
      identities.put("notNamespaces", source.notNamespaces());
      identities.put("requestPrincipals", source.requestPrincipals());
      identities.put("notRequestPrincipals", source.notRequestPrincipals());
      identities.forEach((field, values) -> {
        if (!values.isEmpty()) {
          v.add(at + "." + field, "is not supported with action CUSTOM: the external authorizer is asked before the"
              + " caller's identity is known; match on it in an ALLOW or DENY policy instead");
        }
      });
    }
    for (int i = 0; i < rule.when().size(); i++) {
      String key = rule.when().get(i).key();
      if (key.equals("source.namespace") || key.equals("source.serviceAccount") || key.equals("source.trustDomain")
          || key.equals("source.principal") || key.startsWith("request.auth.")) {
        v.add(path + ".when[" + i + "].key", Violations.quote(key) + " is not supported with action CUSTOM: the"
            + " external authorizer is asked before the caller's identity is known");
      }
    }
  }

  private static void checkRule(Violations v, String path, AuthorizationRule rule) {
    for (int i = 0; i < rule.from().size(); i++) {
      checkSource(v, path + ".from[" + i + "]", rule.from().get(i));
    }
    for (int i = 0; i < rule.to().size(); i++) {
      checkOperation(v, path + ".to[" + i + "]", rule.to().get(i));
    }
    for (int i = 0; i < rule.when().size(); i++) {
      checkCondition(v, path + ".when[" + i + "]", rule.when().get(i));
    }
  }

  private static void checkSource(Violations v, String path, RequestSource source) {
    if (source.isEmpty()) {
      v.add(path, "must set at least one field: principals, namespaces, ipBlocks, remoteIpBlocks,"
          + " requestPrincipals or one of their not-forms");
      return;
    }
    each(v, path + ".principals", source.principals(), MeshRules::principal);
    each(v, path + ".notPrincipals", source.notPrincipals(), MeshRules::principal);
    each(v, path + ".namespaces", source.namespaces(), MeshRules::namespacePattern);
    each(v, path + ".notNamespaces", source.notNamespaces(), MeshRules::namespacePattern);
    each(v, path + ".ipBlocks", source.ipBlocks(), MeshRules::ipBlock);
    each(v, path + ".notIpBlocks", source.notIpBlocks(), MeshRules::ipBlock);
    each(v, path + ".remoteIpBlocks", source.remoteIpBlocks(), MeshRules::ipBlock);
    each(v, path + ".notRemoteIpBlocks", source.notRemoteIpBlocks(), MeshRules::ipBlock);
    each(v, path + ".requestPrincipals", source.requestPrincipals(), MeshRules::requestPrincipal);
    each(v, path + ".notRequestPrincipals", source.notRequestPrincipals(), MeshRules::requestPrincipal);
  }

  private static void checkOperation(Violations v, String path, RequestOperation operation) {
    if (operation.isEmpty()) {
      v.add(path, "must set at least one field: hosts, methods, paths, ports or one of their not-forms");
      return;
    }
    each(v, path + ".hosts", operation.hosts(), MeshRules::requestHost);
    each(v, path + ".notHosts", operation.notHosts(), MeshRules::requestHost);
    each(v, path + ".methods", operation.methods(), MeshRules::method);
    each(v, path + ".notMethods", operation.notMethods(), MeshRules::method);
    each(v, path + ".paths", operation.paths(), MeshRules::path);
    each(v, path + ".notPaths", operation.notPaths(), MeshRules::path);
    each(v, path + ".ports", operation.ports(), MeshRules::portText);
    each(v, path + ".notPorts", operation.notPorts(), MeshRules::portText);
  }

  private static void checkCondition(Violations v, String path, RequestCondition condition) {
    String key = condition.key();
    if (condition.values().isEmpty() && condition.notValues().isEmpty()) {
      v.add(path + ".values", "must set values or notValues for condition " + key);
    }
    Rule valueRule = valueRule(key);
    if (valueRule == null) {
      v.add(path + ".key", "must be a key Istio defines (" + String.join(", ", MeshRules.CONDITION_KEYS)
          + ", request.headers[<name>], request.auth.claims[<claim>] or experimental.envoy.filters.*),"
          + " but was " + Violations.quote(key));
      return;
    }
    each(v, path + ".values", condition.values(), valueRule);
    each(v, path + ".notValues", condition.notValues(), valueRule);
  }

  /** How values of a condition key are checked, or {@code null} for an unknown key. */
  private static Rule valueRule(String key) {
    Rule anyText = (v, field, value) -> {
      if (value.isEmpty()) {
        v.add(field, "must not be empty");
      }
    };
    Rule headerText = (v, field, value) -> {
      anyText.check(v, field, value);
      MeshRules.headerValue(v, field, value);
    };
    if (key.startsWith("request.headers[") || key.startsWith("request.auth.claims[")) {
      String inside = key.endsWith("]") ? key.substring(key.indexOf('[') + 1, key.length() - 1) : "";
      boolean valid = !inside.isEmpty() && !inside.contains("[") && !inside.contains("]")
          && inside.chars().noneMatch(Character::isWhitespace);
      if (key.startsWith("request.headers[") && !inside.toLowerCase(Locale.ROOT).matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
        valid = false;
      }
      return valid ? (key.startsWith("request.headers[") ? headerText : anyText) : null;
    }
    if (key.startsWith("experimental.envoy.filters.") && key.length() > "experimental.envoy.filters.".length()) {
      return anyText;
    }
    switch (key) {
      case "source.ip":
      case "remote.ip":
      case "destination.ip":
        return MeshRules::ipBlock;
      case "source.namespace":
        return MeshRules::namespacePattern;
      case "source.principal":
        return MeshRules::principal;
      case "request.auth.principal":
        return MeshRules::requestPrincipal;
      case "destination.port":
        return MeshRules::portText;
      case "connection.sni":
        return (v, field, value) -> MeshRules.requestHost(v, field, value);
      case "request.auth.audiences":
      case "request.auth.presenter":
        return anyText;
      default:
        return null;
    }
  }

  @FunctionalInterface
  private interface Rule {
    void check(Violations v, String field, String value);
  }

  private static void each(Violations v, String path, List<String> values, Rule rule) {
    for (int i = 0; i < values.size(); i++) {
      rule.check(v, path + "[" + i + "]", values.get(i));
    }
  }

  /** Builds an {@link AuthorizationPolicy}; see {@link PolicyScope}. */
  public static final class Builder extends ImmutableAuthorizationPolicy.Builder {
    Builder() {}

    /**
     * Appends a rule; a request matching any rule gets the policy's action.
     *
     * <pre>{@code
     * .rule(r -> r.from(s -> s.namespaces("bookinfo")).to(o -> o.methods("GET")))
     * }</pre>
     *
     * @param rule configures the rule
     * @return this builder
     */
    public Builder rule(Consumer<AuthorizationRule.Builder> rule) {
      AuthorizationRule.Builder builder = AuthorizationRule.builder();
      rule.accept(builder);
      return addRule(builder.build());
    }

    /**
     * Appends a rule that matches every request.
     *
     * <pre>{@code
     * PolicyBuilder.forNamespace("bookinfo").allow("allow-all").matchingEverything()
     * }</pre>
     *
     * @return this builder
     */
    public Builder matchingEverything() {
      return addRule(AuthorizationRule.builder().build());
    }
  }
}
