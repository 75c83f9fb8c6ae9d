package io.meshsdk.spring.autoconfigure;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshManagerBuilder;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.core.InMemoryMeshStore;
import io.meshsdk.event.MeshListener;
import io.meshsdk.istio.kubernetes.KubernetesClusterConnector;
import io.meshsdk.istio.kubernetes.KubernetesMeshStore;
import io.meshsdk.istio.prometheus.PrometheusTelemetrySource;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.MeshManagerSettings;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.TelemetrySource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Creates a {@link MeshManager} from the {@code meshsdk.*} properties ({@link MeshSdkProperties}),
 * with the connector, store and telemetry source they describe, and registers the clusters they
 * list. Each bean backs off when the application defines its own of the same type, so a platform
 * can, for example, keep the properties for clusters and store but define a {@link
 * KubernetesClusterConnector} with its own credential providers, or define the whole {@code
 * MeshManager} itself.
 *
 * <p>Properties are checked as a whole before anything is created: an invalid one fails the
 * startup with a {@link ValidationException} naming every offending property, and nothing is
 * registered. The manager is closed when the application context closes.
 *
 * <p>An application that defines its own {@code MeshManager} bean turns this configuration off as
 * a whole (the properties are then not read); the health contributors still report on its
 * manager.
 *
 * @since 0.2.0
 */
