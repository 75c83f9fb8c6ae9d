package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.kubernetes.ClusterOptions;
import java.io.File;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a cluster's credential reference into a fabric8 {@link Config}, reading the credential
 * at connect time. Nothing read here is logged, kept beyond the returned config, or put in an
 * exception message; parse failures drop their cause, whose message may quote the file.
 */
public final class ClientConfigs {
  /** The key of a kubeconfig Secret that holds the kubeconfig. */
  public static final String SECRET_KEY = "kubeconfig";

  private final Map<String, Supplier<char[]>> providers;
  private final KubernetesClient gscClient;
  private final ClusterSpec gscSpec;
  private final ServiceAccount serviceAccount;
  private final Clock clock;

  /**
   * Creates the resolver.
   *
   * @param providers named suppliers of tokens and CA certificates
   * @param gscClient a client of the Global Service Cluster, owned by the caller, for reading
   *     kubeconfig Secrets; or {@code null}
   * @param gscSpec the Global Service Cluster, reached for each Secret read and disconnected
   *     after, when no client is given; or {@code null}
   * @param serviceAccount where an in-cluster service account is found
   * @param clock the clock of the clients opened here
   */
  public ClientConfigs(Map<String, Supplier<char[]>> providers, KubernetesClient gscClient,
      ClusterSpec gscSpec, ServiceAccount serviceAccount, Clock clock) {
    this.providers = Map.copyOf(providers);
    this.gscClient = gscClient;
    this.gscSpec = gscSpec;
    this.serviceAccount = serviceAccount;
    this.clock = clock;
  }

