package io.meshsdk.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code meshsdk.*} properties from which the starter builds its {@link io.meshsdk.MeshManager}.
 * Every property is optional: without any, the manager keeps its registry in memory and reaches
 * embedded in-memory clusters, which is what a first start or a demo wants.
 *
 * <pre>{@code
 * meshsdk:
 *   gsc:
 *     kubeconfig: /etc/platform/gsc.yaml
 *   store:
 *     type: kubernetes
 *     namespace: mesh-system
 *   connector:
 *     qps: 50
 *     burst: 100
 *   clusters:
 *     - name: mcpc-1
 *       kubeconfig: /etc/platform/clusters.yaml
 *       context: mcpc-1
 *     - name: bj-1
 *       secret:
 *         namespace: mesh-system
 *         name: bj-1-kubeconfig
 *       network: net-bj
 *       region: cn-north
 *   prometheus:
 *     url: https://prometheus.monitoring.svc:9090
 *     token-file: /var/run/secrets/prometheus/token
 * }</pre>
 *
 * <p>Credentials are only ever referenced (a kubeconfig file, a Secret, a token file), never
 * written here; {@link #toString()} prints no credential either.
 *
 * @since 0.2.0
 */
@ConfigurationProperties(prefix = "meshsdk")
public class MeshSdkProperties {

  /**
   * Clusters to register when the application starts, unless a cluster of the same name is
   * already registered (by an earlier start or by another replica sharing the store); a
   * registered cluster is never changed or removed from here.
   */
  private List<Cluster> clusters = new ArrayList<>();

  /** Where the registry of clusters and meshes is kept. */
  private final Store store = new Store();

  /** How clusters are reached. */
  private final Connector connector = new Connector();

  /**
   * The Global Service Cluster: where a Kubernetes store keeps its objects and where kubeconfig
   * Secrets of clusters are read from.
   */
  private final Gsc gsc = new Gsc();

  /** The Prometheus that the topology is read from. */
  private final Prometheus prometheus = new Prometheus();

  /**
   * How many clusters a plan is applied to at once; the SDK's default (4) when unset. Raise it
   * for meshes with many members when the API servers can take the load.
   */
  private Integer applyParallelism;

  /**
   * How many objects of one kind are written to one cluster at once; the SDK's default (8) when
   * unset. Kinds are still written one after the other.
   */
  private Integer writesPerCluster;

  /** How writes that fail transiently are retried. */
  private final Retries retries = new Retries();

  /**
   * The clusters to register at startup.
   *
   * @return the clusters, in the order given
   */
  public List<Cluster> getClusters() {
    return clusters;
  }

  /**
   * Sets the clusters to register at startup.
   *
   * @param clusters the clusters
   */
  public void setClusters(List<Cluster> clusters) {
    this.clusters = clusters;
  }

  /**
   * The store settings.
   *
   * @return the store settings
   */
  public Store getStore() {
    return store;
  }

  /**
   * The connector settings.
   *
   * @return the connector settings
   */
  public Connector getConnector() {
    return connector;
  }

  /**
   * The Global Service Cluster settings.
   *
   * @return the Global Service Cluster settings
   */
  public Gsc getGsc() {
    return gsc;
  }

  /**
   * The Prometheus settings.
   *
   * @return the Prometheus settings
   */
  public Prometheus getPrometheus() {
    return prometheus;
  }

  /**
   * How many clusters a plan is applied to at once.
   *
   * @return the parallelism, or {@code null} for the SDK's default
   */
  public Integer getApplyParallelism() {
    return applyParallelism;
  }

  /**
   * Sets how many clusters a plan is applied to at once.
   *
   * @param applyParallelism 1 to 256
   */
  public void setApplyParallelism(Integer applyParallelism) {
    this.applyParallelism = applyParallelism;
  }

  /**
   * How many objects of one kind are written to one cluster at once.
   *
   * @return the bound, or {@code null} for the SDK's default
   */
  public Integer getWritesPerCluster() {
    return writesPerCluster;
  }

  /**
   * Sets how many objects of one kind are written to one cluster at once.
   *
   * @param writesPerCluster 1 to 64
   */
  public void setWritesPerCluster(Integer writesPerCluster) {
    this.writesPerCluster = writesPerCluster;
  }

  /**
   * The retry settings.
   *
   * @return the retry settings
   */
  public Retries getRetries() {
    return retries;
  }

  /** Prints every setting but no credential: URLs lose their user information. */
  @Override
  public String toString() {
    return "MeshSdkProperties{clusters=" + clusters + ", store=" + store + ", connector=" + connector
        + ", gsc=" + gsc + ", prometheus=" + prometheus + ", applyParallelism=" + applyParallelism + ", writesPerCluster=" + writesPerCluster
        + ", retries=" + retries + "}";
  }

  /** Removes the user information ({@code user:password@}) of a URL, for printing. */
  static String withoutUserInfo(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return "<unparseable URL>";
    }
  }

  /**
   * A cluster to register: its name, how to reach it and where it sits. Give at most one of
   * {@code kubeconfig}, {@code secret} and {@code in-cluster}; a cluster with none of them is
   * reached without credentials, which only the in-memory connector accepts.
   *
   * @since 0.2.0
   */
  public static class Cluster {
    /** The cluster's name, unique in the registry; a DNS-1123 label such as bj-1. */
    private String name;

    /**
     * A kubeconfig file on the machine the application runs on, holding the cluster's
     * credentials. Only the path is stored in the registry, never the file's content.
     */
    private Path kubeconfig;

    /**
     * The context of the kubeconfig (file or Secret) to use; the kubeconfig's current context
     * when unset.
     */
    private String context;

    /** A kubeconfig held in a Secret of the Global Service Cluster, under the key kubeconfig. */
    private final SecretRef secret = new SecretRef();

    /**
     * Whether the cluster is the one the application runs in, reached with the pod's service
     * account.
     */
    private boolean inCluster;

    /**
     * The Istio network of the cluster's pods; leave unset when all clusters share one flat
     * network.
     */
    private String network;

    /** The region, used for locality-aware load balancing. */
    private String region;

    /** The zone within the region. */
    private String zone;

    /** Free-form labels for the platform's own bookkeeping. */
    private Map<String, String> labels = new LinkedHashMap<>();

    /**
     * The cluster's name.
     *
     * @return the name
     */
    public String getName() {
      return name;
    }

    /**
     * Sets the cluster's name.
     *
     * @param name a DNS-1123 label
     */
    public void setName(String name) {
      this.name = name;
    }

    /**
     * The kubeconfig file.
     *
     * @return the file, or {@code null}
     */
    public Path getKubeconfig() {
      return kubeconfig;
    }

    /**
     * Sets the kubeconfig file.
     *
     * @param kubeconfig the file
     */
    public void setKubeconfig(Path kubeconfig) {
      this.kubeconfig = kubeconfig;
    }

    /**
     * The kubeconfig context.
     *
     * @return the context, or {@code null} for the current one
     */
    public String getContext() {
      return context;
    }

    /**
     * Sets the kubeconfig context.
     *
     * @param context the context
     */
    public void setContext(String context) {
      this.context = context;
    }

    /**
     * The kubeconfig Secret.
     *
     * @return the Secret reference; empty unless set
     */
    public SecretRef getSecret() {
      return secret;
    }

    /**
     * Whether the pod's service account is used.
     *
     * @return {@code true} for the cluster the application runs in
     */
    public boolean isInCluster() {
      return inCluster;
    }

    /**
     * Sets whether the pod's service account is used.
     *
     * @param inCluster {@code true} for the cluster the application runs in
     */
    public void setInCluster(boolean inCluster) {
      this.inCluster = inCluster;
    }

    /**
     * The Istio network.
     *
     * @return the network, or {@code null}
     */
    public String getNetwork() {
      return network;
    }

    /**
     * Sets the Istio network.
     *
     * @param network the network
     */
    public void setNetwork(String network) {
      this.network = network;
    }

    /**
     * The region.
     *
     * @return the region, or {@code null}
     */
    public String getRegion() {
      return region;
    }

    /**
     * Sets the region.
     *
     * @param region the region
     */
    public void setRegion(String region) {
      this.region = region;
    }

    /**
     * The zone.
     *
     * @return the zone, or {@code null}
     */
    public String getZone() {
      return zone;
    }

    /**
     * Sets the zone.
     *
     * @param zone the zone
     */
    public void setZone(String zone) {
      this.zone = zone;
    }

    /**
     * The labels.
     *
     * @return the labels
     */
    public Map<String, String> getLabels() {
      return labels;
    }

    /**
     * Sets the labels.
     *
     * @param labels the labels
     */
    public void setLabels(Map<String, String> labels) {
      this.labels = labels;
    }

    @Override
    public String toString() {
      return "Cluster{name=" + name + ", kubeconfig=" + kubeconfig + ", context=" + context
          + ", secret=" + secret + ", inCluster=" + inCluster + ", network=" + network
          + ", region=" + region + ", zone=" + zone + ", labels=" + labels + "}";
    }
  }

  /**
   * A Secret of the Global Service Cluster holding a kubeconfig under the key {@code kubeconfig}.
   *
   * @since 0.2.0
   */
  public static class SecretRef {
    /** The Secret's namespace. */
    private String namespace;

    /** The Secret's name. */
    private String name;

    /**
     * The Secret's namespace.
     *
     * @return the namespace, or {@code null}
     */
    public String getNamespace() {
      return namespace;
    }

    /**
     * Sets the Secret's namespace.
     *
     * @param namespace the namespace
     */
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    /**
     * The Secret's name.
     *
     * @return the name, or {@code null}
     */
    public String getName() {
      return name;
    }

    /**
     * Sets the Secret's name.
     *
     * @param name the name
     */
    public void setName(String name) {
      this.name = name;
    }

    boolean isSet() {
      return namespace != null || name != null;
    }

    @Override
    public String toString() {
      return isSet() ? namespace + "/" + name : "none";
    }
  }

  /** Where the registry of clusters and meshes is kept. */
  public enum StoreType {
    /** In the application's memory: lost on restart and not shared between replicas. */
    IN_MEMORY,
    /** JSON files in a directory, which replicas on one machine or a shared volume may share. */
    DIRECTORY,
    /** ConfigMaps in a namespace of the Global Service Cluster, shared by every replica. */
    KUBERNETES
  }

  /**
   * Where the registry of clusters and meshes is kept.
   *
   * @since 0.2.0
   */
  public static class Store {
    /**
     * The kind of store. in-memory loses the registry on restart; use kubernetes
     * when several replicas share the registry.
     */
    private StoreType type = StoreType.IN_MEMORY;

    /** The directory of a directory store; created if missing. */
    private Path directory;

    /**
     * The namespace of the Global Service Cluster holding a kubernetes store's
     * ConfigMaps; it must exist.
     */
    private String namespace = "mesh-system";

    /**
     * The kind of store.
     *
     * @return the kind
     */
    public StoreType getType() {
      return type;
    }

    /**
     * Sets the kind of store.
     *
     * @param type the kind
     */
    public void setType(StoreType type) {
      this.type = type;
    }

    /**
     * The directory of a directory store.
     *
     * @return the directory, or {@code null}
     */
    public Path getDirectory() {
      return directory;
    }

    /**
     * Sets the directory of a directory store.
     *
     * @param directory the directory
     */
    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    /**
     * The namespace of a Kubernetes store.
     *
     * @return the namespace
     */
    public String getNamespace() {
      return namespace;
    }

    /**
     * Sets the namespace of a Kubernetes store.
     *
     * @param namespace the namespace
     */
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public String toString() {
      return "Store{type=" + type + ", directory=" + directory + ", namespace=" + namespace + "}";
    }
  }

  /** How clusters are reached. */
  public enum ConnectorType {
    /**
     * {@code kubernetes} when the store is a Kubernetes store or a configured cluster names a
     * credential, {@code in-memory} otherwise.
     */
    AUTO,
    /** Embedded in-memory clusters, for demos and tests; credentials are ignored. */
    IN_MEMORY,
    /** Real clusters over the Kubernetes API. */
    KUBERNETES
  }

  /**
   * How clusters are reached; the rate limit and timeouts apply to every cluster of the
   * Kubernetes connector. Unset values keep the connector's defaults.
   *
   * @since 0.2.0
   */
  public static class Connector {
    /** The kind of connector. */
    private ConnectorType type = ConnectorType.AUTO;

    /**
     * Requests per second to each cluster's API server, client-side; 50 when unset, and lifted
     * when the server runs API Priority and Fairness. Setting it keeps the limit in force. Lower
     * it for small API servers shared with other tenants.
     */
    private Double qps;

    /**
     * How many requests may go out at once above the steady rate; 300 when unset. Setting it
     * keeps the limit in force.
     */
    private Integer burst;

    /** How long one API request may take; 30s when unset. */
    private Duration requestTimeout;

    /** How long opening a connection to an API server may take; 10s when unset. */
    private Duration connectTimeout;

    /**
     * The kind of connector.
     *
     * @return the kind
     */
    public ConnectorType getType() {
      return type;
    }

    /**
     * Sets the kind of connector.
     *
     * @param type the kind
     */
    public void setType(ConnectorType type) {
      this.type = type;
    }

    /**
     * Requests per second to each cluster.
     *
     * @return the rate, or {@code null} for the default
     */
    public Double getQps() {
      return qps;
    }

    /**
     * Sets requests per second to each cluster.
     *
     * @param qps more than 0 and at most 10000
     */
    public void setQps(Double qps) {
      this.qps = qps;
    }

    /**
     * The burst above the steady rate.
     *
     * @return the burst, or {@code null} for the default
     */
    public Integer getBurst() {
      return burst;
    }

    /**
     * Sets the burst above the steady rate.
     *
     * @param burst 1 to 100000
     */
    public void setBurst(Integer burst) {
      this.burst = burst;
    }

    /**
     * The timeout of one API request.
     *
     * @return the timeout, or {@code null} for the default
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the timeout of one API request.
     *
     * @param requestTimeout a positive duration
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /**
     * The timeout of opening a connection.
     *
     * @return the timeout, or {@code null} for the default
     */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the timeout of opening a connection.
     *
     * @param connectTimeout a positive duration
     */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    @Override
    public String toString() {
      return "Connector{type=" + type + ", qps=" + qps + ", burst=" + burst + ", requestTimeout="
          + requestTimeout + ", connectTimeout=" + connectTimeout + "}";
    }
  }

  /**
   * The Global Service Cluster, reached through a kubeconfig file or the pod's service account.
   * Needed by a {@code kubernetes} store and by clusters whose kubeconfig is in a Secret.
   *
   * @since 0.2.0
   */
  public static class Gsc {
    /** A kubeconfig file of the Global Service Cluster; only the path is kept. */
    private Path kubeconfig;

    /** The kubeconfig context to use; the current context when unset. */
    private String context;

    /** Whether the application runs in the Global Service Cluster and uses its service account. */
    private boolean inCluster;

    /**
     * The kubeconfig file.
     *
     * @return the file, or {@code null}
     */
    public Path getKubeconfig() {
      return kubeconfig;
    }

    /**
     * Sets the kubeconfig file.
     *
     * @param kubeconfig the file
     */
    public void setKubeconfig(Path kubeconfig) {
      this.kubeconfig = kubeconfig;
    }

    /**
     * The kubeconfig context.
     *
     * @return the context, or {@code null}
     */
    public String getContext() {
      return context;
    }

    /**
     * Sets the kubeconfig context.
     *
     * @param context the context
     */
    public void setContext(String context) {
      this.context = context;
    }

    /**
     * Whether the pod's service account is used.
     *
     * @return {@code true} when running in the Global Service Cluster
     */
    public boolean isInCluster() {
      return inCluster;
    }

    /**
     * Sets whether the pod's service account is used.
     *
     * @param inCluster {@code true} when running in the Global Service Cluster
     */
    public void setInCluster(boolean inCluster) {
      this.inCluster = inCluster;
    }

    boolean isSet() {
      return kubeconfig != null || inCluster;
    }

    @Override
    public String toString() {
      return "Gsc{kubeconfig=" + kubeconfig + ", context=" + context + ", inCluster=" + inCluster + "}";
    }
  }

  /**
   * The Prometheus that holds Istio's standard metrics, for {@code mesh.topology()}. Without a
   * URL the manager has no telemetry source and reading a topology fails with a configuration
   * error.
   *
   * @since 0.2.0
   */
  public static class Prometheus {
    /** The base URL of Prometheus' HTTP API, for example https://prometheus:9090. */
    private String url;

    /**
     * A file holding the bearer token sent to Prometheus, read for every request so that a
     * rotated token is picked up.
     */
    private Path tokenFile;

    /** How long a query may take; 30s when unset. */
    private Duration requestTimeout;

    /** How long opening a connection may take; 5s when unset. */
    private Duration connectTimeout;

    /**
     * The base URL.
     *
     * @return the URL, or {@code null}
     */
    public String getUrl() {
      return url;
    }

    /**
     * Sets the base URL.
     *
     * @param url the URL
     */
    public void setUrl(String url) {
      this.url = url;
    }

    /**
     * The bearer token file.
     *
     * @return the file, or {@code null}
     */
    public Path getTokenFile() {
      return tokenFile;
    }

    /**
     * Sets the bearer token file.
     *
     * @param tokenFile the file
     */
    public void setTokenFile(Path tokenFile) {
      this.tokenFile = tokenFile;
    }

    /**
     * The query timeout.
     *
     * @return the timeout, or {@code null} for the default
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the query timeout.
     *
     * @param requestTimeout a positive duration
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    /**
     * The connect timeout.
     *
     * @return the timeout, or {@code null} for the default
     */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout a positive duration
     */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    @Override
    public String toString() {
      return "Prometheus{url=" + withoutUserInfo(url) + ", tokenFile=" + tokenFile
          + ", requestTimeout=" + requestTimeout + ", connectTimeout=" + connectTimeout + "}";
    }
  }

  /**
   * How writes that fail transiently (conflicts, throttling, 5xx, I/O) are retried.
   *
   * @since 0.2.0
   */
  public static class Retries {
    /** How many tries a write gets, 1 to 100 (1 disables retries); 5 when unset. */
    private Integer maxAttempts;

    /** The wait before the first retry, doubled with jitter after; 200ms when unset. */
    private Duration initialBackoff;

    /**
     * How many tries a write gets.
     *
     * @return the tries, or {@code null} for the default
     */
    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets how many tries a write gets.
     *
     * @param maxAttempts 1 to 100
     */
    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The wait before the first retry.
     *
     * @return the wait, or {@code null} for the default
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the wait before the first retry.
     *
     * @param initialBackoff a positive duration
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    @Override
    public String toString() {
      return "Retries{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + "}";
    }
  }
}
