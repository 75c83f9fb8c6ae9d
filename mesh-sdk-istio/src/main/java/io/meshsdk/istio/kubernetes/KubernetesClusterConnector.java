package io.meshsdk.istio.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.istio.internal.kubernetes.ClientConfigs;
import io.meshsdk.istio.internal.kubernetes.KubernetesClients;
import io.meshsdk.istio.internal.kubernetes.KubernetesConnection;
import io.meshsdk.istio.internal.kubernetes.TokenBucket;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches real clusters over the Kubernetes API (fabric8 kubernetes-client). Each registered
 * cluster's credential reference is resolved when the engine first connects to it, never
 * earlier and never stored; writes use server-side apply as field manager {@code mesh-sdk}; each
 * cluster has its own client-side rate limit and timeouts.
 *
 * <pre>{@code
 * KubernetesClusterConnector connector = KubernetesClusterConnector.builder()
 *     .defaults(o -> o.qps(50).burst(100))                         // every cluster
 *     .cluster("edge-1", o -> o.qps(5).writeStrategy(WriteStrategy.UPDATE))
 *     .secretsFrom(ClusterSpec.builder().name("gsc").kubeconfig(Path.of("gsc.yaml")).build())
 *     .credentialProvider("vault-bj", () -> vault.read("clusters/bj-1/token"))
 *     .build();
 * MeshManager meshes = MeshManager.builder().connector(connector).build();
 * }</pre>
 *
 * <p>Thread-safe. Connections are opened and pooled by the manager, one per cluster, and closed
 * with it.
 *
 * @since 0.1.0
 */
