package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How JWTs of one issuer are found in requests and validated: where the keys are (a JWKS URI or
 * inline JWKS), which audiences are accepted, where the token is read from, and whether it or its
 * claims are passed on to the workload.
 *
 * <pre>{@code
 * rule(r -> r.issuer("testing@secure.istio.io")
 *            .jwksUri("https://raw.githubusercontent.com/istio/istio/release-1.24/security/tools/jwt/samples/jwks.json")
 *            .audiences("bookinfo")
 *            .fromHeader("x-jwt-assertion", "")
 *            .outputClaimToHeader("x-jwt-group", "group"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJwtRule.class)
@JsonDeserialize(as = ImmutableJwtRule.class)
public abstract class JwtRule {

  JwtRule() {}

  /**
   * Starts a rule.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The token's issuer, its {@code iss} claim.
   *
   * @return the issuer
   */
  public abstract String issuer();

  /**
   * Where the issuer publishes its keys; set this or {@link #jwks()}, not both.
   *
   * @return the JWKS URL
   */
  public abstract Optional<String> jwksUri();

  /**
   * The issuer's keys inline, as a JSON Web Key Set; set this or {@link #jwksUri()}, not both.
   *
   * @return the JWKS document
   */
  public abstract Optional<String> jwks();

  /**
   * The accepted {@code aud} values; empty accepts the issuer's tokens for any audience.
   *
   * @return the audiences
   */
  public abstract List<String> audiences();

  /**
   * Headers the token is read from; {@code Authorization: Bearer} when this and {@link
   * #fromParams()} are empty.
   *
   * @return the headers
   */
  public abstract List<JwtHeader> fromHeaders();

  /**
   * Query parameters the token is read from.
   *
   * @return the parameter names
   */
  public abstract List<String> fromParams();

  /**
   * Whether the token is passed on to the workload; Istio removes it otherwise.
   *
   * @return {@code true} to forward it
   */
  @Value.Default
  public boolean forwardOriginalToken() {
    return false;
  }

  /**
   * A header to which the token's payload is written, base64-encoded.
   *
   * @return the header's name
   */
  public abstract Optional<String> outputPayloadToHeader();

  /**
   * Claims copied into request headers, by header name.
   *
   * @return the claim of each header, in insertion order
   */
  public abstract Map<String, String> outputClaimToHeaders();

  /** Builds a {@link JwtRule}. */
  public static final class Builder extends ImmutableJwtRule.Builder {
    Builder() {}

    /**
     * Sets the accepted audiences, replacing earlier ones.
     *
     * <pre>{@code
     * r.audiences("bookinfo", "bookinfo-admin")
     * }</pre>
     *
     * @param audiences the {@code aud} values
     * @return this builder
     */
    public Builder audiences(String... audiences) {
      return audiences(List.of(audiences));
    }

    /**
     * Reads the token from a header.
     *
     * <pre>{@code
     * r.fromHeader("x-jwt-assertion", "")
     * }</pre>
     *
     * @param name the header's name
     * @param prefix the text before the token, for example {@code "Bearer "}; empty for none
     * @return this builder
     */
    public Builder fromHeader(String name, String prefix) {
      return addFromHeader(JwtHeader.of(name, prefix));
    }

    /**
     * Reads the token from a query parameter.
     *
     * <pre>{@code
     * r.fromParam("access_token")
     * }</pre>
     *
     * @param name the parameter's name
     * @return this builder
     */
    public Builder fromParam(String name) {
      return addFromParam(name);
    }

    /**
     * Copies a claim of the validated token into a request header.
     *
     * <pre>{@code
     * r.outputClaimToHeader("x-jwt-group", "group")
     * }</pre>
     *
     * @param header the header to write
     * @param claim the claim to copy
     * @return this builder
     */
    public Builder outputClaimToHeader(String header, String claim) {
      return putOutputClaimToHeader(header, claim);
    }
  }
}
