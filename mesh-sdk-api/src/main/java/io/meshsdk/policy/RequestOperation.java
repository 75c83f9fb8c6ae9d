package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import org.immutables.value.Value;

/**
 * What a request asks for: hosts, methods, paths and ports, each with a {@code not} form. Every
 * field that is set must match; within a field any value may.
 *
 * <pre>{@code
 * to(o -> o.methods("GET").paths("/info*"))
 * to(o -> o.ports("27017"))
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRequestOperation.class)
@JsonDeserialize(as = ImmutableRequestOperation.class)
public abstract class RequestOperation {

  RequestOperation() {}

  /**
   * Starts an operation.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Hosts of the request ({@code Host} or {@code :authority}), optionally with a port.
   *
   * @return the hosts
   */
  public abstract List<String> hosts();

  /**
   * Hosts that must not match.
   *
   * @return the excluded hosts
   */
  public abstract List<String> notHosts();

  /**
   * HTTP methods, upper case.
   *
   * @return the methods
   */
  public abstract List<String> methods();

  /**
   * Methods that must not match.
   *
   * @return the excluded methods
   */
  public abstract List<String> notMethods();

  /**
   * Request paths, exact or with a leading or trailing {@code *}.
   *
   * @return the paths
   */
  public abstract List<String> paths();

  /**
   * Paths that must not match.
   *
   * @return the excluded paths
   */
  public abstract List<String> notPaths();

  /**
   * Destination ports, as text ({@code "8080"}).
   *
   * @return the ports
   */
  public abstract List<String> ports();

  /**
   * Ports that must not match.
   *
   * @return the excluded ports
   */
  public abstract List<String> notPorts();

  /**
   * Whether the operation sets no field, which Istio rejects.
   *
   * @return {@code true} when empty
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public final boolean isEmpty() {
    return hosts().isEmpty() && notHosts().isEmpty() && methods().isEmpty() && notMethods().isEmpty()
        && paths().isEmpty() && notPaths().isEmpty() && ports().isEmpty() && notPorts().isEmpty();
  }

  /** Builds a {@link RequestOperation}; plural setters replace, {@code add*} appends. */
  public static final class Builder extends ImmutableRequestOperation.Builder {
    Builder() {}

    /**
     * Sets {@code hosts}, replacing earlier values: request hosts, optionally with a port.
     *
     * <pre>{@code
     * o.hosts("bookinfo.example.com")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder hosts(String... values) {
      return hosts(List.of(values));
    }

    /**
     * Sets {@code notHosts}, replacing earlier values: request hosts that must not match.
     *
     * <pre>{@code
     * o.notHosts("admin.example.com")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notHosts(String... values) {
      return notHosts(List.of(values));
    }

    /**
     * Sets {@code methods}, replacing earlier values: HTTP methods such as GET.
     *
     * <pre>{@code
     * o.methods("GET", "HEAD")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder methods(String... values) {
      return methods(List.of(values));
    }

    /**
     * Sets {@code notMethods}, replacing earlier values: HTTP methods that must not match.
     *
     * <pre>{@code
     * o.notMethods("DELETE")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notMethods(String... values) {
      return notMethods(List.of(values));
    }

    /**
     * Sets {@code paths}, replacing earlier values: request paths, with an optional leading or trailing *.
     *
     * <pre>{@code
     * o.paths("/api/*")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder paths(String... values) {
      return paths(List.of(values));
    }

    /**
     * Sets {@code notPaths}, replacing earlier values: paths that must not match.
     *
     * <pre>{@code
     * o.notPaths("/admin*")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notPaths(String... values) {
      return notPaths(List.of(values));
    }

    /**
     * Sets {@code ports}, replacing earlier values: destination ports as text.
     *
     * <pre>{@code
     * o.ports("8080")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder ports(String... values) {
      return ports(List.of(values));
    }

    /**
     * Sets {@code notPorts}, replacing earlier values: destination ports that must not match.
     *
     * <pre>{@code
     * o.notPorts("15021")
     * }</pre>
     *
     * @param values the values
     * @return this builder
     */
    public Builder notPorts(String... values) {
      return notPorts(List.of(values));
    }

    /**
     * Sets the ports from numbers.
     *
     * <pre>{@code
     * to(o -> o.onPorts(8080, 8443))
     * }</pre>
     *
     * @param ports the destination ports
     * @return this builder
     */
    public Builder onPorts(int... ports) {
      List<String> text = new ArrayList<>();
      for (int port : ports) {
        text.add(Integer.toString(port));
      }
      return ports(text);
    }
  }
}
