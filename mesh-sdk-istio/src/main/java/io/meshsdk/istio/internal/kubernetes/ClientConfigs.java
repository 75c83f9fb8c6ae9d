package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    Config config = base(spec, options);
    config.setRequestTimeout(millis(options.requestTimeout().toMillis()));
    config.setConnectionTimeout(millis(options.connectTimeout().toMillis()));
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private Config base(ClusterSpec spec, ClusterOptions options) {
    ClusterCredentials credentials = spec.credentials();
    switch (credentials.source()) {
      case KUBECONFIG_FILE:
        return kubeconfigFile(spec, credentials, options);
      case KUBECONFIG_SECRET:
        return kubeconfigSecret(spec, credentials, options);
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

  private Config kubeconfigFile(ClusterSpec spec, ClusterCredentials credentials, ClusterOptions options) {
    Path path = Path.of(credentials.kubeconfigPath().orElseThrow());
    if (!Files.isReadable(path)) {
      throw new MeshException(ErrorCode.CONFIGURATION,
          "the kubeconfig file " + path + " of cluster " + spec.name() + " cannot be read");
    }
    String where = "the kubeconfig file " + path;
    io.fabric8.kubernetes.api.model.Config kubeconfig;
    try {
      // parsed from the file, so that relative paths and refreshes resolve against it
      kubeconfig = KubeConfigUtils.parseConfig(path.toFile());
    } catch (RuntimeException e) {
      throw unusable(where, spec.name());
    }
    if (kubeconfig == null) {
      throw unusable(where, spec.name());
    }
    // the platform's own file: commands it names are the platform's to run
    return merge(kubeconfig, credentials.context().orElse(null), where, spec.name(), true, path.toFile(), options);
  }

  private Config kubeconfigSecret(ClusterSpec spec, ClusterCredentials credentials, ClusterOptions options) {
    String namespace = credentials.secretNamespace().orElseThrow();
    String name = credentials.secretName().orElseThrow();
    String where = "the Secret " + namespace + "/" + name;
    String text = readSecret(spec, namespace, name, where);
    io.fabric8.kubernetes.api.model.Config kubeconfig;
    try {
      kubeconfig = KubeConfigUtils.parseConfigFromString(text);
    } catch (RuntimeException e) {
      throw unusable("the kubeconfig in " + where, spec.name());
    }
    if (kubeconfig == null) {
      throw unusable("the kubeconfig in " + where, spec.name());
    }
    return merge(kubeconfig, credentials.context().orElse(null), "the kubeconfig in " + where, spec.name(),
        options.allowSecretKubeconfigCommands(), null, options);
  }

  /**
   * Checks the parts of a kubeconfig that the chosen context uses, then builds the config. Checks
   * come first because fabric8 runs a user's {@code exec} command while it builds the config, and
   * because fabric8 fills in what is missing: a cluster without a server would reach {@code
   * https://kubernetes.default.svc}, the cluster the platform itself runs in. An {@code exec}
   * plugin is run by {@link ExecCredentialPlugin}, not by fabric8, which skips it when the config
   * already has a token provider.
   */
  private Config merge(io.fabric8.kubernetes.api.model.Config kubeconfig, String wanted, String where,
      String cluster, boolean commandsAllowed, File file, ClusterOptions options) {
    String prefix = where + " of cluster " + cluster;
    String contextName = wanted != null ? wanted : kubeconfig.getCurrentContext();
    if (contextName == null || contextName.isBlank()) {
      throw new MeshException(ErrorCode.CONFIGURATION, prefix + " has no current-context; name the"
          + " context to use when registering the cluster");
    }
    NamedContext context = named(kubeconfig.getContexts(), NamedContext::getName, contextName);
    if (context == null || context.getContext() == null) {
      throw new MeshException(ErrorCode.CONFIGURATION, prefix + " has no context '" + contextName + "'");
    }
    String clusterName = context.getContext().getCluster();
    NamedCluster namedCluster = clusterName == null ? null
        : named(kubeconfig.getClusters(), NamedCluster::getName, clusterName);
    if (namedCluster == null) {
      throw new MeshException(ErrorCode.CONFIGURATION, "context '" + contextName + "' of " + prefix
          + (clusterName == null || clusterName.isBlank() ? " names no cluster"
              : " names the cluster '" + clusterName + "', which is not in its clusters"));
    }
    String server = namedCluster.getCluster() == null ? null : namedCluster.getCluster().getServer();
    if (server == null || server.isBlank()) {
      throw new MeshException(ErrorCode.CONFIGURATION, "clusters['" + clusterName + "'].cluster.server of "
          + prefix + " is missing; the SDK does not fall back to https://kubernetes.default.svc, the"
          + " cluster it runs in");
    }
    String userName = context.getContext().getUser();
    NamedAuthInfo user = null;
    if (userName != null && !userName.isBlank()) {
      user = named(kubeconfig.getUsers(), NamedAuthInfo::getName, userName);
      if (user == null) {
        throw new MeshException(ErrorCode.CONFIGURATION, "context '" + contextName + "' of " + prefix
            + " names the user '" + userName + "', which is not in its users");
      }
      if (!commandsAllowed) {
        refuseCommands(user, prefix);
      }
    }
    Config config = Config.empty();
    ExecCredentialPlugin.Credential fromPlugin = null;
    AuthInfo auth = user == null ? null : user.getUser();
    // fabric8 would run the plugin unless the user has an auth-provider and no token
    if (auth != null && auth.getExec() != null
        && !((auth.getToken() == null || auth.getToken().isEmpty()) && auth.getAuthProvider() != null)) {
      ExecCredentialPlugin plugin = new ExecCredentialPlugin(auth.getExec(), file,
          "users['" + user.getName() + "'].user.exec of " + prefix, options.requestTimeout(), clock);
      fromPlugin = plugin.run();
      // a certificate is fixed for the client's life; no token provider then, and no refresh
      config.setOauthTokenProvider(fromPlugin.token() != null ? plugin.tokens(fromPlugin) : () -> null);
    }
    try {
      KubeConfigUtils.merge(config, contextName, kubeconfig);
    } catch (RuntimeException e) {
      throw unusable(where, cluster);
    }
    if (fromPlugin != null && fromPlugin.token() == null) {
      config.setClientCertData(fromPlugin.certificate());
      config.setClientKeyData(fromPlugin.key());
      config.setClientKeyAlgo(Config.getKeyAlgorithm(null, fromPlugin.key()));
    }
    return config;
  }

  /** A kubeconfig from a Secret comes from whoever may write that Secret, not from the platform. */
  private static void refuseCommands(NamedAuthInfo user, String prefix) {
    AuthInfo auth = user.getUser();
    String field = null;
    if (auth != null && auth.getExec() != null) {
      field = "users['" + user.getName() + "'].user.exec";
    } else if (auth != null && auth.getAuthProvider() != null && auth.getAuthProvider().getConfig() != null
        && auth.getAuthProvider().getConfig().containsKey("cmd-path")) {
      field = "users['" + user.getName() + "'].user.auth-provider.config.cmd-path";
    }
    if (field != null) {
      throw new MeshException(ErrorCode.CONFIGURATION, field + " of " + prefix + " names a command to"
          + " run on the platform's host, and commands from kubeconfig Secrets are refused; give the"
          + " cluster a token or client certificate, or allow them with"
          + " ClusterOptions.Builder.allowSecretKubeconfigCommands(true) if only the platform can"
          + " write these Secrets");
    }
  }

  private static <T> T named(List<T> entries, Function<T, String> name, String wanted) {
    if (entries == null) {
      return null;
    }
    for (T entry : entries) {
      if (entry != null && wanted.equals(name.apply(entry))) {
        return entry;
      }
    }
    return null;
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

  private static MeshException unusable(String where, String cluster) {
    // no cause: a parser's message may quote the file, credentials included
    return new MeshException(ErrorCode.CONFIGURATION,
        where + " of cluster " + cluster + " is not a usable kubeconfig");
  }

  private OAuthTokenProvider tokenProvider(String cluster, ClusterCredentials credentials) {
    if (credentials.tokenFile().isPresent()) {
      return fileToken(cluster, Path.of(credentials.tokenFile().get()));
    }
    String name = credentials.tokenProvider().orElseThrow();
    Supplier<char[]> supplier = provider(cluster, name, "token");
    return () -> {
      char[] token = ask(supplier, cluster, name, "token");
      if (token == null || token.length == 0) {
        throw new MeshException(ErrorCode.CONFIGURATION, "the token provider '"
            + name + "' of cluster " + cluster + " supplied no token");
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
      String name = credentials.caProvider().get();
      char[] pem = ask(provider(cluster, name, "CA certificate"), cluster, name, "CA certificate");
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

  /**
   * Asks a provider for a secret. A provider that throws is a configuration fault of the cluster,
   * retryable only when the provider said so with a retryable {@link MeshException}; the
   * provider's exception is kept as the cause, and the message says nothing it supplied.
   */
  private static char[] ask(Supplier<char[]> supplier, String cluster, String name, String what) {
    try {
      return supplier.get();
    } catch (RuntimeException e) {
      throw new ProviderFailure("the " + what + " provider '" + name + "' of cluster " + cluster
          + " failed (" + e.getClass().getName()
          + (e instanceof MeshException ? " " + ((MeshException) e).code() : "")
          + "); the cluster cannot be reached until it supplies a " + what, e);
    }
  }

  /** A credential provider that failed: a configuration error, as retryable as its cause. */
  private static final class ProviderFailure extends MeshException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    ProviderFailure(String message, RuntimeException cause) {
      super(ErrorCode.CONFIGURATION, message, cause);
      this.retryable = cause instanceof MeshException && ((MeshException) cause).retryable();
    }

    @Override
    public boolean retryable() {
      return retryable;
    }
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