@AutoConfiguration
@ConditionalOnMissingBean(MeshManager.class)
@EnableConfigurationProperties(MeshSdkProperties.class)
public class MeshSdkAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public MeshSdkAutoConfiguration() {}

  @Bean
  MeshSdkClusters meshSdkClusters(MeshSdkProperties properties) {
    return MeshSdkClusters.from(properties);
  }

  /**
   * The connector to the clusters: Kubernetes or in-memory, as {@code meshsdk.connector.type}
   * says.
   *
   * @param properties the properties
   * @param clusters the checked clusters of the properties
   * @return the connector
   */
  @Bean
  @ConditionalOnMissingBean
  public ClusterConnector meshSdkClusterConnector(MeshSdkProperties properties, MeshSdkClusters clusters) {
    MeshSdkProperties.ConnectorType type = properties.getConnector().getType();
    if (type == MeshSdkProperties.ConnectorType.AUTO) {
      type = properties.getStore().getType() == MeshSdkProperties.StoreType.KUBERNETES || clusters.anyCredentials()
          ? MeshSdkProperties.ConnectorType.KUBERNETES
          : MeshSdkProperties.ConnectorType.IN_MEMORY;
    }
    if (type == MeshSdkProperties.ConnectorType.IN_MEMORY) {
      return new InMemoryClusterConnector();
    }
    return kubernetesConnector(properties.getConnector(), clusters);
  }

  private static KubernetesClusterConnector kubernetesConnector(MeshSdkProperties.Connector connector,
      MeshSdkClusters clusters) {
    KubernetesClusterConnector.Builder builder = KubernetesClusterConnector.builder().defaults(o -> {
      if (connector.getQps() != null) {
        o.qps(connector.getQps());
      }
      if (connector.getBurst() != null) {
        o.burst(connector.getBurst());
      }
      if (connector.getRequestTimeout() != null) {
        o.requestTimeout(connector.getRequestTimeout());
      }
      if (connector.getConnectTimeout() != null) {
        o.connectTimeout(connector.getConnectTimeout());
      }
    });
    clusters.gsc().ifPresent(builder::secretsFrom);
    try {
      return builder.build();
    } catch (ValidationException e) {
      throw prefixed("meshsdk.connector", e, Map.of());
    }
  }

  /**
   * The store of the registry: in memory, a directory or the Global Service Cluster, as {@code
   * meshsdk.store.type} says.
   *
   * @param properties the properties
   * @param clusters the checked clusters of the properties
   * @param gscClient the client of the Global Service Cluster, for a Kubernetes store
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean
  public MeshStore meshSdkStore(MeshSdkProperties properties, MeshSdkClusters clusters,
      ObjectProvider<GlobalServiceClusterClient> gscClient) {
    MeshSdkProperties.Store store = properties.getStore();
    switch (store.getType()) {
      case DIRECTORY:
        return new DirectoryMeshStore(store.getDirectory());
      case KUBERNETES:
        return new KubernetesMeshStore(gscClient.getObject().client(), store.getNamespace());
      default:
        return new InMemoryMeshStore();
    }
  }

  /**
   * The client of the Global Service Cluster that a Kubernetes store uses; closed with the
   * application context.
   *
   * @param clusters the checked clusters of the properties
   * @param connector the connector, whose credential handling opens the client when it is the
   *     Kubernetes connector
   * @return the client's holder
   */
  @Bean
  @ConditionalOnProperty(prefix = "meshsdk.store", name = "type", havingValue = "kubernetes")
  GlobalServiceClusterClient meshSdkGlobalServiceClusterClient(MeshSdkClusters clusters,
      ObjectProvider<ClusterConnector> connector) {
    KubernetesClusterConnector opener = connector.getIfAvailable() instanceof KubernetesClusterConnector
        ? (KubernetesClusterConnector) connector.getIfAvailable()
        : KubernetesClusterConnector.builder().build();
    // MeshSdkClusters.from has already refused a kubernetes store without a Global Service Cluster
    return new GlobalServiceClusterClient(opener.openClient(clusters.gsc().orElseThrow()));
  }

  /**
   * The Prometheus that topology is read from, when {@code meshsdk.prometheus.url} is set.
   *
   * @param properties the properties
   * @return the telemetry source
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "meshsdk.prometheus", name = "url")
  public TelemetrySource meshSdkTelemetrySource(MeshSdkProperties properties) {
    MeshSdkProperties.Prometheus prometheus = properties.getPrometheus();
    PrometheusTelemetrySource.Builder builder = PrometheusTelemetrySource.builder().baseUrl(prometheus.getUrl());
    if (prometheus.getTokenFile() != null) {
      builder.bearerTokenFile(prometheus.getTokenFile());
    }
    if (prometheus.getRequestTimeout() != null) {
      builder.requestTimeout(prometheus.getRequestTimeout());
    }
    if (prometheus.getConnectTimeout() != null) {
      builder.connectTimeout(prometheus.getConnectTimeout());
    }
    try {
      return builder.build();
    } catch (ValidationException e) {
      throw prefixed("meshsdk.prometheus", e, Map.of("baseUrl", "url", "bearerToken", "token-file"));
    }
  }

  /**
   * The manager, with the clusters of {@code meshsdk.clusters} registered unless they already
   * were. Closed with the application context.
   *
   * @param properties the properties
   * @param clusters the checked clusters of the properties
   * @param connector the connector
   * @param store the store
   * @param telemetry the telemetry source, if any
   * @param listeners the application's listeners, such as the Micrometer one that {@link
   *     MeshSdkMetricsAutoConfiguration} defines; told in their {@code @Order}
   * @return the manager
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public MeshManager meshManager(MeshSdkProperties properties, MeshSdkClusters clusters,
      ClusterConnector connector, MeshStore store, ObjectProvider<TelemetrySource> telemetry,
      ObjectProvider<MeshListener> listeners) {
    MeshManagerBuilder builder = MeshManager.builder().connector(connector).store(store);
    telemetry.ifAvailable(builder::telemetry);
    listeners.orderedStream().forEach(builder::listener);
    if (properties.getApplyParallelism() != null) {
      builder.applyParallelism(properties.getApplyParallelism());
    }
    if (properties.getWritesPerCluster() != null) {
      builder.writesPerCluster(properties.getWritesPerCluster());
    }
    MeshSdkProperties.Retries retries = properties.getRetries();
    if (retries.getMaxAttempts() != null || retries.getInitialBackoff() != null) {
      MeshManagerSettings defaults = MeshManagerSettings.builder().build();
      int attempts = retries.getMaxAttempts() != null ? retries.getMaxAttempts() : defaults.maxAttempts();
      Duration backoff = retries.getInitialBackoff() != null ? retries.getInitialBackoff() : defaults.initialBackoff();
      builder.retries(attempts, backoff);
    }
    MeshManager manager;
    try {
      manager = builder.build();
    } catch (ValidationException e) {
      throw prefixed("meshsdk", e, Map.of("maxAttempts", "retries.max-attempts",
          "initialBackoff", "retries.initial-backoff"));
    }
    try {
      clusters.registerAbsent(manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return manager;
  }

  /** The SDK's violations under the names of the properties that caused them. */
  private static ValidationException prefixed(String prefix, ValidationException e, Map<String, String> renamed) {
    List<Violation> violations = e.violations().stream()
        .map(v -> Violation.of(prefix + "." + renamed.getOrDefault(v.field(), kebab(v.field())), v.message()))
        .collect(Collectors.toList());
    return new ValidationException("meshsdk properties", violations);
  }

  /** {@code requestTimeout} as the property {@code request-timeout}. */
  private static String kebab(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Holds the Global Service Cluster's client of a Kubernetes store and closes it. */
  static final class GlobalServiceClusterClient implements AutoCloseable {
    private final KubernetesClient client;

    GlobalServiceClusterClient(KubernetesClient client) {
      this.client = client;
    }

    KubernetesClient client() {
      return client;
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
