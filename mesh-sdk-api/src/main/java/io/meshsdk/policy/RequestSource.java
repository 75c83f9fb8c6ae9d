package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/**
 * Who sent a request: peer identities, namespaces, IP blocks and request (JWT) principals, each
 * with a {@code not} form. Every field that is set must match; within a field any value may.
 *
 * <pre>{@code
 * from(s -> s.principals("cluster.local/ns/bookinfo/sa/productpage"))
 * from(s -> s.notNamespaces("bookinfo").ipBlocks("10.0.0.0/8"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRequestSource.class)
@JsonDeserialize(as = ImmutableRequestSource.class)
public abstract class RequestSource {

  RequestSource() {}

  /**
   * Starts a source.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Peer identities ({@code cluster.local/ns/<ns>/sa/<sa>}), from mutual TLS.
   *
   * @return the principals
   */
  public abstract List<String> principals();

  /**
   * Peer identities that must not match.
   *
   * @return the excluded principals
   */
  public abstract List<String> notPrincipals();

  /**
   * Namespaces of the peer, from mutual TLS.
   *
   * @return the namespaces
   */
  public abstract List<String> namespaces();

  /**
   * Namespaces that must not match.
   *
   * @return the excluded namespaces
   */
  public abstract List<String> notNamespaces();

  /**
   * IP addresses or CIDR blocks of the connection's source.
   *
   * @return the blocks
   */
  public abstract List<String> ipBlocks();

  /**
   * IP blocks that must not match.
   *
   * @return the excluded blocks
   */
  public abstract List<String> notIpBlocks();

  /**
   * IP blocks of the original client, from {@code X-Forwarded-For} or proxy protocol.
   *
   * @return the blocks
   */
  public abstract List<String> remoteIpBlocks();

  /**
   * Original-client IP blocks that must not match.
   *
   * @return the excluded blocks
   */
  public abstract List<String> notRemoteIpBlocks();

  /**
   * Request principals ({@code <issuer>/<subject>}) from a validated JWT.
   *
   * @return the request principals
   */
  public abstract List<String> requestPrincipals();

  /**
   * Request principals that must not match; {@code *} matches requests without a valid token.
   *
   * @return the excluded request principals
   */
  public abstract List<String> notRequestPrincipals();

  /**
   * Whether the source sets no field, which Istio rejects.
   *
   * @return {@code true} when empty
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public final boolean isEmpty() {
    return principals().isEmpty() && notPrincipals().isEmpty() && namespaces().isEmpty()
        && notNamespaces().isEmpty() && ipBlocks().isEmpty() && notIpBlocks().isEmpty()
        && remoteIpBlocks().isEmpty() && notRemoteIpBlocks().isEmpty()
        && requestPrincipals().isEmpty() && notRequestPrincipals().isEmpty();
  }

  /** Builds a {@link RequestSource}; plural setters replace, {@code add*} appends. */
  public static final class Builder extends ImmutableRequestSource.Builder {
    Builder() {}

    /**
     * Sets {@code principals}, replacing earlier values: peer identities such as cluster.local/ns/bookinfo/sa/productpage.
     *
     * <pre>{@code
     * s.principals("cluster.local/ns/bookinfo/sa/productpage")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder principals(String... values) {
      return principals(List.of(values));
    }

    /**
     * Sets {@code notPrincipals}, replacing earlier values: peer identities that must not match.
     *
     * <pre>{@code
     * s.notPrincipals("cluster.local/ns/bookinfo/sa/legacy")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notPrincipals(String... values) {
      return notPrincipals(List.of(values));
    }

    /**
     * Sets {@code namespaces}, replacing earlier values: peer namespaces.
     *
     * <pre>{@code
     * s.namespaces("bookinfo")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder namespaces(String... values) {
      return namespaces(List.of(values));
    }

    /**
     * Sets {@code notNamespaces}, replacing earlier values: peer namespaces that must not match.
     *
     * <pre>{@code
     * s.notNamespaces("istio-system")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notNamespaces(String... values) {
      return notNamespaces(List.of(values));
    }

    /**
     * Sets {@code ipBlocks}, replacing earlier values: source IP addresses or CIDR blocks.
     *
     * <pre>{@code
     * s.ipBlocks("10.0.0.0/8", "2001:db8::/32")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder ipBlocks(String... values) {
      return ipBlocks(List.of(values));
    }

    /**
     * Sets {@code notIpBlocks}, replacing earlier values: source IP blocks that must not match.
     *
     * <pre>{@code
     * s.notIpBlocks("10.0.0.13")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notIpBlocks(String... values) {
      return notIpBlocks(List.of(values));
    }

    /**
     * Sets {@code remoteIpBlocks}, replacing earlier values: original-client IP blocks.
     *
     * <pre>{@code
     * s.remoteIpBlocks("203.0.113.0/24")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder remoteIpBlocks(String... values) {
      return remoteIpBlocks(List.of(values));
    }

    /**
     * Sets {@code notRemoteIpBlocks}, replacing earlier values: original-client IP blocks that must not match.
     *
     * <pre>{@code
     * s.notRemoteIpBlocks("203.0.113.7")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notRemoteIpBlocks(String... values) {
      return notRemoteIpBlocks(List.of(values));
    }

    /**
     * Sets {@code requestPrincipals}, replacing earlier values: JWT principals, issuer/subject.
     *
     * <pre>{@code
     * s.requestPrincipals("issuer.example.com/alice")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder requestPrincipals(String... values) {
      return requestPrincipals(List.of(values));
    }

    /**
     * Sets {@code notRequestPrincipals}, replacing earlier values: JWT principals that must not match.
     *
     * <pre>{@code
     * s.notRequestPrincipals("*")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notRequestPrincipals(String... values) {
      return notRequestPrincipals(List.of(values));
    }
  }
}
