package io.meshsdk.cluster;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach a cluster's API server, always as a reference: a kubeconfig file, a kubeconfig
 * held in a Secret of the Global Service Cluster, a bearer token for an API server URL, or the
 * service account of the pod the SDK runs in. The SDK never stores, logs or prints the credential
 * itself, only where to find it: a {@link ClusterSpec} holding these references can be persisted
 * as JSON without leaking anything.
 *
 * <p>A token or CA certificate that does not live in a file is named by a <em>provider</em>: a
 * name that the connector resolves at connect time to a supplier registered with it (for example
 * one reading from a vault). Only the name is stored.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterCredentials.class)
@JsonDeserialize(as = ImmutableClusterCredentials.class)
public abstract class ClusterCredentials {

  /** Where the credential lives. */
  public enum Source {
    /** A kubeconfig file on the machine the SDK runs on, optionally with a context. */
    KUBECONFIG_FILE,
    /** A kubeconfig stored under the key {@code kubeconfig} of a Secret in the GSC cluster. */
    KUBECONFIG_SECRET,
    /**
     * A bearer token for an API server URL, each of token and CA certificate read from a file or
     * from a named provider of the connector.
     *
     * @since 0.1.0
     */
    TOKEN,
    /** The service account of the pod the SDK runs in. */
    IN_CLUSTER,
    /** No credential: the embedded in-memory clusters, or a connector that needs none. */
    NONE
  }

  ClusterCredentials() {}

  /**
   * Where the credential lives.
   *
   * @return the source kind
   */
  public abstract Source source();

  /**
   * The kubeconfig file, for {@link Source#KUBECONFIG_FILE}.
   *
   * @return the path as given
   */
  public abstract Optional<String> kubeconfigPath();

  /**
   * The kubeconfig context to use; the file's current context when absent.
   *
   * @return the context name
   */
  public abstract Optional<String> context();

  /**
   * The API server URL, for {@link Source#TOKEN}.
   *
   * @return for example {@code https://10.0.0.1:6443}
   * @since 0.1.0
   */
  public abstract Optional<String> server();

  /**
   * The file holding the bearer token, for {@link Source#TOKEN}. It is read for every request,
   * so a rotated token (such as a projected service-account token) is picked up.
   *
   * @return the path as given
   * @since 0.1.0
   */
  public abstract Optional<String> tokenFile();

  /**
   * The name of the connector's provider that supplies the bearer token, for {@link
   * Source#TOKEN}; used instead of {@link #tokenFile()}.
   *
   * @return the provider's name
   * @since 0.1.0
   */
  public abstract Optional<String> tokenProvider();

  /**
   * The file holding the PEM certificate of the CA that signed the API server's certificate, for
   * {@link Source#TOKEN}. Without one, the JVM's default trust store is used.
   *
   * @return the path as given
   * @since 0.1.0
   */
  public abstract Optional<String> caFile();

  /**
   * The name of the connector's provider that supplies the PEM CA certificate, for {@link
   * Source#TOKEN}; used instead of {@link #caFile()}.
   *
   * @return the provider's name
   * @since 0.1.0
   */
  public abstract Optional<String> caProvider();

  /**
   * The namespace of the Secret, for {@link Source#KUBECONFIG_SECRET}.
   *
   * @return the namespace
   */
  public abstract Optional<String> secretNamespace();

  /**
   * The name of the Secret, for {@link Source#KUBECONFIG_SECRET}.
   *
   * @return the name
   */
  public abstract Optional<String> secretName();