public final class KubernetesClusterConnector implements ClusterConnector {
  /** The connector's identifier. */
  public static final String ID = "kubernetes";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterConnector.class);

  private final List<Consumer<ClusterOptions.Builder>> defaults;
  private final Map<String, List<Consumer<ClusterOptions.Builder>>> perCluster;
  private final ClientConfigs configs;
  private final Clock clock;

  private KubernetesClusterConnector(Builder b) {
    this.defaults = List.copyOf(b.defaults);
    Map<String, List<Consumer<ClusterOptions.Builder>>> clusters = new HashMap<>();
    b.perCluster.forEach((name, list) -> clusters.put(name, List.copyOf(list)));
    this.perCluster = Map.copyOf(clusters);
    this.configs = new ClientConfigs(b.providers, b.gscClient, b.gscSpec,
        ClientConfigs.ServiceAccount.fromEnvironment(), b.clock);
    this.clock = b.clock;
  }

  /**
   * Starts a connector.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * The options in force for a cluster: the defaults, then what was set for that cluster.
   *
   * @param cluster the cluster's name
   * @return the options
   */
  public ClusterOptions options(String cluster) {
    ClusterOptions.Builder options = ClusterOptions.builder();
    defaults.forEach(c -> c.accept(options));
    perCluster.getOrDefault(cluster, List.of()).forEach(c -> c.accept(options));
    return options.build();
  }

  /**
   * Resolves the cluster's credential reference and opens a client. No request is sent yet;
   * an unreachable cluster shows on first use or in {@link ClusterConnection#health()}.
   *
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#CONFIGURATION} when the
   *     credential reference cannot be used: a missing file, Secret or provider, a provider that
   *     failed, a kubeconfig whose context, cluster, server or user is missing, or a kubeconfig
   *     Secret that names a command (see {@link ClusterOptions#allowSecretKubeconfigCommands()})
   */
  @Override
  public ClusterConnection connect(ClusterSpec cluster) {
    ClusterOptions options = options(cluster.name());
    Config config = configs.resolve(cluster, options);
    LOG.debug("connecting to cluster {} at {} ({} credentials, {})", cluster.name(),
        config.getMasterUrl(), cluster.credentials().source(), options);
    identify(config);
    TokenBucket limiter = TokenBucket.system(options.qps(), options.burst());
    Runnable onServerFlowControl = options.deferToServerFlowControl() ? () -> {
      if (!limiter.lifted()) {
        limiter.lift();
        LOG.debug("cluster {} runs API Priority and Fairness; its client-side rate limit is lifted", cluster.name());
      }
    } : null;
    KubernetesClient client = KubernetesClients.build(config, clock, onServerFlowControl);
    return new KubernetesConnection(cluster.name(), client, options, limiter, clock);
  }

  /**
   * Opens a fabric8 client of a cluster as the connector opens its own: the credential reference
   * resolved and checked the same way, the cluster's timeouts, and no HTTP logging, so that no
   * token, Secret or kubeconfig reaches a log whatever the log levels. Use it for the client of
   * a {@link KubernetesMeshStore} or of {@link Builder#secretsFrom(KubernetesClient)}: a client
   * built with fabric8's own {@code KubernetesClientBuilder} logs every request, its {@code
   * Authorization} header and its body when the logger {@code
   * io.fabric8.kubernetes.client.http.HttpLoggingInterceptor} is at TRACE.
   *
   * @param cluster the cluster
   * @return a new client; the caller closes it
   * @throws io.meshsdk.MeshException with {@link io.meshsdk.ErrorCode#CONFIGURATION} when the
   *     credential reference cannot be used
   * @since 0.2.0
   */
  public KubernetesClient openClient(ClusterSpec cluster) {
    Config config = configs.resolve(cluster, options(cluster.name()));
    identify(config);
    return KubernetesClients.build(config, clock);
  }

  /**
   * Names mesh-sdk first in the User-Agent header. API servers record a create, update or patch
   * that names no field manager under the first word of the agent, so this attributes every write
   * of the SDK to {@value ApplyOptions#FIELD_MANAGER} (the writes that name it do so too), and
   * audit logs show who called.
   */
  private static void identify(Config config) {
    String agent = config.getUserAgent();
    if (agent == null || !agent.startsWith(ApplyOptions.FIELD_MANAGER + "/")) {
      String version = Optional.ofNullable(KubernetesClusterConnector.class.getPackage().getImplementationVersion())
          .orElse("dev");
      config.setUserAgent(ApplyOptions.FIELD_MANAGER + "/" + version + (agent == null || agent.isBlank() ? "" : " " + agent));
    }
  }

  @Override
  public String toString() {
    return "KubernetesClusterConnector{defaults=" + options("") + ", clusters=" + perCluster.keySet() + "}";
  }

  /** Builds a {@link KubernetesClusterConnector}. */
  public static final class Builder {
    private final List<Consumer<ClusterOptions.Builder>> defaults = new ArrayList<>();
    private final Map<String, List<Consumer<ClusterOptions.Builder>>> perCluster = new LinkedHashMap<>();
    private final Map<String, Supplier<char[]>> providers = new HashMap<>();
    private KubernetesClient gscClient;
    private ClusterSpec gscSpec;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * Sets options for every cluster. Calls add up; later settings win.
     *
     * @param options sets what differs from {@link ClusterOptions#defaults()}
     * @return this builder
     */
    public Builder defaults(Consumer<ClusterOptions.Builder> options) {
      defaults.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * Sets options for one cluster, over the {@linkplain #defaults(Consumer) defaults}.
     *
     * @param cluster the registered name
     * @param options sets what differs for this cluster
     * @return this builder
     */
    public Builder cluster(String cluster, Consumer<ClusterOptions.Builder> options) {
      perCluster.computeIfAbsent(Objects.requireNonNull(cluster, "cluster"), c -> new ArrayList<>())
          .add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * Registers a named supplier of a token or a PEM CA certificate, for clusters registered
     * with {@link io.meshsdk.cluster.ClusterCredentials#tokenFromProviders}. Token suppliers are
     * asked for every request, so they may rotate tokens; the returned array is zeroed after
     * use, so return a fresh one each time. Suppliers are held in memory only, never stored.
     *
     * @param name the name clusters refer to
     * @param supplier supplies the secret
     * @return this builder
     */
    public Builder credentialProvider(String name, Supplier<char[]> supplier) {
      providers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(supplier, "supplier"));
      return this;
    }

    /**
     * Reads kubeconfig Secrets from the Global Service Cluster with this client. The client
     * stays the caller's: the connector does not close it. Open it with {@link
     * KubernetesClusterConnector#openClient(ClusterSpec)} of a connector, so that it logs no
     * Secret at TRACE.
     *
     * @param gsc a client of the Global Service Cluster
     * @return this builder
     */
    public Builder secretsFrom(KubernetesClient gsc) {
      this.gscClient = Objects.requireNonNull(gsc, "gsc");
      return this;
    }

    /**
     * Reads kubeconfig Secrets from the Global Service Cluster, connecting to it for each read
     * and disconnecting after (reads happen once per cluster, when it is first used).
     *
     * @param gsc the Global Service Cluster; its own credentials must not be a Secret
     * @return this builder
     */
    public Builder secretsFrom(ClusterSpec gsc) {
      this.gscSpec = Objects.requireNonNull(gsc, "gsc");
      return this;
    }

    /**
     * Uses this clock for the timestamps of health reports; tests pass a fixed one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the connector, checking every cluster's options.
     *
     * @return the connector
     * @throws io.meshsdk.ValidationException if options are out of range
     */
    public KubernetesClusterConnector build() {
      KubernetesClusterConnector connector = new KubernetesClusterConnector(this);
      connector.options("");
      perCluster.keySet().forEach(connector::options);
      return connector;
    }
  }
}