  /**
   * Resolves a cluster's credentials.
   *
   * @param spec the cluster
   * @param options timeouts to apply
   * @return the config; fabric8's own retries are off, the engine retries
   * @throws MeshException with {@link ErrorCode#CONFIGURATION} when the reference cannot be used
   */
  public Config resolve(ClusterSpec spec, ClusterOptions options) {
    Config config = base(spec);
    config.setRequestTimeout(millis(options.requestTimeout().toMillis()));
    config.setConnectionTimeout(millis(options.connectTimeout().toMillis()));
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private Config base(ClusterSpec spec) {
    ClusterCredentials credentials = spec.credentials();
    switch (credentials.source()) {
      case KUBECONFIG_FILE:
        return kubeconfigFile(spec, credentials);
      case KUBECONFIG_SECRET:
        return kubeconfigSecret(spec, credentials);
      case TOKEN:
        return token(spec.name(), credentials.server().orElseThrow(),
            tokenProvider(spec.name(), credentials), ca(spec.name(), credentials));
      case IN_CLUSTER:
        return inCluster(spec.name());
      default:
        throw new MeshException(ErrorCode.CONFIGURATION, "cluster " + spec.name()
            + " has no credentials; register it with a kubeconfig, a kubeconfig Secret, a token"
            + " or in-cluster credentials to reach it through the Kubernetes connector");
    }
  }

  private static Config kubeconfigFile(ClusterSpec spec, ClusterCredentials credentials) {
    Path path = Path.of(credentials.kubeconfigPath().orElseThrow());
    if (!Files.isReadable(path)) {
      throw new MeshException(ErrorCode.CONFIGURATION,
          "the kubeconfig file " + path + " of cluster " + spec.name() + " cannot be read");
    }
    String context = credentials.context().orElse(null);
    Config config;
    try {
      config = Config.fromKubeconfig(context, path.toFile());
    } catch (RuntimeException e) {
      throw unusable("the kubeconfig file " + path, spec.name());
    }
    return checkContext(config, context, "the kubeconfig file " + path, spec.name());
  }

  private Config kubeconfigSecret(ClusterSpec spec, ClusterCredentials credentials) {
    String namespace = credentials.secretNamespace().orElseThrow();
    String name = credentials.secretName().orElseThrow();
    String where = "the Secret " + namespace + "/" + name;
    String kubeconfig = readSecret(spec, namespace, name, where);
    String context = credentials.context().orElse(null);
    Config config;
    try {
      config = Config.fromKubeconfig(context, kubeconfig, null);
    } catch (RuntimeException e) {
      throw unusable("the kubeconfig in " + where, spec.name());
    }
    return checkContext(config, context, "the kubeconfig in " + where, spec.name());
  }

  private String readSecret(ClusterSpec spec, String namespace, String name, String where) {
    if (gscClient != null) {
      return readSecret(gscClient, spec, namespace, name, where);
    }
    if (gscSpec == null) {
      throw new MeshException(ErrorCode.CONFIGURATION, "cluster " + spec.name()
          + " keeps its kubeconfig in " + where + " of the Global Service Cluster, but the"
          + " Kubernetes connector was not told how to reach it; call"
          + " KubernetesClusterConnector.builder().secretsFrom(...)");
    }
    if (gscSpec.credentials().source() == ClusterCredentials.Source.KUBECONFIG_SECRET) {
      throw new MeshException(ErrorCode.CONFIGURATION, "the Global Service Cluster "
          + gscSpec.name() + " cannot itself be reached through a kubeconfig Secret");
    }
    try (KubernetesClient client = KubernetesClients.build(resolve(gscSpec, ClusterOptions.defaults()), clock)) {
      return readSecret(client, spec, namespace, name, where);
    }
  }

  private static String readSecret(
      KubernetesClient client, ClusterSpec spec, String namespace, String name, String where) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw KubernetesErrors.map("the Global Service Cluster", "reading " + where
          + " for cluster " + spec.name(), e);
    }
    String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(SECRET_KEY);
    if (encoded == null) {
      throw new MeshException(ErrorCode.CONFIGURATION, (secret == null ? where + " does not exist"
          : where + " has no key '" + SECRET_KEY + "'") + " in the Global Service Cluster;"
          + " cluster " + spec.name() + " cannot be reached without it");
    }
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MeshException(ErrorCode.CONFIGURATION, "the key '" + SECRET_KEY + "' of " + where
          + " is not base64; cluster " + spec.name() + " cannot be reached");
    }
  }

  private static Config checkContext(Config config, String context, String where, String cluster) {
    NamedContext current = config.getCurrentContext();
    if (context != null && (current == null || !context.equals(current.getName()))) {
      throw new MeshException(ErrorCode.CONFIGURATION,
          where + " of cluster " + cluster + " has no context '" + context + "'");
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw unusable(where, cluster);
    }
    return config;
  }

  private static MeshException unusable(String where, String cluster) {
    // no cause: a parser's message may quote the file, credentials included
    return new MeshException(ErrorCode.CONFIGURATION,
        where + " of cluster " + cluster + " is not a usable kubeconfig");
  }

  private OAuthTokenProvider tokenProvider(String cluster, ClusterCredentials credentials) {
    if (credentials.tokenFile().isPresent()) {
      return fileToken(cluster, Path.of(credentials.tokenFile().get()));
    }
    Supplier<char[]> supplier = provider(cluster, credentials.tokenProvider().orElseThrow(), "token");
    return () -> {
      char[] token = supplier.get();
      if (token == null || token.length == 0) {
        throw new MeshException(ErrorCode.CONFIGURATION, "the token provider '"
            + credentials.tokenProvider().get() + "' of cluster " + cluster + " supplied no token");
      }
      try {
        return new String(token).trim();
      } finally {
        Arrays.fill(token, '\0');
      }
    };
  }

  private static OAuthTokenProvider fileToken(String cluster, Path file) {
    if (!Files.isReadable(file)) {
      throw new MeshException(ErrorCode.CONFIGURATION,
          "the token file " + file + " of cluster " + cluster + " cannot be read");
    }
    // read for every request, so that rotated (projected) tokens are picked up
    return () -> {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new MeshException(ErrorCode.CONFIGURATION,
            "the token file " + file + " of cluster " + cluster + " cannot be read");
      }
    };
  }

  private Optional<String> ca(String cluster, ClusterCredentials credentials) {
    if (credentials.caProvider().isPresent()) {
      char[] pem = provider(cluster, credentials.caProvider().get(), "CA certificate").get();
      if (pem == null || pem.length == 0) {
        throw new MeshException(ErrorCode.CONFIGURATION, "the CA provider '"
            + credentials.caProvider().get() + "' of cluster " + cluster + " supplied nothing");
      }
      try {
        byte[] bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pem)).array();
        return Optional.of("data:" + Base64.getEncoder().encodeToString(bytes).trim());
      } finally {
        Arrays.fill(pem, '\0');
      }
    }
    return credentials.caFile().map(file -> {
      if (!Files.isReadable(Path.of(file))) {
        throw new MeshException(ErrorCode.CONFIGURATION,
            "the CA file " + file + " of cluster " + cluster + " cannot be read");
      }
      return "file:" + file;
    });
  }

  private Supplier<char[]> provider(String cluster, String name, String what) {
    Supplier<char[]> supplier = providers.get(name);
    if (supplier == null) {
      throw new MeshException(ErrorCode.CONFIGURATION, "cluster " + cluster + " takes its " + what
          + " from the provider '" + name + "', which the Kubernetes connector does not know;"
          + " register it with KubernetesClusterConnector.builder().credentialProvider(\"" + name
          + "\", ...)");
    }
    return supplier;
  }

  private static Config token(String cluster, String server, OAuthTokenProvider token, Optional<String> ca) {
    ConfigBuilder builder = new ConfigBuilder(Config.empty())
        .withMasterUrl(server)
        .withOauthTokenProvider(token);
    if (ca.isPresent()) {
      String value = ca.get();
      if (value.startsWith("data:")) {
        builder.withCaCertData(value.substring("data:".length()));
      } else {
        builder.withCaCertFile(value.substring("file:".length()));
      }
    }
    return builder.build();
  }

  private Config inCluster(String cluster) {
    Optional<String> server = serviceAccount.server();
    if (server.isEmpty()) {
      throw new MeshException(ErrorCode.CONFIGURATION, "cluster " + cluster + " uses in-cluster"
          + " credentials, but KUBERNETES_SERVICE_HOST is not set: the SDK does not run in a pod");
    }
    Path ca = serviceAccount.caFile();
    return token(cluster, server.get(), fileToken(cluster, serviceAccount.tokenFile()),
        Files.isReadable(ca) ? Optional.of("file:" + ca) : Optional.empty());
  }

  private static int millis(long millis) {
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }

  /** Where a pod's service account and API server are found. */
  public static final class ServiceAccount {
    private final Optional<String> host;
    private final String port;
    private final Path directory;

    /**
     * Describes a service account.
     *
     * @param host the API server's host, or {@code null} outside a pod
     * @param port the API server's port
     * @param directory the folder holding {@code token} and {@code ca.crt}
     */
    public ServiceAccount(String host, String port, Path directory) {
      this.host = Optional.ofNullable(host).filter(h -> !h.isBlank());
      this.port = port == null || port.isBlank() ? "443" : port;
      this.directory = directory;
    }

    /**
     * The service account of the pod the JVM runs in.
     *
     * @return the standard locations
     */
    public static ServiceAccount fromEnvironment() {
      return new ServiceAccount(System.getenv("KUBERNETES_SERVICE_HOST"),
          System.getenv("KUBERNETES_SERVICE_PORT"),
          new File("/var/run/secrets/kubernetes.io/serviceaccount").toPath());
    }

    Optional<String> server() {
      return host.map(h -> "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    Path tokenFile() {
      return directory.resolve("token");
    }

    Path caFile() {
      return directory.resolve("ca.crt");
    }
  }
}