  /**
   * A kubeconfig file, using its current context.
   *
   * @param kubeconfig the file
   * @return the reference
   */
  public static ClusterCredentials kubeconfig(Path kubeconfig) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_FILE)
        .kubeconfigPath(kubeconfig.toString())
        .build();
  }

  /**
   * A kubeconfig file and one of its contexts.
   *
   * @param kubeconfig the file
   * @param context the context name
   * @return the reference
   */
  public static ClusterCredentials kubeconfig(Path kubeconfig, String context) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_FILE)
        .kubeconfigPath(kubeconfig.toString())
        .context(context)
        .build();
  }

  /**
   * A kubeconfig held in a Secret of the Global Service Cluster, under the key {@code
   * kubeconfig}.
   *
   * @param namespace the Secret's namespace
   * @param name the Secret's name
   * @return the reference
   */
  public static ClusterCredentials secret(String namespace, String name) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_SECRET)
        .secretNamespace(namespace)
        .secretName(name)
        .build();
  }

  /**
   * A kubeconfig held in a Secret of the Global Service Cluster, using one of its contexts.
   *
   * @param namespace the Secret's namespace
   * @param name the Secret's name
   * @param context the context name
   * @return the reference
   * @since 0.1.0
   */
  public static ClusterCredentials secret(String namespace, String name, String context) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_SECRET)
        .secretNamespace(namespace)
        .secretName(name)
        .context(context)
        .build();
  }

  /**
   * A bearer token and a CA certificate read from files, for example a service-account token
   * mounted into the pod the SDK runs in.
   *
   * @param server the API server URL, {@code https://host:port}
   * @param tokenFile the file holding the token
   * @param caFile the file holding the PEM CA certificate
   * @return the reference
   * @since 0.1.0
   */
  public static ClusterCredentials token(String server, Path tokenFile, Path caFile) {
    return builder()
        .source(Source.TOKEN)
        .server(server)
        .tokenFile(tokenFile.toString())
        .caFile(caFile.toString())
        .build();
  }

  /**
   * A bearer token and a CA certificate supplied by providers registered with the connector
   * under these names; only the names are stored.
   *
   * @param server the API server URL, {@code https://host:port}
   * @param tokenProvider the name of the token's provider
   * @param caProvider the name of the CA certificate's provider
   * @return the reference
   * @since 0.1.0
   */
  public static ClusterCredentials tokenFromProviders(
      String server, String tokenProvider, String caProvider) {
    return builder()
        .source(Source.TOKEN)
        .server(server)
        .tokenProvider(tokenProvider)
        .caProvider(caProvider)
        .build();
  }

  /**
   * Starts a reference with every option, for combinations the factory methods do not cover,
   * such as a token file with a CA certificate from a provider.
   *
   * @return a new builder
   * @since 0.1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The service account of the pod the SDK runs in.
   *
   * @return the reference
   */
  public static ClusterCredentials inCluster() {
    return ImmutableClusterCredentials.builder().source(Source.IN_CLUSTER).build();
  }

  /**
   * No credential at all; what the embedded in-memory clusters use.
   *
   * @return the reference
   */
  public static ClusterCredentials none() {
    return ImmutableClusterCredentials.builder().source(Source.NONE).build();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    switch (source()) {
      case KUBECONFIG_FILE:
        if (kubeconfigPath().map(String::isBlank).orElse(true)) {
          v.add("credentials.kubeconfigPath", "must be given for a kubeconfig file");
        }
        break;
      case KUBECONFIG_SECRET:
        v.dnsLabel("credentials.secretNamespace", secretNamespace().orElse(""));
        v.dnsSubdomain("credentials.secretName", secretName().orElse(""));
        break;
      case TOKEN:
        checkToken(v);
        break;
      default:
        break;
    }
    if (source() != Source.KUBECONFIG_FILE && kubeconfigPath().isPresent()) {
      v.add("credentials.kubeconfigPath", "is only allowed for a kubeconfig file");
    }
    if (source() != Source.KUBECONFIG_FILE
        && source() != Source.KUBECONFIG_SECRET
        && context().isPresent()) {
      v.add("credentials.context", "is only allowed for a kubeconfig file or Secret");
    }
    if (source() != Source.TOKEN
        && (server().isPresent()
            || tokenFile().isPresent()
            || tokenProvider().isPresent()
            || caFile().isPresent()
            || caProvider().isPresent())) {
      v.add("credentials.server", "server, token and CA are only allowed for a token");
    }
    if (source() != Source.KUBECONFIG_SECRET
        && (secretNamespace().isPresent() || secretName().isPresent())) {
      v.add("credentials.secretName", "is only allowed for a kubeconfig Secret");
    }
    v.throwIfAny("ClusterCredentials");
  }

  private void checkToken(Violations v) {
    String url = server().orElse("");
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      v.add("credentials.server", "must be an http(s) URL such as https://10.0.0.1:6443, but was '"
          + url + "'");
    }
    if (tokenFile().isPresent() == tokenProvider().isPresent()) {
      v.add("credentials.tokenFile", "exactly one of tokenFile and tokenProvider must be given");
    }
    if (tokenFile().map(String::isBlank).orElse(false)) {
      v.add("credentials.tokenFile", "must not be blank");
    }
    if (tokenProvider().map(String::isBlank).orElse(false)) {
      v.add("credentials.tokenProvider", "must not be blank");
    }
    if (caFile().isPresent() && caProvider().isPresent()) {
      v.add("credentials.caFile", "at most one of caFile and caProvider may be given");
    }
  }

  /**
   * Builds {@link ClusterCredentials}; {@link #source(Source)} is required.
   *
   * @since 0.1.0
   */
  public static final class Builder extends ImmutableClusterCredentials.Builder {
    Builder() {}
  }
}
