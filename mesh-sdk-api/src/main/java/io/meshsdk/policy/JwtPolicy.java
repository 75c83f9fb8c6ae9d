package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshRules;
import io.meshsdk.internal.Violations;
import io.meshsdk.spi.BackendCapability;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * End-user authentication with JWTs: which issuers' tokens the selected workloads validate, and
 * optionally that a request without a valid token is refused. A backend turns it into one object
 * per concern (for Istio a RequestAuthentication, plus an AuthorizationPolicy named {@code
 * <name>-require-jwt} when a valid token is required).
 *
 * <pre>{@code
 * JwtPolicy jwt = PolicyBuilder.forWorkload("istio-system", Map.of("istio", "ingressgateway"))
 *     .jwt("ingress-jwt")
 *     .rule(r -> r.issuer("testing@secure.istio.io").jwksUri("https://example.com/jwks.json"))
 *     .requireValidToken()
 *     .build();
 * }</pre>
 *
 * <p>Without {@link #requireValidToken()} a request with an invalid token is refused but one
 * without any token passes, as in Istio.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(JwtPolicy.KIND)
@JsonSerialize(as = ImmutableJwtPolicy.class)
@JsonDeserialize(as = ImmutableJwtPolicy.class)
public abstract class JwtPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "JwtPolicy";

  private static final ObjectMapper JSON = new ObjectMapper();

  JwtPolicy() {}

  /**
   * Starts a JWT policy; {@link PolicyScope#jwt(String)} reads better.
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
   * The issuers whose tokens are validated.
   *
   * @return the rules, one per issuer
   */
  public abstract List<JwtRule> rules();

  /**
   * Whether requests must carry a valid token. Written as a DENY of requests without a request
   * principal, so it holds whatever ALLOW policies say.
   *
   * @return {@code true} to refuse requests without a valid token
   */
  @Value.Default
  public boolean requireValidToken() {
    return false;
  }

  /**
   * With {@link #requireValidToken()}, the request principals ({@code <issuer>/<subject>}) that
   * are accepted; empty accepts any valid token.
   *
   * @return the accepted request principals
   */
  public abstract List<String> requiredPrincipals();

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsLabel("name", name());
    MeshRules.selector(v, "selector", selector());
    if (rules().isEmpty()) {
      v.add("rules", "must name at least one issuer");
    }
    Set<String> issuers = new HashSet<>();
    for (int i = 0; i < rules().size(); i++) {
      JwtRule rule = rules().get(i);
      String path = "rules[" + i + "]";
      if (rule.issuer().isBlank()) {
        v.add(path + ".issuer", "must not be blank");
      } else if (!issuers.add(rule.issuer())) {
        v.add(path + ".issuer", "repeats issuer " + Violations.quote(rule.issuer()) + "; say everything about an issuer in one rule");
      }
      if (rule.jwksUri().isPresent() && rule.jwks().isPresent()) {
        v.add(path + ".jwks", "must not be set together with jwksUri; give the keys inline or by URL, not both");
      }
      rule.jwksUri().ifPresent(uri -> MeshRules.httpUrl(v, path + ".jwksUri", uri));
      rule.jwks().ifPresent(jwks -> checkJwks(v, path + ".jwks", jwks));
      for (int a = 0; a < rule.audiences().size(); a++) {
        if (rule.audiences().get(a).isBlank()) {
          v.add(path + ".audiences[" + a + "]", "must not be blank");
        }
      }
      for (int h = 0; h < rule.fromHeaders().size(); h++) {
        MeshRules.headerName(v, path + ".fromHeaders[" + h + "].name", rule.fromHeaders().get(h).name());
        String prefixField = path + ".fromHeaders[" + h + "].prefix";
        rule.fromHeaders().get(h).prefix().ifPresent(prefix -> MeshRules.headerValue(v, prefixField, prefix));
      }
      for (int p = 0; p < rule.fromParams().size(); p++) {
        if (rule.fromParams().get(p).isBlank()) {
          v.add(path + ".fromParams[" + p + "]", "must not be blank");
        }
      }
      rule.outputPayloadToHeader().ifPresent(h -> MeshRules.headerName(v, path + ".outputPayloadToHeader", h));
      rule.outputClaimToHeaders().forEach((header, claim) -> {
        MeshRules.headerName(v, path + ".outputClaimToHeaders." + header, header);
        if (claim.isBlank()) {
          v.add(path + ".outputClaimToHeaders." + header, "must name a claim");
        }
      });
    }
    if (!requiredPrincipals().isEmpty() && !requireValidToken()) {
      v.add("requiredPrincipals", "apply only with requireValidToken(); set it, or leave the principals out");
    }
    for (int i = 0; i < requiredPrincipals().size(); i++) {
      MeshRules.requestPrincipal(v, "requiredPrincipals[" + i + "]", requiredPrincipals().get(i));
    }
    if (requireValidToken()) {
      v.dnsLabel("name", name() + "-require-jwt");
    }
    IntentSize.check(v, this, 0);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  private static void checkJwks(Violations v, String field, String jwks) {
    try {
      JsonNode node = JSON.readTree(jwks);
      if (node == null || !node.path("keys").isArray()) {
        v.add(field, "must be a JSON Web Key Set: a JSON object with a \"keys\" array");
      }
    } catch (JsonProcessingException e) {
      v.add(field, "must be a JSON Web Key Set, but is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Builds a {@link JwtPolicy}; see {@link PolicyScope#jwt(String)}. */
  public static final class Builder extends ImmutableJwtPolicy.Builder {
    Builder() {}

    /**
     * Adds the issuer whose tokens are validated.
     *
     * <pre>{@code
     * .rule(r -> r.issuer("testing@secure.istio.io").jwksUri("https://example.com/jwks.json"))
     * }</pre>
     *
     * @param rule configures the rule
     * @return this builder
     */
    public Builder rule(Consumer<JwtRule.Builder> rule) {
      JwtRule.Builder builder = JwtRule.builder();
      rule.accept(builder);
      return addRule(builder.build());
    }

    /**
     * Refuses requests without a valid token from one of the issuers.
     *
     * <pre>{@code
     * .rule(r -> r.issuer("testing@secure.istio.io").jwksUri(url)).requireValidToken()
     * }</pre>
     *
     * @return this builder
     */
    public Builder requireValidToken() {
      return requireValidToken(true);
    }

    /**
     * Refuses requests unless their valid token has one of these request principals.
     *
     * <pre>{@code
     * .requireValidToken("testing@secure.istio.io/testing@secure.istio.io")
     * }</pre>
     *
     * @param principals accepted {@code <issuer>/<subject>} values
     * @return this builder
     */
    public Builder requireValidToken(String... principals) {
      return requireValidToken(true).requiredPrincipals(List.of(principals));
    }
  }
}
